"""A forum's content in several languages: declaring them, writing versions, and what each reader sees."""

from __future__ import annotations

import re
from datetime import time

import pytest
from sqlalchemy import func, select

from forumops.forums import versions
from forumops.forums.models import ContentVersion
from forumops.forums.versions import CLUSTER, FORUM, ITEM, QUESTION
from tests.conftest import count_queries
from tests.forums.test_forums import VALID


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai, db):
    forum = create_forum(slug="acf-2027", title="ASEAN Community Forum", organiser=mai, status="registration_open",
                         background="Fifty organisations meet.", rationale="People first.",
                         objectives=["Share practice", "Build alliances"])
    forum.languages = ["en", "th"]
    db.session.commit()
    return forum


def mai_of(db):
    from forumops.accounts.models import User

    return db.session.scalar(select(User).where(User.email == "mai@example.org"))


def thai(db, forum, texts):
    versions.save_versions(forum, "th", texts)
    db.session.commit()


def element(page: str, tag: str, text: str) -> str:
    """The opening tag of the element of this kind that directly holds this text (or a link holding it)."""
    match = re.search(rf"<{tag}\b([^>]*)>\s*(?:<a [^>]*>)?{re.escape(text)}", page)
    assert match, f"no <{tag}> holding {text!r}"
    return match.group(1)


def test_organiser_declares_the_forums_languages_main_first(client, login, mai, create_forum, db):
    forum = create_forum(slug="acf-2027", organiser=mai)
    login(mai)
    page = client.get("/forums/acf-2027/edit").get_data(as_text=True)
    assert "ไทย" in page  # each language named in itself
    response = client.post("/forums/acf-2027/edit", data={**VALID, "main_language": "en",
                                                            "other_languages": ["th", "en"]})
    assert response.status_code == 302
    db.session.refresh(forum)
    assert forum.languages == ["en", "th"]


def test_a_language_not_shipped_is_refused_beside_its_field_with_the_input_kept(client, login, mai, create_forum,
                                                                                  db):
    forum = create_forum(slug="acf-2027", organiser=mai)
    login(mai)
    response = client.post("/forums/acf-2027/edit", data={**VALID, "title": "Renamed forum",
                                                            "main_language": "en", "other_languages": ["xx"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“xx” is not a language ForumOps ships" in page
    assert 'value="Renamed forum"' in page
    db.session.refresh(forum)
    assert forum.languages == ["en"]


def test_translation_page_lists_every_text_beside_its_original(client, login, mai, forum, create_item,
                                                               create_cluster, db):
    from forumops.registration import setup

    create_item(forum, title="Opening session", description="Welcome by the hosts.")
    cluster = create_cluster(forum, "MSME development")
    cluster.guiding_questions = ["What works?"]
    setup.add_question(forum, {"label": "Your sector", "kind": "single_choice", "options": ["Farming", "Trade"]})
    db.session.commit()
    login(mai)
    page = client.get("/forums/acf-2027/translations/th").get_data(as_text=True)
    for heading in ("Forum", "Concept note", "Programme", "Clusters", "Registration questions"):
        assert f">{heading}</h2>" in page
    for original in ("ASEAN Community Forum", "Fifty organisations meet.", "Share practice\nBuild alliances",
                     "Opening session", "Welcome by the hosts.", "MSME development", "What works?", "Your sector",
                     "Farming", "Trade"):
        assert original in page
    assert page.count('class="translation-original-text" lang="en"') == 11  # each original, in English
    assert 'lang="th"' in page  # the fields take Thai fonts and spelling
    assert 'href="/forums/acf-2027/translations/th"' in page  # linked from the manage navigation


def test_translation_page_only_for_the_forums_other_languages(client, login, mai, forum):
    login(mai)
    assert client.get("/forums/acf-2027/translations/en").status_code == 404  # the main language
    assert client.get("/forums/acf-2027/translations/vi").status_code == 404  # not one of the forum's
    assert client.get("/forums/acf-2027/translations/xx").status_code == 404


def test_saving_keeps_versions_typed_and_removes_emptied_ones(client, login, mai, forum, db):
    thai(db, forum, {(FORUM, forum.id, "rationale"): "ประชาชนมาก่อน"})
    login(mai)
    response = client.post("/forums/acf-2027/translations/th", data={
        f"v_forum_{forum.id}_title": "เวทีประชาคมอาเซียน", f"v_forum_{forum.id}_rationale": "  "})
    assert response.status_code == 302
    kept = versions.versions_for(forum, "th").texts
    assert kept == {(FORUM, forum.id, "title"): "เวทีประชาคมอาเซียน"}


def test_a_refused_save_keeps_what_was_typed_and_saves_nothing(client, login, mai, forum, db):
    login(mai)
    response = client.post("/forums/acf-2027/translations/th", data={
        f"v_forum_{forum.id}_title": "ก" * 201, f"v_forum_{forum.id}_background": "ห้าสิบองค์กรมาพบกัน"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ห้าสิบองค์กรมาพบกัน" in page
    assert db.session.scalar(select(func.count(ContentVersion.id))) == 0


def test_thai_reader_sees_thai_versions_and_english_marked_where_none(client, forum, db):
    thai(db, forum, {(FORUM, forum.id, "title"): "เวทีประชาคมอาเซียน",
                     (FORUM, forum.id, "objectives"): "แลกเปลี่ยนประสบการณ์\nสร้างพันธมิตร",
                     (FORUM, forum.id, "background"): ""})
    page = client.get("/forums/acf-2027/?lang=th").get_data(as_text=True)
    assert element(page, "h1", "เวทีประชาคมอาเซียน") == ""  # in the page's own language: no lang needed
    assert "<li>สร้างพันธมิตร</li>" in page
    assert element(page, "div", "<p>Fifty organisations meet.") == ' lang="en"'  # no Thai version yet
    assert page.count('class="shown-in"') == 2  # background and rationale, each marked
    english = client.get("/forums/acf-2027/?lang=en").get_data(as_text=True)
    assert "<h1>ASEAN Community Forum</h1>" in english
    assert "shown-in" not in english


def test_a_version_whose_original_changed_is_not_shown_as_if_current(client, login, mai, forum, db):
    login(mai)
    client.post("/forums/acf-2027/translations/th", data={f"v_forum_{forum.id}_rationale": "ประชาชนมาก่อน"})
    current = client.get("/forums/acf-2027/?lang=th").get_data(as_text=True)
    assert "ประชาชนมาก่อน" in current
    forum.rationale = "People and planet first."  # the organiser rewrites the original
    db.session.commit()
    page = client.get("/forums/acf-2027/?lang=th").get_data(as_text=True)
    assert "ประชาชนมาก่อน" not in page
    assert "People and planet first." in page
    assert page.count('class="shown-in"') == current.count('class="shown-in"') + 1  # marked as not its version
    editor = client.get("/forums/acf-2027/translations/th").get_data(as_text=True)
    assert editor.count('class="notice translation-stale"') == 1  # flagged beside it on the translation page
    client.post("/forums/acf-2027/translations/th", data={f"v_forum_{forum.id}_rationale": "ประชาชนและโลกมาก่อน"})
    assert "ประชาชนและโลกมาก่อน" in client.get("/forums/acf-2027/?lang=th").get_data(as_text=True)


def test_reader_in_a_language_the_forum_lacks_is_told_once(client, forum):
    page = client.get("/forums/acf-2027/?lang=vi").get_data(as_text=True)
    assert page.count('class="shown-in"') == 1
    assert element(page, "h1", "ASEAN Community Forum") == ' lang="en"'


def test_programme_web_and_pdf_in_the_readers_language(client, forum, create_item, create_cluster, db):
    opening = create_item(forum, title="Opening session", description="Welcome.")
    create_item(forum, title="Lunch", start=time(12), end=time(13), type="meal")
    thai(db, forum, {(ITEM, opening.id, "title"): "พิธีเปิด", (ITEM, opening.id, "description"): "ยินดีต้อนรับ"})
    page = client.get("/forums/acf-2027/agenda", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert element(page, "h3", "พิธีเปิด") == ""
    assert element(page, "h3", "Lunch") == ' lang="en"'
    assert page.count('class="shown-in"') == 1  # beside lunch only
    english = client.get("/forums/acf-2027/agenda?lang=en").get_data(as_text=True)
    assert element(english, "h3", "Opening session") == ""
    assert "พิธีเปิด" not in english
    thai_pdf = client.get("/forums/acf-2027/agenda.pdf?lang=th").data
    english_pdf = client.get("/forums/acf-2027/agenda.pdf?lang=en").data
    assert b"NotoSansThai" in thai_pdf  # the Thai title is drawn in its script's font
    assert b"NotoSansThai" not in english_pdf


def test_deleting_an_item_or_question_deletes_its_versions(forum, create_item, db):
    from forumops.agenda.operations import set_status
    from forumops.registration import setup

    item = create_item(forum, title="Opening session")
    question = setup.add_question(forum, {"label": "Sector", "kind": "single_choice", "options": ["A", "B"]})
    thai(db, forum, {(ITEM, item.id, "title"): "พิธีเปิด", (QUESTION, question.id, "label"): "ภาคส่วน",
                     (QUESTION, question.id, "option.0"): "ก", (FORUM, forum.id, "title"): "เวที"})
    set_status(item, "deleted")
    setup.remove_question(forum, question.id)
    db.session.commit()
    assert versions.versions_for(forum, "th").texts == {(FORUM, forum.id, "title"): "เวที"}


def test_forum_and_programme_pages_read_versions_in_one_query(client, forum, create_item, db):
    path_forum, path_programme = "/forums/acf-2027/?lang=th", "/forums/acf-2027/agenda?lang=th"
    create_item(forum, title="First")
    few = [count_queries(db, lambda p=p: client.get(p)) for p in (path_forum, path_programme)]
    texts = {}
    for hour in range(10, 18):
        item = create_item(forum, title=f"Session {hour}", start=time(hour), end=time(hour, 30))
        texts[(ITEM, item.id, "title")] = f"ช่วงที่ {hour}"
    texts[(FORUM, forum.id, "rationale")] = "ประชาชนมาก่อน"
    thai(db, forum, texts)
    many = [count_queries(db, lambda p=p: client.get(p)) for p in (path_forum, path_programme)]
    assert many == few


def test_registration_choices_stored_in_the_main_language_whatever_the_form_was_read_in(client, forum, db,
                                                                                           create_cluster):
    from forumops.registration import setup
    from forumops.registration.models import Registration
    from tests.registration.test_registration import form

    cluster = create_cluster(forum, "MSME development")
    question = setup.add_question(forum, {"label": "Your sector", "kind": "single_choice",
                                          "options": ["Farming", "Trade"]})
    db.session.commit()
    thai(db, forum, {(QUESTION, question.id, "label"): "ภาคส่วนของคุณ", (QUESTION, question.id, "option.1"): "การค้า",
                     (CLUSTER, cluster.id, "name"): "วิสาหกิจขนาดย่อม"})
    page = client.get("/forums/acf-2027/register?lang=th").get_data(as_text=True)
    assert "ภาคส่วนของคุณ" in page
    assert re.search(r'value="Trade"[^>]*>\s*<label[^>]*>การค้า</label>', page)  # the version as label
    assert "วิสาหกิจขนาดย่อม" in page
    client.post("/forums/acf-2027/register?lang=th", data=form(**{f"q_{question.id}": "Trade"}))
    client.post("/forums/acf-2027/register?lang=en", data=form(email="ben@example.org",
                                                              **{f"q_{question.id}": "Trade"}))
    answers = [r.answers[str(question.id)] for r in db.session.scalars(select(Registration))]
    assert answers == ["Trade", "Trade"]  # counted together
    from tests.conftest import sign_in

    sign_in(client, mai_of(db))
    export = client.get("/forums/acf-2027/registrations.csv").data.decode("utf-8-sig").splitlines()
    assert export[0].endswith("Your sector / ภาคส่วนของคุณ")  # the CSV keeps every version of the heading
    assert [line.rsplit(",", 1)[1] for line in export[1:]] == ["Trade", "Trade"]


def test_report_keeps_the_title_in_every_language(client, login, mai, forum, db):
    thai(db, forum, {(FORUM, forum.id, "title"): "เวทีประชาคมอาเซียน"})
    login(mai)
    page = client.get("/forums/acf-2027/report?lang=en").get_data(as_text=True)
    assert '<p class="report-forum" lang="th">เวทีประชาคมอาเซียน</p>' in page


def test_badges_name_the_category_in_each_of_the_forums_languages(app, forum, monkeypatch):
    from flask_babel import get_locale

    from forumops.registration.views import badges

    class Named:
        def __init__(self, words):
            self.words = words

        def __str__(self):
            return self.words.get(str(get_locale()), self.words["en"])

    labels = {word: (Named({"en": word.title()}), None) for word in badges.BADGE_WORDS}
    labels["PARTICIPANT"] = (Named({"en": "Participant", "th": "ผู้เข้าร่วม"}), None)
    monkeypatch.setattr(badges, "BADGE_WORD_LABELS", labels)
    with app.test_request_context():
        bands = badges.band_labels(forum)
    assert bands["PARTICIPANT"] == "PARTICIPANT · ผู้เข้าร่วม"
    assert bands["SPEAKER"] == "SPEAKER"  # no Thai word yet: English only, not twice


def test_the_forum_list_and_home_name_each_forum_in_the_readers_language(client, login, mai, forum, create_forum,
                                                                          db):
    thai(db, forum, {(FORUM, forum.id, "title"): "เวทีประชาคมอาเซียน"})
    create_forum(slug="kl-2027", title="Solidarity Economy Forum", organiser=mai)
    listing = client.get("/forums/?lang=th").get_data(as_text=True)
    assert '<a href="/forums/acf-2027/">เวทีประชาคมอาเซียน</a>' in listing
    assert '<a href="/forums/kl-2027/" lang="en">Solidarity Economy Forum</a>' in listing  # no Thai version
    login(mai)
    home = client.get("/?lang=th").get_data(as_text=True)
    assert "เวทีประชาคมอาเซียน" in home
    create_forum(slug="more", title="One more", organiser=mai, languages=["en", "th"])
    few = count_queries(db, lambda: client.get("/forums/?lang=th"))
    for n in range(5):  # (each commit expires the signed-in account, read again either way)
        create_forum(slug=f"more-{n}", title=f"Forum {n}", organiser=mai, languages=["en", "th"])
    assert count_queries(db, lambda: client.get("/forums/?lang=th")) == few


def test_a_persons_mail_names_the_forum_in_their_language(forum, db, create_registration, deliver_mail):
    thai(db, forum, {(FORUM, forum.id, "title"): "เวทีประชาคมอาเซียน"})
    create_registration(forum, language="th", email="somchai@example.org")
    create_registration(forum, language="en", email="linh@example.org")
    mail = {message["To"]: message for message in deliver_mail()}
    assert "เวทีประชาคมอาเซียน" in mail["somchai@example.org"]["Subject"]
    assert "เวทีประชาคมอาเซียน" in mail["somchai@example.org"].get_body(("plain",)).get_content()
    assert "ASEAN Community Forum" in mail["linh@example.org"]["Subject"]
