"""The languages (issue 19): every message a shipped surface uses is translated in each language that ships it,
checked against messages extracted fresh from the sources (a new string missing from a catalogue fails with its
id and where it is used); the switcher, the cookie and the account choose the language; a participant-only
language shows organiser pages in English; unknown codes and broken translations never reach a page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from flask_babel import force_locale, gettext

from forumops.core import catalogues
from forumops.core.catalogues import Glossary, catalogue_problems, message_problems, read_catalogue
from forumops.core.languages import COOKIE, LANGUAGES, CheckedDomain

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """Every marked message in the sources now, as `make translations` extracts them."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "--no-wrap", "--ignore-dirs=.*", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    return read_catalogue(pot)


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES[1:]])
def test_every_shipped_message_is_translated_well(extracted, code):
    problems = catalogue_problems(extracted, code)
    assert problems == [], f"{len(problems)} problems; run `make translations`:\n" + "\n".join(problems[:40])


def test_both_forms_of_a_plural_message_name_the_same_placeholders(extracted):
    python_plurals = Catalog()
    for message in extracted:
        if any(path.endswith(".py") for path, _line in message.locations):
            python_plurals[message.id] = message
    assert catalogues.plural_mismatches(python_plurals) == []


def test_khmer_lao_and_burmese_ship_what_a_participant_meets(extracted):
    whole = catalogues.shipped_messages(extracted, "vi")
    participant = catalogues.shipped_messages(extracted, "km")
    ids = {message.id for message in participant}
    assert len(participant) < len(whole)
    assert "Register" in ids or any("Register" in str(i) for i in ids)  # the registration form is theirs
    assert not any(location.startswith("templates/registration/desk/")
                   for message in participant for location, _ in message.locations
                   if all(loc.startswith("templates/registration/desk/") for loc, _ in message.locations))


def _message(msgid, locations=(("templates/base.html", 1),)):
    return Message(msgid, locations=list(locations))


def _translated(msgid, text):
    return Message(msgid, string=text)


@pytest.mark.parametrize(("original", "translation", "problem"), [
    ("Sent to %(email)s.", "ส่งถึงแล้ว", "placeholders"),
    ("Sent to %(email)s.", "ส่งถึง %(mail)s แล้ว", "placeholders"),
    ("Dear {name}, welcome to {forum}.", "เรียน {ชื่อ} ยินดีต้อนรับสู่ {forum}", "placeholders"),
    ("Markdown: **bold**, lists, links.", "Markdown: ตัวหนา รายการ ลิงก์", "Markdown"),
    ("See [the guide](https://example.org/guide).", "ดู [คู่มือ](https://example.org/other)", "Markdown"),
    ("Waiting list", "Waiting list", "English left in place"),
])
def test_a_broken_translation_is_named(original, translation, problem):
    problems = message_problems(_message(original), _translated(original, translation), Glossary())
    assert any(problem in line for line in problems), problems


def test_names_that_read_the_same_everywhere_may_stay():
    for same in ("CSV", "PDF", "ForumOps", "%(name)s"):
        assert message_problems(_message(same), _translated(same, same), Glossary()) == []


def test_the_glossary_holds_one_term_per_idea():
    glossary = Glossary(terms={"waiting list": "รายชื่อสำรอง"})
    original = "You are on the waiting list for %(forum)s"
    assert message_problems(_message(original), _translated(original, "คุณอยู่ในคิวของ %(forum)s"), glossary) == [
        "glossary: 'waiting list' should be rendered 'รายชื่อสำรอง'"]
    assert message_problems(_message(original), _translated(original, "คุณอยู่ในรายชื่อสำรองของ %(forum)s"),
                            glossary) == []


def test_a_missing_message_fails_with_its_id_and_where_it_is_used():
    template = Catalog(locale="en")
    template.add("Choose your cluster", locations=[("templates/registration/register.html", 12)])
    lines = catalogue_problems(template, "km", catalogue=Catalog(locale="km"))
    assert lines == ["km: 'Choose your cluster' (templates/registration/register.html:12): missing"]


def test_every_language_has_its_glossary():
    for language in LANGUAGES[1:]:
        glossary = catalogues.read_glossary(language.code)
        assert {"forum", "cluster", "facilitator", "rapporteur", "recommendation", "action plan",
                "waiting list"} <= set(glossary.terms), language.code


# Choosing the language

def _lang(page: str) -> str:
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_browser_language_is_taken_and_the_switcher_names_each_language_in_itself(client):
    page = client.get("/forums/", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert _lang(page) == "th"
    for language in LANGUAGES:
        assert re.search(rf'lang="{language.tag}" hreflang="{language.tag}"[^>]*>{language.name}</a>', page)
    assert 'aria-current="true">ไทย</a>' in page


def test_a_choice_in_the_address_is_remembered_for_a_signed_out_visitor(client):
    first = client.get("/forums/?lang=vi")
    assert _lang(first.get_data(as_text=True)) == "vi"
    assert f"{COOKIE}=vi" in first.headers["Set-Cookie"]
    assert _lang(client.get("/forums/", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "vi"


def test_the_switcher_remembers_the_choice_on_the_account(client, create_user, login, db):
    person = create_user(email="sopheak@example.org")
    login(person)
    page = client.get("/forums/").get_data(as_text=True)
    assert 'name="lang" value="km" lang="km">ខ្មែរ</button>' in page  # a button: a link cannot change an account
    assert client.get("/account/language?lang=th&next=/forums/").status_code == 302
    db.session.refresh(person)
    assert person.language is None  # a GET keeps the choice in the cookie only
    response = client.post("/account/language", data={"lang": "km", "next": "/forums/"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forums/")
    db.session.refresh(person)
    assert person.language == "km"
    other = client.application.test_client()
    from tests.conftest import sign_in

    sign_in(other, person)
    assert _lang(other.get("/forums/").get_data(as_text=True)) == "km"


def test_the_switcher_leaves_a_page_chosen_by_its_address(client):
    page = client.get("/forums/?lang=vi").get_data(as_text=True)
    link = re.search(r'href="([^"]*lang=th[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.headers["Location"].endswith("/forums/")  # not back to ?lang=vi
    assert _lang(client.get(response.headers["Location"]).get_data(as_text=True)) == "th"


def test_the_switcher_goes_back_only_inside_the_site(client):
    response = client.get("/account/language?lang=th&next=https://evil.example/")
    assert "evil.example" not in response.headers["Location"]


@pytest.mark.parametrize("where", ["?lang=xx", "?lang=<script>", "cookie"])
def test_an_unknown_language_falls_back_quietly(client, where):
    if where == "cookie":
        client.set_cookie(COOKIE, "zz")
        response = client.get("/forums/", headers={"Accept-Language": "id"})
        assert _lang(response.get_data(as_text=True)) == "id"
    else:
        response = client.get("/forums/" + where)
        assert response.status_code == 200
        assert _lang(response.get_data(as_text=True)) == "en"
        assert "<script>" not in response.headers.get("Set-Cookie", "")


def test_an_organiser_page_asked_for_in_khmer_is_shown_in_english_and_says_so(client, create_user, login,
                                                                               create_forum):
    organiser = create_user(email="mai@example.org")
    login(organiser)
    forum = create_forum(organiser=organiser)
    desk = client.get(f"/forums/{forum.slug}/registrations?lang=km").get_data(as_text=True)
    assert _lang(desk) == "en"
    assert 'class="wrap language-fallback" lang="km"' in desk
    public = client.get(f"/forums/{forum.slug}/?lang=km").get_data(as_text=True)
    assert _lang(public) == "km"
    assert "language-fallback" not in public


def test_a_translation_with_a_broken_placeholder_shows_the_english_not_an_error(app, tmp_path):
    catalogue = Catalog(locale="th")
    catalogue.add("A new link is on its way to %(email)s.", "ลิงก์ใหม่กำลังส่งไปที่ %(mail)s")
    catalogue.add("Sign in", "เข้าสู่ระบบ")
    folder = tmp_path / "th" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    babel = app.extensions["babel"].instance
    shipped = babel.domain_instance
    babel.domain_instance = CheckedDomain(translation_directories=str(tmp_path))
    try:
        with app.test_request_context(), force_locale("th"):
            assert gettext("A new link is on its way to %(email)s.", email="linh@example.org") == \
                "A new link is on its way to linh@example.org."
            assert gettext("Sign in") == "เข้าสู่ระบบ"
    finally:
        babel.domain_instance = shipped


@pytest.mark.parametrize(("code", "joined"), [  # CLDR's patterns (Thai puts no space before the last item)
    ("en", "Hanoi, Vientiane, and Yangon"), ("th", "Hanoi Vientiane และYangon"), ("vi", "Hanoi, Vientiane và Yangon"),
    ("km", "Hanoi, Vientiane និង Yangon")])
def test_lists_are_joined_as_the_language_joins_them(app, code, joined):
    from forumops.core.i18n import format_list

    with app.test_request_context(), force_locale(code):
        assert format_list(["Hanoi", "Vientiane", "Yangon"]) == joined


# shown to organisers only, inside a participant's page
ORGANISER_PARTS = {"forums/_manage_nav.html", "outcomes/_missing.html"}


def test_every_template_a_participant_page_draws_ships_in_every_language(app):
    """A participant template's includes, imports and parents are translated with it: each must be listed too."""
    import fnmatch

    from jinja2 import meta

    from forumops.core.languages import PARTICIPANT_SOURCES

    listed = [pattern.removeprefix("templates/") for pattern in PARTICIPANT_SOURCES if pattern.startswith("templates/")]
    names = app.jinja_env.list_templates()
    participant = [name for name in names if any(fnmatch.fnmatch(name, pattern) for pattern in listed)]
    missing = set()
    for name in participant:
        source = app.jinja_env.loader.get_source(app.jinja_env, name)[0]
        for used in meta.find_referenced_templates(app.jinja_env.parse(source)):
            if used and used not in ORGANISER_PARTS and not any(fnmatch.fnmatch(used, p) for p in listed):
                missing.add(f"{used} (used by {name})")
    assert missing == set(), "add them to core.languages.PARTICIPANT_SOURCES"


@pytest.mark.parametrize(("code", "font"), [("th", "Thai"), ("km", "Khmer"), ("lo", "Lao"), ("my", "Myanmar")])
def test_a_programme_pdf_in_another_script_sets_its_own_words_in_that_scripts_font(client, create_forum,
                                                                                    create_item, code, font):
    """The PDF's labels (the subtitle, the day, the table's head, "Page 1") were set in the Latin face and
    printed as empty boxes; each script's run is in its own font."""
    import io

    from pypdf import PdfReader

    forum = create_forum(slug="mekong")
    create_item(forum, "Opening")
    reader = PdfReader(io.BytesIO(client.get(f"/forums/mekong/agenda.pdf?lang={code}").data))
    fonts = {str(entry.get_object()["/BaseFont"]) for entry in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(font in name for name in fonts), fonts
