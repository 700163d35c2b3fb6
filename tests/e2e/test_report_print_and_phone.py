"""The outcome report printed (its header dark on white) and read on a phone (the number tables fit or
scroll, and their scrolling regions are reachable by keyboard). Issue 14 #8 and the smaller report item."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.outcomes.test_outcomes import _publish, build_forum

from .conftest import PHONE_VIEWPORT

SLUG = "acf-report"

# every element of the header with text of its own: its colour and the colour it is printed on
_HEADER_TEXT_COLOURS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.report-cover, .report-cover *')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim());
    if (!own.length || !el.getClientRects().length) continue;
    let bg = 'rgba(0, 0, 0, 0)';
    for (let node = el; node; node = node.parentElement) {
      const c = getComputedStyle(node).backgroundColor;
      if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
    }
    out.push({text: own.join(' '), color: getComputedStyle(el).color, background: bg});
  }
  return out;
}"""


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def report(create_user, create_forum, db, create_registration):
    organiser = create_user(name="Mai Anh Trần", email="mai@example.org")
    forum = build_forum(create_forum, create_registration, organiser, participants=12, clusters=2, slug=SLUG)
    _publish(forum, organiser)  # authors and editors named, so the header has its credits
    return forum


def test_the_printed_report_header_is_dark_on_white(page: Page, report):
    page.goto(f"/forums/{SLUG}/report")
    page.emulate_media(media="print")

    texts = page.evaluate(_HEADER_TEXT_COLOURS)

    printed = " ".join(t["text"] for t in texts)
    assert "Outcome report" in printed
    assert "Singapore" in printed
    assert "Dr Ben Santos" in printed
    for text in texts:
        background = "rgb(255, 255, 255)" if text["background"] == "rgba(0, 0, 0, 0)" else text["background"]
        assert _contrast(text["color"], background) >= 4.5, text  # WCAG AA for normal text


def test_number_tables_fit_a_phone_and_scroll_by_keyboard(new_page, report):
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto(f"/forums/{SLUG}/report")

    region = phone.get_by_role("region", name="By organisation type: numbers")
    expect(region).to_be_visible()
    assert region.get_attribute("tabindex") == "0"  # a keyboard can reach it, and scroll it with the arrows
    box = region.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE_VIEWPORT["width"]
    table = region.locator("table")
    assert table.evaluate("t => t.getBoundingClientRect().right") <= PHONE_VIEWPORT["width"] or \
        region.evaluate("r => r.scrollWidth > r.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    region.focus()
    expect(region).to_be_focused()
    for scroller in phone.locator("main .table-scroll").all():  # every scrolling region of the report
        assert scroller.get_attribute("tabindex") == "0"
        assert scroller.get_attribute("role") == "region"
        assert scroller.get_attribute("aria-label")
