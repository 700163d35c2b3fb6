"""Languages in the browser (issue 19): every shipped language at phone width on the key pages (forum, programme,
registration form with its errors, the private page, the desk) with no horizontal overflow and no clipped control;
a Khmer-speaking participant reads the programme and the form in Khmer; Sopheak adds his own time zone to the
programme of a forum in Kuala Lumpur and the choice is remembered.

Screenshots of every language's pages go to test-artifacts/languages-<code>-<page>.png for a human to look at.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect

from forumops.core.languages import LANGUAGES

from .conftest import ARTIFACTS, PHONE_VIEWPORT

SLUG = "mekong-training-2027"

# Anything wider than the viewport scrolls the whole page sideways on a phone; a control whose text is wider than
# its box is cut off. Both are read from the rendered page.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
  }
  const controls = 'main button, main .button, main input, main select, main label, header a, header summary';
  for (const el of document.querySelectorAll(controls)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !el.checkVisibility({visibilityProperty: true})) continue;  // a closed menu's links too
    if (el.closest('[aria-hidden="true"]')) continue;  // the honeypot, kept off screen on purpose
    if (box.right > width + 1 || box.left < -1) {
      problems.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 40)}" `
                    + `reaches ${Math.round(box.left)}..${Math.round(box.right)}px`);
    }
    if ((el.tagName === 'BUTTON' || el.classList.contains('button')) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`button "${el.textContent.trim().slice(0, 40)}" is clipped`);
    }
  }
  return problems;
}"""


@pytest.fixture
def training(create_forum, create_user, create_registration, db):
    """A three-day training in Vientiane with a programme, one cluster, a registration with its private link,
    and its organiser."""
    from forumops.agenda import operations as agenda_ops
    from forumops.clusters.operations import create_cluster

    organiser = create_user(email="mai@example.org", name="Trần Thị Mai")
    forum = create_forum(SLUG, status="registration_open", title="Mekong training on community enterprises",
                         organiser=organiser, timezone="Asia/Vientiane", start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 16), venue_city="Vientiane", venue_country="LA")
    create_cluster(forum, "ວິສາຫະກິດຊຸມຊົນ", "")
    agenda_ops.create_item(forum, {"day": date(2027, 4, 14), "start": time(9), "end": time(10, 30),
                                   "type": "plenary", "title": "ການເປີດ / Opening"})
    db.session.commit()
    registration, token = create_registration(forum, name="សុខ សុភ័ក្ត្រ", email="sopheak@example.org", country="KH")
    return {"forum": forum, "organiser": organiser, "token": token, "registration": registration}


def _sign_in_any_language(page: Page) -> None:
    """Sign Mai in through the form whatever language it is in (its fields by their names)."""
    from tests.conftest import TEST_PASSWORD

    page.goto("/account/signin")
    page.locator("input[name=email]").fill("mai@example.org")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")


def _problems(page: Page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_every_language_fits_a_phone_on_the_key_pages(training, new_page, code):
    page = new_page(viewport=PHONE_VIEWPORT)
    page.goto(f"/forums/?lang={code}")  # remembered from here on
    pages = {
        "forum": f"/forums/{SLUG}/",
        "programme": f"/forums/{SLUG}/agenda",
        "register": f"/forums/{SLUG}/register",
        "private": f"/forums/{SLUG}/registration/{training['token']}",
    }
    found = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == code
        found[name] = _problems(page)
        page.screenshot(path=str(ARTIFACTS / f"languages-{code}-{name}.png"), full_page=True)
    # the form with its errors: sent empty
    page.goto(pages["register"])
    page.locator("form.registration-form [type=submit]").click()
    expect(page.locator("[data-error-summary], .error-summary").first).to_be_visible()
    found["register with errors"] = _problems(page)
    page.screenshot(path=str(ARTIFACTS / f"languages-{code}-register-errors.png"), full_page=True)
    # the desk: an organiser page (in English for Khmer, Lao and Burmese, saying so in their language)
    _sign_in_any_language(page)
    page.goto(f"/forums/{SLUG}/registrations?lang={code}")
    found["desk"] = _problems(page)
    page.screenshot(path=str(ARTIFACTS / f"languages-{code}-desk.png"), full_page=True)
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_a_khmer_speaker_reads_the_programme_and_the_form_in_khmer(training, new_page, app):
    page = new_page(viewport=PHONE_VIEWPORT, locale="km-KH")
    page.goto(f"/forums/{SLUG}/agenda")
    assert page.locator("html").get_attribute("lang") == "km"
    with app.test_request_context(), force_locale("km"):
        programme, register = gettext("Programme"), gettext("Register")
        week_day = "ពុធ"  # Wednesday, the forum's first day, as Babel writes it in Khmer
    assert programme != "Programme"  # the catalogue has it
    expect(page.get_by_role("heading", level=1)).to_have_text(programme)
    expect(page.locator("main")).to_contain_text(week_day)
    page.goto(f"/forums/{SLUG}/register")
    expect(page.locator("main")).to_contain_text(register)
    # the switcher names the languages in themselves and goes back to English on request
    page.locator(".language-switcher summary").click()
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_sopheak_switches_the_programme_to_his_own_zone(training, new_page):
    page = new_page(viewport=PHONE_VIEWPORT, timezone_id="Asia/Phnom_Penh")
    from forumops.extensions import db

    training["forum"].timezone = "Asia/Kuala_Lumpur"  # the opening, 02:00 UTC, is at 10:00 there
    db.session.commit()
    page.goto(f"/forums/{SLUG}/agenda")
    suggestion = page.get_by_role("link", name="Show my device’s time zone too (Asia/Phnom_Penh)")
    expect(suggestion).to_be_visible()  # detected in the browser
    suggestion.click()
    expect(page.locator(".slot-time-viewer").first).to_contain_text("09:00–10:30")
    expect(page.locator(".slot-time").first).to_contain_text("10:00")
    page.goto(f"/forums/{SLUG}/agenda")  # remembered
    expect(page.locator(".slot-time-viewer").first).to_contain_text("09:00–10:30")
    page.get_by_label("Also show the times in").select_option("forum")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".slot-time-viewer")).to_have_count(0)
