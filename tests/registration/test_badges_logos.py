"""The organisers' logos on the badge header: in every layout, scaled to fit beside (or above) the forum's
title, the rest of the badge still where it was; no logo, no image (the title as it always was)."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from forumops.registration.badges import LAYOUTS, BadgeSheet, _geometry, _header, render_badges
from tests.pdf_images import logo_data, page_images
from tests.registration.test_badges import SHEET, badge, needs_tools, slot_codes

LOGOS = (logo_data("Mekong Women Network", (600, 200)), logo_data("ASEAN Foundation", (300, 300), (160, 40, 30)),
         logo_data("Very Wide Alliance", (1200, 100), (30, 120, 60)))


def render(layout: str, logos=LOGOS, count: int = 2) -> bytes:
    out = io.BytesIO()
    render_badges(BadgeSheet(layout=layout, logos=logos, **SHEET), [badge() for _ in range(count)], out)
    return out.getvalue()


@pytest.mark.parametrize("layout_key", list(LAYOUTS))
def test_the_header_holds_the_organisers_logos_and_leaves_the_badge_its_room(layout_key):
    layout = LAYOUTS[layout_key]
    (w, h), p = layout.badge, layout.inset
    plain = _header(BadgeSheet(layout=layout_key, **SHEET), w, h, p)
    header = _header(BadgeSheet(layout=layout_key, logos=LOGOS, **SHEET), w, h, p)
    assert header.logos, "at least one logo fits"
    assert header.logos_width <= w - 2 * p
    if not header.above:  # landscape: the title keeps the width left of the logos, and is not squeezed below
        assert header.text_width + header.logos_width < w - 2 * p
    assert header.title.scale >= 0.9
    # the header grows by a row of logos at most (15 mm on the reference A6, scaled), and the name keeps most
    # of its room
    scale = w / (105 * mm) if h > w else h / (55 * mm)
    assert header.height <= plain.height + 15 * mm * scale
    g, g_plain = _geometry(layout, header.height), _geometry(layout, plain.height)
    room, room_plain = g.name[4] - g.info[2], g_plain.name[4] - g_plain.info[2]
    assert room >= 0.7 * room_plain


@pytest.mark.parametrize("layout_key", list(LAYOUTS))
def test_badges_draw_the_logos_once_per_sheet_and_none_without_them(layout_key):
    with_logos = PdfReader(io.BytesIO(render(layout_key)))
    assert len(page_images(with_logos.pages[0])) == len(_header(
        BadgeSheet(layout=layout_key, logos=LOGOS, **SHEET), *LAYOUTS[layout_key].badge, LAYOUTS[layout_key].inset
    ).logos)
    without = PdfReader(io.BytesIO(render(layout_key, logos=())))
    assert page_images(without.pages[0]) == []


@needs_tools
@pytest.mark.parametrize("layout_key", ["a4-8", "a6", "id1"])
def test_every_qr_code_still_scans_under_a_header_with_logos(layout_key):
    layout = LAYOUTS[layout_key]
    out = io.BytesIO()
    people = [badge() for _ in range(layout.per_page)]
    render_badges(BadgeSheet(layout=layout_key, logos=LOGOS, **SHEET), people, out)
    assert slot_codes(out.getvalue(), layout_key) == [p.checkin_code for p in people]


def write_samples(folder: str = "/tmp/badge-logos") -> None:
    """Every layout with logos, as PNG pages to look at (python -m tests.registration.test_badges_logos)."""
    Path(folder).mkdir(exist_ok=True)
    for key in LAYOUTS:
        Path(folder, f"{key}.pdf").write_bytes(render(key, count=LAYOUTS[key].per_page))
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", f"{key}.pdf", key], cwd=folder,
                       check=True)
    print(sorted(os.listdir(folder)))


if __name__ == "__main__":
    write_samples()
