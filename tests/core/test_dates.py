"""Dates are written with the month as a word wherever they are shown (issue 14): 12/5/26 reads as
12 May in Hanoi and as 5 December to anyone used to US dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from forumops.core.i18n import format_day, format_moment
from forumops.followup import reminders
from tests.followup import test_followup_support as support
from tests.followup.test_followup_support import NOW, later, outbox, plan_data

workshop = support.workshop  # the shared fixture

NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")


@pytest.mark.parametrize("language", ["en", "en-GB"])
def test_short_dates_spell_the_month(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert format_day(date(2026, 5, 12), "short") == "12 May 2026"
        assert format_moment(datetime(2026, 5, 12, 2, 30, tzinfo=UTC), "short", "Asia/Bangkok") == \
            "12 May 2026, 09:30"
        for style in ("medium", "long", "full"):
            assert "May" in format_day(date(2026, 5, 12), style)
            assert "May" in format_moment(datetime(2026, 5, 12, 2, 30, tzinfo=UTC), style, "Asia/Bangkok")
        assert format_day(None) == format_moment(None) == ""


def test_a_page_with_short_dates_shows_no_numeric_date(client, create_user, login):
    """The account page lists signed-in browsers "since" a date in the short style."""
    login(create_user(email="linh@example.org"))
    page = client.get("/account/", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    since = re.search(r"since\s*(.+?)\s*$", page, re.M)
    assert since
    assert re.search(r"[A-Z][a-z]{2} \d{4}, \d\d:\d\d", since.group(1))
    assert not NUMERIC_DATE.search(page)


def test_reminder_email_writes_the_due_date_with_its_month(db, workshop, create_plan):
    plan, _token = create_plan(workshop.forum, plan_data(workshop), workshop.organiser,
                               now=NOW)  # due 90 days after the workshop; reminded 7 days before
    assert reminders.send_reminders(now=later(84)) == 1
    db.session.commit()
    body = outbox(db)[-1].body_text
    due = plan.next_report_due
    assert f"{due:%b}" in body
    assert str(due.year) in body
    assert not NUMERIC_DATE.search(body)



def test_the_forums_dates_in_an_agenda_error_spell_the_month(create_forum):
    from forumops.agenda import operations
    from forumops.core.errors import FormError

    forum = create_forum(start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    with pytest.raises(FormError) as refused:
        operations.copy_day(forum, date(2027, 4, 14), date(2027, 5, 1))
    assert "14 April 2027" in refused.value.message
    assert "15 April 2027" in refused.value.message
