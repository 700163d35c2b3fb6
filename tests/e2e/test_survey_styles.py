"""The answering page's styles stay on the answering page: its section headings (a rule above, room before) and
question spacing are set under .survey-form, so the organisers' list of questions keeps its own look. Both pages
are photographed at phone and desktop width for a look (test-artifacts/survey-*.png)."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import ARTIFACTS, PHONE_VIEWPORT, VIEWPORT, sign_in

ITEMS = [("section", "About the forum"), ("rating", "How useful was the forum?", ["Not useful", "Very useful"]),
         ("single", "Which day was best?", ["Day one", "Day two"]), ("section", "What next"),
         ("long", "What should change next year?")]


def test_the_answering_pages_styles_do_not_reach_the_builders_list(create_user, create_forum, create_survey,
                                                                   create_registration, new_page):
    mai = create_user(name="Mai Tran", email="mai@example.org")
    forum = create_forum("acf-2027", organiser=mai)
    survey = create_survey(forum, items=ITEMS)
    _registration, token = create_registration(forum, status="confirmed", name="Nguyễn Phương Linh",
                                               email="linh@example.org")

    def border_above(page) -> str:
        heading = page.locator("h2.survey-section", has_text="What next")
        expect(heading).to_be_visible()
        return heading.evaluate("element => getComputedStyle(element).borderTopStyle")

    for width, viewport in (("390", PHONE_VIEWPORT), ("1280", VIEWPORT)):
        organiser = new_page(viewport=viewport)
        sign_in(organiser, "Mai Tran", "mai@example.org")
        organiser.goto(f"/forums/acf-2027/surveys/{survey.id}/questions")
        assert border_above(organiser) == "none"  # the builder's own heading, as its list styles it
        organiser.screenshot(path=str(ARTIFACTS / f"survey-builder-questions-{width}.png"), full_page=True)
        organiser.goto("/forums/acf-2027/surveys")  # the new survey's templates, each with its hint
        expect(organiser.get_by_role("radio", name="Training evaluation")).to_be_visible()
        organiser.screenshot(path=str(ARTIFACTS / f"survey-builder-list-{width}.png"), full_page=True)

        participant = new_page(viewport=viewport)
        participant.goto(f"/forums/acf-2027/registration/{token}/surveys/{survey.id}")
        assert border_above(participant) == "solid"  # the answering page still separates its sections
        participant.screenshot(path=str(ARTIFACTS / f"survey-answer-{width}.png"), full_page=True)
