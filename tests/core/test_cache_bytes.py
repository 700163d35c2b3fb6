"""Issue 18, item 3: caches bounded by bytes, not entries. The finding: the Markdown cache kept 4,096 entries of up
to 20,000 characters with their HTML, and one account editing fields full of `&` and an emoji grew a worker
from 103 to 262 MiB in 300 entries (about 2 GiB when full)."""

from __future__ import annotations

import pytest

from forumops.agenda import feeds, page
from forumops.core import cache, text
from forumops.registration import forms, question_fields


@pytest.fixture
def fresh_markdown_cache():
    text.markdown_cache.clear()
    yield text.markdown_cache
    text.markdown_cache.clear()


def hostile_field(i: int) -> str:
    """What an account can save in a concept-note field: 20,000 characters, each `&` becoming `&amp;`, and an
    emoji, which makes Python keep every character of the text in 4 bytes."""
    return f"{i} " + "&😀" * 9_995


def test_large_entries_keep_the_markdown_cache_under_its_byte_budget(app, fresh_markdown_cache):
    assert fresh_markdown_cache.max_bytes == app.config["CACHE_MAX_BYTES"] == 16 * 1024 * 1024  # the default
    # The finding's 300 entries against 16 MiB, scaled down ten times to keep the suite fast: 30 entries of a
    # quarter of a megabyte against 1.6 MiB is the same overflow (an entry-count bound would keep them all).
    budget = app.config["CACHE_MAX_BYTES"] // 10
    cache.configure_caches(budget)
    try:
        html = ""
        for i in range(30):
            html = text.render_markdown(hostile_field(i))
        one_entry = cache.approximate_size((hostile_field(29), False), str(html))
        assert one_entry > 250_000  # each entry is a quarter of a megabyte or more
        assert 30 * one_entry > 4 * budget  # what an entry-count bound of 4,096 would have kept: all 30
        assert fresh_markdown_cache.bytes <= budget
        assert len(fresh_markdown_cache) < 30
        assert len(fresh_markdown_cache) * one_entry <= budget
        assert "&amp;😀" in html  # and it still renders, and serves the latest from the cache
        assert text.render_markdown(hostile_field(29)) == html
    finally:
        cache.configure_caches(app.config["CACHE_MAX_BYTES"])
    assert text.render_markdown("**short**") == "<p><strong>short</strong></p>\n"  # small entries still fit


def test_an_entry_larger_than_the_budget_is_built_but_not_kept():
    small = cache.BoundedCache(maxsize=10, max_bytes=10_000)
    assert small.get_or_build("big", lambda: "x" * 20_000) == "x" * 20_000
    assert len(small) == 0
    assert small.bytes == 0
    small.get_or_build("a", lambda: "y" * 4_000)
    small.get_or_build("b", lambda: "y" * 4_000)
    small.get_or_build("c", lambda: "y" * 4_000)  # over 10,000 bytes: the least recently used goes
    assert len(small) == 2
    assert small.bytes <= 10_000


def test_every_cache_gets_the_configured_budget(app):
    """The programme's days, the calendars, the registration forms: each under FORUMOPS_CACHE_MAX_MB."""
    for each in (page._days_cache, page._day_cache, feeds._public_feeds, forms._form_classes, text.markdown_cache):
        assert each.max_bytes == app.config["CACHE_MAX_BYTES"]
    cache.configure_caches(1_000)
    try:
        assert page._day_cache.max_bytes == 1_000
        assert page._day_cache.bytes <= 1_000
    finally:
        cache.configure_caches(app.config["CACHE_MAX_BYTES"])


def test_a_registration_form_class_is_measured_with_its_fields(app, create_forum, db):
    from forumops.registration.models import Question

    forum = create_forum()
    questions = [question_fields.question_text(Question(
        id=i, forum_id=forum.id, label=f"{i} " + "L" * 300, kind="single_choice", help_text="", required=False,
        options=[f"{i}.{j} " + "O" * 200 for j in range(20)], position=i)) for i in range(1, 6)]
    with app.test_request_context():
        form_class = forms._form_class([], questions)
    assert cache.approximate_size(form_class) > 5 * 20 * 200  # the options' text is counted
