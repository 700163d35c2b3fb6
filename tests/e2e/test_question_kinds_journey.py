"""Sopheak registers for a forum that asks more of him (issue 23, item 1): a question asked only on an earlier answer
appears as he answers "Yes", is said in the live region, and goes again on "No"; the desk reads his answers."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from forumops.registration import setup
from forumops.registration.models import AnswerFile, Question, Registration

from .conftest import PHONE_VIEWPORT, sign_in

ORGANISER = ("Mai Anh Trần", "mai@example.org")


@pytest.fixture
def forum(create_user, create_forum, db):
    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(slug="acf", status="registration_open", organiser=organiser, mode="in_person",
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    setup.add_question(forum, {"label": "Travel to Hanoi", "kind": "heading",
                               "help_text": "We book flights and rooms for sponsored participants."})
    visa = setup.add_question(forum, {"label": "Do you need a visa?", "kind": "yes_no", "required": True})
    setup.add_question(forum, {"label": "Embassy where you apply", "kind": "short_text", "required": True,
                               "shown_if": [f"{visa.id}:yes"]})
    setup.add_question(forum, {"label": "Arrival day", "kind": "date"})
    setup.add_question(forum, {"label": "Nights at the hotel", "kind": "number", "min_value": 1, "max_value": 10})
    setup.add_question(forum, {"label": "Mobile phone", "kind": "phone"})
    setup.add_question(forum, {"label": "Passport scan", "kind": "file"})
    setup.add_question(forum, {"label": "Room arranged", "kind": "short_text", "organisers_only": True})
    db.session.commit()
    return forum


def test_a_conditional_question_shows_and_hides_as_the_answer_changes(page: Page, new_page, shot, forum, db):
    page.goto("/forums/acf/register")
    embassy = page.get_by_label("Embassy where you apply")
    expect(page.get_by_role("heading", name="Travel to Hanoi")).to_be_visible()
    expect(embassy).to_be_hidden()
    page.get_by_role("radio", name="Yes").check()
    expect(embassy).to_be_visible()
    expect(page.locator("[data-question-announcer]")).to_have_text(
        "A further question is asked: Embassy where you apply")
    embassy.fill("Phnom Penh")
    shot("register-question-kinds")
    page.get_by_role("radio", name="No").check()
    expect(embassy).to_be_hidden()
    expect(page.locator("[data-question-announcer]")).to_have_text(
        "This question is no longer asked: Embassy where you apply")

    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto("/forums/acf/register")
    phone.get_by_role("radio", name="Yes").check()
    expect(phone.get_by_label("Embassy where you apply")).to_be_visible()
    shot("register-question-kinds-phone", target=phone)

    page.get_by_label("Full name").fill("Sopheak Chan")
    page.get_by_label("Email address").fill("sopheak@example.org")
    page.get_by_label("Country", exact=True).select_option("KH")
    page.get_by_label("Mobile phone").fill("012 345 678")
    page.get_by_label("Nights at the hotel").fill("3")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    registration = db.session.scalar(select(Registration))
    assert sorted(registration.answers.values(), key=str) == ["+85512345678", 3, "no"]  # no embassy: not asked

    sign_in(page, *ORGANISER)
    page.goto(f"/forums/acf/registrations/{registration.id}")
    expect(page.get_by_text("+855 12 345 678")).to_be_visible()
    page.get_by_label("Room arranged").fill("Twin room with Dara")
    shot("desk-question-kinds")
    desk_phone = new_page(viewport=PHONE_VIEWPORT)
    sign_in(desk_phone, *ORGANISER)
    desk_phone.goto(f"/forums/acf/registrations/{registration.id}")
    shot("desk-question-kinds-phone", target=desk_phone)
    page.goto("/forums/acf/registrations/questions")
    shot("desk-questions-builder")


def test_a_file_over_the_limit_is_named_at_its_field_and_never_sent(page: Page, new_page, shot, forum, db, live_app,
                                                                   monkeypatch):
    """Before: the browser sent it, the server refused the whole request (413), and everything typed was lost.
    The limit is 1 MB here (10 MB in use): the same check, without moving 11 MB through the browser twice."""
    monkeypatch.setitem(live_app.config, "MAX_FILE_BYTES", 1024 * 1024)
    page.goto("/forums/acf/register")
    page.get_by_label("Full name").fill("Sopheak Chan")
    scan = page.get_by_label("Passport scan")
    scan.set_input_files({"name": "passport-scan.pdf", "mimeType": "application/pdf",
                          "buffer": b"%PDF-1.4\n" + b"0" * (1100 * 1024)})
    message = page.locator(f"#{scan.get_attribute('id')}-error")
    expect(message).to_have_text("“passport-scan.pdf” is larger than 1 MB, the most a file sent here may be, so it "
                                 "was not chosen. Choose a smaller one: a scan at a lower resolution usually fits.")
    expect(scan).to_have_attribute("aria-invalid", "true")
    assert scan.evaluate("input => input.files.length") == 0  # nothing of it will be sent
    expect(page.get_by_label("Full name")).to_have_value("Sopheak Chan")
    shot("register-file-too-large")
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto("/forums/acf/register")
    phone.get_by_label("Passport scan").set_input_files({"name": "passport-scan.pdf", "mimeType": "application/pdf",
                                                        "buffer": b"%PDF-1.4\n" + b"0" * (1100 * 1024)})
    expect(phone.get_by_role("alert")).to_contain_text("is larger than 1 MB")
    shot("register-file-too-large-phone", target=phone)

    scan.set_input_files({"name": "passport.txt", "mimeType": "text/plain", "buffer": b"Passport no. B1234567\n"})
    expect(message).to_have_count(0)  # a file within the limit: the message goes
    expect(scan).not_to_have_attribute("aria-invalid", "true")


def test_a_request_too_large_to_read_says_so_and_goes_back_to_the_form_as_typed(page: Page, forum, live_app,
                                                                               monkeypatch):
    """A browser without the check above (here: a limit it does not know) sends more than the form reads: the page
    says what happened, and its way back finds the form as typed."""
    monkeypatch.setitem(live_app.config, "MAX_FILE_BYTES", 1024 * 1024)  # answers' files 1 MB, the form reads 4 MB
    page.goto("/forums/acf/register")
    page.get_by_label("Full name").fill("Sopheak Chan")
    scan = page.get_by_label("Passport scan")
    scan.evaluate("input => input.setAttribute('data-max-bytes', '999999999')")
    scan.set_input_files({"name": "passport-scan.pdf", "mimeType": "application/pdf",
                          "buffer": b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)})
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="The file you chose is too large")).to_be_visible()
    expect(page.get_by_text("A file sent with this form may be at most 1 MB.")).to_be_visible()
    page.get_by_role("link", name="Back to the form").click()
    expect(page.get_by_label("Full name")).to_have_value("Sopheak Chan")


def test_sopheak_removes_a_scan_he_sent_by_mistake(page: Page, new_page, shot, forum, db, create_registration,
                                                   create_answer_file):
    passport = db.session.scalar(select(Question).where(Question.label == "Passport scan"))
    registration, token = create_registration(forum, name="Sopheak Chan", email="sopheak@example.org",
                                              country="KH", notify=False)
    create_answer_file(registration, passport, filename="family-photo.pdf")
    page.goto(f"/forums/acf/registration/{token}")
    remove = page.get_by_label("Remove “family-photo.pdf”")
    expect(remove).not_to_be_checked()
    shot("manage-answer-file-remove")
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto(f"/forums/acf/registration/{token}")
    phone.get_by_label("Remove “family-photo.pdf”").scroll_into_view_if_needed()
    shot("manage-answer-file-remove-phone", target=phone)
    remove.check()
    page.get_by_role("radio", name="No").check()  # the form's required question, which he had not answered
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").first).to_contain_text("Your changes are saved.")
    expect(page.get_by_text("family-photo.pdf")).to_have_count(0)
    db.session.rollback()  # a read of its own, after the server's commit
    assert db.session.scalar(select(AnswerFile)) is None
