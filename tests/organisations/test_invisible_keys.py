"""Names match as a reader sees them: invisible format characters (zero-width space, joiners, soft hyphen,
byte-order mark) do not make a second directory entry, and the migration re-keys what is stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, select, text

from forumops.core.text import fold_key, search_key
from forumops.organisations.models import Organisation
from forumops.registration.models import Registration

ZWSP, ZWNJ, ZWJ, SOFT_HYPHEN, BOM = "\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff"
THAI = "มูลนิธิเพื่อการพัฒนาชนบท"  # a rural development foundation, as typed
THAI_PASTED = "มูลนิธิ" + ZWSP + "เพื่อ" + ZWSP + "การพัฒนา" + ZWSP + "ชนบท"  # as copied from a web page


def test_invisible_characters_do_not_change_the_key():
    assert fold_key(THAI_PASTED) == fold_key(THAI)
    assert fold_key(f"Mekong{ZWSP}Institute") == fold_key("MekongInstitute")
    assert fold_key(f"{BOM}Oxfam Mekong") == fold_key("oxfam mekong")
    assert fold_key(f"Inter{SOFT_HYPHEN}national Labour Organization") == fold_key("International Labour Organization")
    assert fold_key(f"A {ZWJ} B") == fold_key("a b")  # no double space is left where one was dropped
    assert fold_key(f"ខ្មែរ{ZWNJ}") == fold_key("ខ្មែរ")


def test_visible_differences_still_count():
    assert fold_key("Mekong Institute") != fold_key("MekongInstitute")  # a space is seen
    assert fold_key("Hương") != fold_key("Huong")  # accents are part of a Vietnamese name
    assert search_key(f"Nguy{ZWSP}ễn") == search_key("Nguyen")  # search ignores both


def test_a_pasted_name_finds_the_directory_entry(db, create_forum, create_registration):
    forum = create_forum(status="registration_open")
    typed, _token = create_registration(forum, name="Somchai Rakdee", email="somchai@example.org", organisation=THAI,
                                        country="TH", notify=False)
    pasted, _token = create_registration(forum, name="Somchai Rakdee", email="malee@example.org",
                                         organisation=THAI_PASTED, country="TH", notify=False)
    db.session.commit()
    assert pasted.organisation_id == typed.organisation_id
    assert db.session.scalar(select(Organisation.name).where(Organisation.id == typed.organisation_id)) == THAI
    assert len(db.session.scalars(select(Organisation)).all()) == 1


@pytest.fixture
def old_database(tmp_path):
    """A SQLite database at the revision before this change, with keys made the old way."""
    from flask_migrate import upgrade

    from config import TestingConfig
    from forumops import create_app

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'old.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="a61146f0e5b3")
    return app, Config.SQLALCHEMY_DATABASE_URI


def test_migration_rekeys_without_merging(old_database):
    from flask_migrate import upgrade

    app, url = old_database
    engine = create_engine(url)
    rows = [  # id, name, old key (NFC, case-folded, invisible characters kept), country
        (1, "MekongInstitute", "mekonginstitute", "TH"),
        (2, f"Mekong{ZWSP}Institute", f"mekong{ZWSP}institute", "TH"),  # the same as 1 to a reader
        (3, THAI_PASTED, THAI_PASTED, "TH"),  # the only one of its name: takes the clean key
        (4, THAI_PASTED, THAI_PASTED, "LA"),  # another country, another entry
        (5, f"{BOM}Oxfam", f"{BOM}oxfam", "KH"),
        (6, f"Ox{SOFT_HYPHEN}fam", f"ox{SOFT_HYPHEN}fam", "KH"),  # would share 5's new key: 5 takes it first
    ]
    with engine.begin() as conn:
        for row in rows:
            conn.execute(text("INSERT INTO organisations (id, name, name_key, acronym, type, country, created_at, "
                              "updated_at) VALUES (:id, :name, :key, '', 'other', :country, :now, :now)"),
                         {"id": row[0], "name": row[1], "key": row[2], "country": row[3], "now": date(2026, 1, 1)})
        conn.execute(text("INSERT INTO forum_series (id, name, name_key, created_at, updated_at) "
                          "VALUES (1, :name, :key, :now, :now)"),
                     {"name": f"ASEAN{ZWSP} People's Forum", "key": f"asean{ZWSP} people's forum",
                      "now": date(2026, 1, 1)})
    with app.app_context():
        upgrade()
    with engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, name_key FROM organisations")).all())
        series_key = conn.execute(text("SELECT name_key FROM forum_series")).scalar()
    engine.dispose()
    assert keys[1] == "mekonginstitute"
    assert keys[2] == f"mekong{ZWSP}institute"  # kept: entry 1 already answers to the new key
    assert keys[3] == keys[4] == fold_key(THAI)
    assert keys[5] == "oxfam"
    assert keys[6] == f"ox{SOFT_HYPHEN}fam"
    assert series_key == fold_key("ASEAN People's Forum")


@pytest.mark.parametrize("typed", ["   ", ZWSP, f"{ZWSP} {SOFT_HYPHEN}"])
def test_a_name_with_nothing_visible_is_asked_for_again(client, db, create_forum, typed):
    """A required field typed as spaces or invisible characters alone is missing, not saved empty."""
    forum = create_forum(status="registration_open")
    data = {"name": typed, "email": "linh@example.org", "organisation": ZWSP, "country": "VN",
            "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y"}
    response = client.post(f"/forums/{forum.slug}/register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error">Enter your name.' in page
    assert 'value="linh@example.org"' in page  # the rest of what was typed is kept
    assert db.session.scalars(select(Registration)).all() == []


def test_control_characters_alone_get_their_own_message(client, db, create_forum):
    """Only a text-direction override typed: the person is told why, not just asked for a name again."""
    forum = create_forum(status="registration_open")
    response = client.post(f"/forums/{forum.slug}/register", data={
        "name": "\u202e", "email": "linh@example.org", "country": "VN", "category": "civil_society",
        "attendance_mode": "in_person", "consent_privacy": "y"})
    assert response.status_code == 422
    assert "invisible control characters" in response.get_data(as_text=True)
