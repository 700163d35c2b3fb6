"""A refused form tells screen readers which choice groups are wrong, and its summary takes the focus
(issue 14, smaller; the focus itself is checked in a browser: tests/e2e/test_form_errors_journey.py)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

from forumops.registration import setup
from tests.html_forms import elements


class _Choices(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.fieldsets, self.summary, self.scripts = {}, {}, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.inputs.setdefault(attrs.get("name"), []).append(attrs)
        if tag == "fieldset" and attrs.get("id"):
            self.fieldsets[attrs["id"]] = attrs
        if tag == "div" and "error-summary" in (attrs.get("class") or ""):
            self.summary = attrs
        if tag == "script":
            self.scripts.append(attrs.get("src"))


def test_unanswered_choice_questions_are_marked_invalid_and_tied_to_their_message(client, create_forum, db):
    forum = create_forum(slug="acf", status="registration_open", start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 15))
    single = setup.add_question(forum, {"label": "Your sector", "kind": "single_choice", "required": True,
                                             "options": ["Rural development", "MSME"]})
    several = setup.add_question(forum, {"label": "Topics", "kind": "multiple_choice", "required": True,
                                              "options": ["Trade", "Health"]})
    db.session.commit()

    response = client.post("/forums/acf/register", data={"name": "Linh", "email": "linh@example.org",
                                                         "country": "VN", "consent_privacy": "y"})

    assert response.status_code == 422
    page = _Choices()
    page.feed(response.get_data(as_text=True))
    for question in (single, several):
        name = f"q_{question.id}"
        group = page.fieldsets[name]
        assert group.get("aria-invalid") == "true"
        assert f"{name}-error" in group["aria-describedby"].split()
        assert page.inputs[name]
        assert all(choice.get("aria-invalid") == "true" and
                                         f"{name}-error" in choice["aria-describedby"].split()
                                         for choice in page.inputs[name])
    assert page.inputs["attendance_mode"]
    assert all("aria-invalid" not in c for c in page.inputs["attendance_mode"])
    assert page.summary["tabindex"] == "-1"
    assert "autofocus" in page.summary
    assert any(src.split("?")[0] == "/static/js/error-summary.js" for src in page.scripts)


def test_the_summary_lists_errors_as_the_page_shows_the_fields_without_doubled_punctuation(client, create_forum, db):
    forum = create_forum(slug="acf", status="registration_open")
    setup.add_question(forum, {"label": "Which sector does your organisation work in?", "kind": "single_choice",
                               "required": True, "options": ["MSME", "Other"]})
    db.session.commit()

    page = client.post("/forums/acf/register", data={"email": "linh@example.org"}).get_data(as_text=True)

    summary = page.split('data-error-summary>')[1].split("</div>")[0]
    summary_links = [a.text for a in elements(summary, "a")]
    # the question is drawn before the consent boxes (it is declared after them): the summary follows the page
    assert summary_links == [
        "Full name: Enter your name.",
        "Country: Choose your country.",
        "Which sector does your organisation work in: Please answer this question.",
        "I have read the privacy notice and agree that my details are used to organise this forum: "
        "Please accept the privacy notice to register.",
    ]
