"""PDF name badges: the renderer (layouts, QR codes that scan, five scripts, long names, bad data) and
the views (who gets a badge, what a badge says, who may print, messages instead of errors).

The PDFs are read back as a reader would: pages and sizes with pypdf, each badge's QR code decoded
by zbar's zbarimg from the page rasterised by poppler's pdftoppm (Debian's zbar-tools and
poppler-utils), glyphs checked against the fonts and against HarfBuzz itself.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from forumops.core import fonts
from forumops.pdf.words import draw_block
from forumops.registration import badges, seats
from forumops.registration.badges import (
    CATEGORY_COLOURS,
    LAYOUTS,
    BadgeData,
    BadgeSheet,
    fit,
    render_badges,
)
from forumops.registration.models import Registration, new_checkin_code

VWU = "Vietnam Women's Union"  # the organisation of everyone registered here, unless a test says otherwise

TOOLS = ("pdftoppm", "zbarimg")
needs_tools = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="needs poppler-utils and zbar-tools (apt-get install -y poppler-utils zbar-tools)")

NAMES = {
    "vietnamese": "Nguyễn Phương Linh",
    "thai": "สมชาย ใจดี",
    "khmer": "សុខ សុភ័ក្ត្រ",
    "burmese": "ဒေါ်အောင်ဆန်းစုကြည်",
    "lao": "ສົມພອນ ພົມມະວົງ",
}
LONG_NAME = "Maria Clara Dela Cruz-Santos y Villanueva de los Reyes Bautista Macapagal Aquino"
SHEET = dict(forum_title="ASEAN Community Forum 2027", dates_text="14–15 April 2027 · Jakarta")


def badge(name: str = "Nguyễn Phương Linh", **fields) -> BadgeData:
    word = fields.pop("category_word", "PARTICIPANT")
    return BadgeData(name=name, organisation=fields.pop("organisation", "Vietnam Women's Union"),
                     country_name=fields.pop("country_name", "Viet Nam"), category_word=word,
                     band_colour=fields.pop("band_colour", CATEGORY_COLOURS.get(word, "#1f5f99")),
                     cluster=fields.pop("cluster", "Women empowerment"),
                     checkin_code=fields.pop("checkin_code", new_checkin_code()), **fields)


def render(items, layout: str = "a4-8") -> tuple[bytes, badges.RenderResult]:
    out = io.BytesIO()
    result = render_badges(BadgeSheet(layout=layout, **SHEET), items, out)
    return out.getvalue(), result


def slot_codes(pdf: bytes, layout_key: str, dpi: int = 200) -> list[str]:
    """The QR code of every badge slot, page by page, slot by slot ("" for an empty or unreadable slot).

    Each slot is cut out and decoded alone: zbar misses codes on a page that holds a grid of them.
    """
    from PIL import Image

    layout = LAYOUTS[layout_key]
    (page_w, page_h), (bw, bh) = layout.page, layout.badge
    codes = []
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "b.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "b.pdf", "page"], cwd=tmp, check=True)
        for page in sorted(Path(tmp).glob("page-*.png")):
            image = Image.open(page)
            scale = image.width / page_w
            for n, (x, y) in enumerate(layout.slots()):
                box = (round(x * scale), round((page_h - y - bh) * scale), round((x + bw) * scale),
                       round((page_h - y) * scale))
                crop = Path(tmp, f"{page.stem}-{n}.png")
                image.crop(box).save(crop)
                run = subprocess.run(["zbarimg", "-q", "--raw", str(crop)], capture_output=True, text=True)
                codes.append(run.stdout.strip())
    return codes


# --- the renderer ---------------------------------------------------------------------------------------

@needs_tools
@pytest.mark.parametrize("layout_key", list(LAYOUTS))
def test_each_layout_prints_one_badge_per_person_on_the_right_pages_and_every_qr_code_scans(layout_key):
    layout = LAYOUTS[layout_key]
    names = list(NAMES.values()) + [LONG_NAME]
    people = [badge(names[i % len(names)]) for i in range(layout.per_page * 2 + 1)]
    pdf, result = render(people, layout_key)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == result.pages == math.ceil(len(people) / layout.per_page) == 3
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(layout.page[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(layout.page[1], abs=0.01)
    assert result.printed == list(range(len(people)))
    assert result.failed == []
    # every badge in its slot, in order, its QR code holding exactly the check-in code; the rest empty
    codes = slot_codes(pdf, layout_key)
    expected = [p.checkin_code for p in people]
    assert codes == expected + [""] * (len(codes) - len(expected))


def test_badges_fit_on_their_page_and_the_grid_matches_the_stock():
    a4_8, letter_6, id1 = LAYOUTS["a4-8"], LAYOUTS["letter-6"], LAYOUTS["id1"]
    for layout in LAYOUTS.values():
        for x, y in layout.slots():
            assert x >= 0
            assert x + layout.badge[0] <= layout.page[0] + 0.01
            assert y >= 0
            assert y + layout.badge[1] <= layout.page[1] + 0.01
    assert (a4_8.per_page, round(a4_8.badge[0] / 72 * 25.4), round(a4_8.badge[1] / 72 * 25.4)) == (8, 90, 55)
    assert letter_6.per_page == 6
    assert letter_6.badge == (288, 216)
    assert letter_6.slots()[0] == (18, 792 - 72 - 216)  # Avery 5392: 1 in top, 1/4 in left margin
    assert [round(v / 72 * 25.4, 1) for v in id1.page] == [85.6, 54.0]
    assert LAYOUTS["a4-4"].per_page == 4
    assert LAYOUTS["a6"].per_page == 1


def test_a_badge_shows_forum_dates_name_organisation_country_band_and_cluster():
    pdf, _ = render([badge("Dr Benjamin Quinones", organisation="ASEC", country_name="Philippines",
                           category_word="FACILITATOR", cluster="MSME development")])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("ASEAN Community Forum 2027", "14–15 April 2027 · Jakarta", "Dr Benjamin Quinones", "ASEC",
                     "Philippines", "FACILITATOR", "Cluster: MSME development"):
        assert expected in text


def test_no_cluster_means_no_cluster_line():
    pdf, _ = render([badge(cluster="")])
    assert "Cluster" not in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_every_band_colour_carries_white_text_at_wcag_contrast():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert set(CATEGORY_COLOURS) == {"PARTICIPANT", "SPEAKER", "FACILITATOR", "ORGANISER", "MEDIA", "STAFF"}
    assert len(set(CATEGORY_COLOURS.values())) == 6
    for word, colour in CATEGORY_COLOURS.items():
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, word


@pytest.mark.parametrize("script", list(NAMES))
def test_every_script_is_drawn_with_a_font_that_has_its_glyphs_and_shaped_by_harfbuzz(script):
    import uharfbuzz
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapedStr

    files = fonts.register_fonts()
    name = NAMES[script]
    block = fit(name, True, 500, 20, 8)
    runs = [(f, t) for line in block.lines for f, t, _w in line if f]
    drawn_fonts = {f for f, _t in runs}
    key = {"vietnamese": fonts.LATIN, "thai": fonts.THAI, "khmer": fonts.KHMER, "burmese": fonts.MYANMAR,
           "lao": fonts.LAO}[script]
    assert drawn_fonts == {fonts.font_name(key, bold=True)}
    face = pdfmetrics.getFont(fonts.font_name(key, bold=True)).face
    for char in name:  # every character has a glyph in the font it is drawn with
        if not char.isspace():
            assert face.charToGlyph.get(ord(char), 0) != 0, f"{char!r} (U+{ord(char):04X}) missing"
    if key == fonts.LATIN:
        return  # precomposed Vietnamese needs no shaping, and the fast path leaves it alone
    # shaping ran: each word is HarfBuzz's output, glyph for glyph (the reference shaper itself)
    bold_file = (files[key].bold or files[key].regular).read_bytes()
    hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(bold_file)))
    for word, (_font, text) in zip(name.split(), runs, strict=True):
        assert isinstance(text, ShapedStr)
        buffer = uharfbuzz.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
        assert [face.charToGlyph[ord(c)] for c in text] == [info.codepoint for info in buffer.glyph_infos]
    if script in ("khmer", "burmese"):  # reordered or substituted: plain character-to-glyph would be wrong
        naive = [face.charToGlyph[ord(c)] for c in name if not c.isspace()]
        assert [face.charToGlyph[ord(c)] for _f, t in runs for c in t] != naive


def _ink(draw) -> object:
    """What draw(canvas) puts on a small page, rasterised at 150 dpi and cropped to its ink."""
    from PIL import Image, ImageChops
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(400, 80))
    draw(canvas)
    canvas.save()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "n.pdf").write_bytes(out.getvalue())
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "n.pdf", "n"], cwd=tmp, check=True)
        image = Image.open(next(Path(tmp).glob("n*.png"))).convert("L")
    bbox = ImageChops.invert(image).point(lambda v: 255 if v > 40 else 0).getbbox()
    assert bbox, "nothing was drawn"
    return image.crop(bbox)


def _differing(ours, reference) -> float:
    """The share of pixels that differ clearly, once both are brought to the same size."""
    from PIL import ImageChops

    diff = ImageChops.difference(ours, reference.resize(ours.size))
    return diff.point(lambda v: 255 if v > 128 else 0).histogram()[255] / (ours.width * ours.height)


@needs_tools
def test_the_names_look_like_the_reference_paragraph_rendering():
    """The fast canvas path draws what reportlab's Paragraph with shaping draws (the programme's path,
    checked by eye in five scripts); unshaped drawing is visibly different, so the comparison can fail."""
    from reportlab.platypus import Paragraph

    fonts.register_fonts()
    style = fonts.paragraph_style("ref", 20, bold=True, leading=40)

    def paragraph(name):
        def draw(canvas):
            para = Paragraph(fonts.markup(name, bold=True), style)
            para.wrap(380, 80)
            para.drawOn(canvas, 10, 10)
        return draw

    for script, name in NAMES.items():
        ours = _ink(lambda canvas, name=name: draw_block(canvas, fit(name, True, 380, 20, 20), 10, 60, 380,
                                                         badges.INK))
        reference = _ink(paragraph(name))
        assert abs(ours.width - reference.width) <= 2, script
        assert abs(ours.height - reference.height) <= 2, script
        assert _differing(ours, reference) < 0.02, script
        if script in ("khmer", "burmese"):
            def unshaped(canvas, name=name, script=script):
                canvas.setFont(fonts.font_name(fonts.KHMER if script == "khmer" else fonts.MYANMAR, True), 20)
                canvas.drawString(10, 30, name)  # characters in stored order, no HarfBuzz
            wrong = _ink(unshaped)
            assert wrong.size != reference.size or _differing(wrong, reference) > 0.05, script


@pytest.mark.parametrize("layout_key", list(LAYOUTS))
def test_an_80_character_name_fits_its_box_on_two_lines(layout_key):
    name = LONG_NAME + ", Jr."
    assert len(name) == 85
    assert len(LONG_NAME) == 80
    renderer = badges._Renderer.__new__(badges._Renderer)
    layout = LAYOUTS[layout_key]
    renderer.layout = layout
    renderer.header = badges._header(BadgeSheet(layout=layout_key, **SHEET), *layout.badge, layout.inset)
    renderer.g = badges._geometry(layout, renderer.header.height)
    renderer.qr_painter, renderer.bands = badges.draw_qr, {"x": "band0"}
    renderer._band_form = lambda word, colour: "band0"
    for text in (LONG_NAME, name):
        prepared = renderer.prepare(badge(text))
        x, width, _max, min_size, top = renderer.g.name
        block = prepared.name
        assert len(block.lines) == 2
        assert max(block.widths) * block.size * block.scale <= width + 0.01
        assert block.size >= min_size
        lowest_info_top = max((t for _b, t, _c in prepared.info), default=renderer.g.info[2])
        assert prepared.name_top <= top + 0.01
        assert prepared.name_top - block.height >= lowest_info_top - 0.01  # clear of the lines under it


def test_names_shrink_then_wrap_onto_two_lines_before_they_get_too_small():
    short = fit("Ana Tan", True, 180, 21, 7, max_lines=2)
    assert len(short.lines) == 1
    assert short.size == 21
    medium = fit("Nguyễn Phương Linh Thị Hoa", True, 180, 21, 7, max_lines=2)
    assert len(medium.lines) == 2
    assert medium.size > 21 * 0.7
    assert medium.scale == 1
    one_word = fit("Pneumonoultramicroscopicsilicovolcanoconiosis" * 2, True, 180, 21, 7, max_lines=2)
    assert len(one_word.lines) == 1
    assert one_word.size == 7
    assert one_word.scale < 1
    assert one_word.widths[0] * one_word.size * one_word.scale == pytest.approx(180)


def test_text_is_nfc_normalised_and_never_drawn_in_helvetica():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Phương Linh")
    assert decomposed != "Nguyễn Phương Linh"
    assert fit(decomposed, True, 500, 20, 8).lines == fit("Nguyễn Phương Linh", True, 500, 20, 8).lines
    pdf, _ = render([badge(decomposed)])
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Nguyễn Phương Linh" in unicodedata.normalize("NFC", page.extract_text())
    assert b"Helvetica" not in pdf


def test_markup_and_links_in_names_print_literally_and_open_nothing():
    nasty = '<b>Unclosed <img src="x"> <a href="javascript:alert(1)">click</a> &amp;'
    pdf, result = render([badge(nasty, organisation="<font color=red>Org</font>", cluster="</para>")])
    assert result.failed == []
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<b>Unclosed" in text
    assert '<img src="x">' in text
    assert "javascript:alert(1)" in text
    assert "&amp;" in text
    assert "<font color=red>Org</font>" in text
    assert "</para>" in text
    for marker in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/Annots", b"/XObject /Image"):
        assert marker not in pdf


def test_one_bad_record_never_breaks_the_batch():
    good = [badge("Ana Tan"), badge("Budi Santoso")]
    bad = [
        badge("Wrong colour", band_colour="not-a-colour", reference="registration #7"),
        badge("Too long a code", checkin_code="X" * 5000, reference="registration #8"),
    ]
    pdf, result = render([good[0], bad[0], badge(None), bad[1], good[1]])
    assert result.printed == [0, 2, 4]
    assert [(i, ref) for i, ref, _why in result.failed] == [(1, "registration #7"), (3, "registration #8")]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == result.pages == 2  # the badges, then the list of those left out
    assert "Ana Tan" in reader.pages[0].extract_text()
    assert "Budi Santoso" in reader.pages[0].extract_text()
    last = reader.pages[1].extract_text()
    assert "2 badges could not be drawn" in last
    assert "registration #7" in last
    assert "registration #8" in last
    assert "Wrong colour" not in last  # listed by reference: the name may be what failed


def test_an_empty_batch_is_still_a_valid_pdf():
    pdf, result = render([])
    assert result.printed == []
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


@needs_tools
def test_the_pure_python_qr_encoder_is_a_working_fallback(monkeypatch):
    monkeypatch.setattr(badges, "qr_matrix", badges._qr_matrix_segno)
    badges.qr_path.cache_clear()
    people = [badge("Ana Tan"), badge("Budi Santoso")]
    pdf, _ = render(people, "id1")
    badges.qr_path.cache_clear()
    assert slot_codes(pdf, "id1") == [p.checkin_code for p in people]
    n, path = badges.qr_path("ABCD2345EFGH")
    assert n == 21
    assert path.endswith("1 re")
    assert "\n" not in path


# --- the views ------------------------------------------------------------------------------------------

@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=organiser,
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), venue_city="Jakarta")


@pytest.fixture
def people(db, forum, create_user, add_role, organiser, create_registration):
    """A cluster with a participant and its facilitator, a speaker, press, staff, and one waiting."""
    from forumops.agenda import operations as agenda_ops
    from forumops.clusters.operations import add_staff, assign_registration, create_cluster

    women = create_cluster(forum, "Women empowerment")
    create_cluster(forum, "Rural development")
    linh_user = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    ben = create_user(email="ben@example.org", name="Dr Ben")
    speaker = create_user(email="speaker@example.org", name="Somchai")
    add_staff(women, ben, "facilitator")
    agenda_ops.create_item(forum, {
        "day": date(2027, 4, 14), "start": time(9), "end": time(10), "title": "Keynote", "type": "keynote",
        "room": "", "cluster_id": None, "description": "",
        "people": [{"role": "speaker", "user_id": speaker.id}, {"role": "panellist", "name": "Guest Panellist"}]})
    db.session.commit()
    made = {
        "linh": create_registration(forum, user=linh_user, name="Nguyễn Phương Linh", email="linh@example.org",
                                    organisation=VWU, notify=False),
        "ben": create_registration(forum, user=ben, name="Dr Ben", email="ben@example.org", organisation=VWU,
                                   notify=False),  # registered signed in: his account's role prints
        "somchai": create_registration(forum, user=speaker, name="สมชาย ใจดี", email="speaker@example.org",
                                       organisation=VWU, notify=False),
        "guest": create_registration(forum, name="Guest Panellist", email="guest@example.org", organisation=VWU,
                                     category="resource_person", notify=False),  # no account: given by organisers
        "press": create_registration(forum, name="Press Person", email="press@example.org", organisation=VWU,
                                     category="media", notify=False),
        "staff": create_registration(forum, name="Staff Person", email="staff@example.org", organisation=VWU,
                                     category="organiser_staff", notify=False),
        "mai": create_registration(forum, user=organiser, name="Mai Tran", email="mai@example.org", organisation=VWU,
                                   category="organiser_staff", notify=False),
        "expert": create_registration(forum, name="Resource Expert", email="expert@example.org", organisation=VWU,
                                      category="resource_person", notify=False),
    }
    assign_registration(women, made["linh"][0], choice_rank=1)
    seats.settings_for(forum).capacity = len(made)
    db.session.commit()
    made["late"] = create_registration(forum, name="Late Person", email="late@example.org", organisation=VWU,
                                       notify=False)  # waitlisted: no badge
    assert made["late"][0].status == "waitlisted"
    return {key: registration for key, (registration, _token) in made.items()} | {
        "tokens": {key: token for key, (_r, token) in made.items()}, "women": women}


def test_each_person_gets_the_band_their_role_calls_for(forum, people):
    from forumops.registration.badge_queries import badge_people

    words = {p.name: (p.word, p.cluster_names) for p in badge_people(forum)}
    assert words == {
        "Nguyễn Phương Linh": ("PARTICIPANT", ("Women empowerment",)),
        "Dr Ben": ("FACILITATOR", ("Women empowerment",)),
        "สมชาย ใจดี": ("SPEAKER", ()),
        "Guest Panellist": ("SPEAKER", ()),
        "Press Person": ("MEDIA", ()),
        "Staff Person": ("STAFF", ()),
        "Mai Tran": ("ORGANISER", ()),
        "Resource Expert": ("SPEAKER", ()),
    }  # the waitlisted person has no badge


def post_badges(client, **data):
    form = {"who": "confirmed", "layout": "a4-8", "mark_printed": "y"} | data
    return client.post("/forums/acf/badges.pdf", data=form)


@needs_tools
def test_an_organiser_prints_the_badges_of_a_cluster_and_they_are_marked_printed(client, login, db, forum, people,
                                                                                  organiser):
    login(organiser)
    page = client.get("/forums/acf/badges")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Everyone confirmed (8)" in html
    assert "Women empowerment (2)" in html
    assert "Speakers (3)" in html

    response = post_badges(client, who="cluster", cluster=str(people["women"].id))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == "attachment; filename=acf-badges-a4-8.pdf"
    pdf = response.get_data()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    codes = [c for c in slot_codes(pdf, "a4-8") if c]
    assert codes == [people["ben"].checkin_code, people["linh"].checkin_code]  # alphabetical: Dr Ben, Nguyễn
    printed = dict(db.session.execute(select(Registration.name, Registration.badge_printed_at)).all())
    assert printed["Dr Ben"]
    assert printed["Nguyễn Phương Linh"]
    assert not printed["Press Person"]
    assert not printed["Late Person"]

    # "not printed yet" now leaves those two out; a test print (unticked) marks nothing
    response = post_badges(client, who="not_printed", mark_printed="")
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Press Person" in text
    assert "Dr Ben" not in text
    assert db.session.scalar(select(Registration.badge_printed_at).where(Registration.name == "Press Person")) is None


def test_a_category_or_hand_picked_people_get_exactly_their_badges(client, login, forum, people, organiser):
    login(organiser)
    response = post_badges(client, who="category", category="SPEAKER", layout="a6")
    text = [p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages]
    assert len(text) == 3
    assert all("SPEAKER" in t for t in text)
    assert "Guest Panellist" in text[0]
    assert "Resource Expert" in text[1]

    response = post_badges(client, who="picked", ids=[str(people["press"].id), str(people["staff"].id),
                                                      str(people["late"].id), "999999"], layout="id1")
    pages = PdfReader(io.BytesIO(response.get_data())).pages
    assert [("Press Person" in p.extract_text(), "Staff Person" in p.extract_text()) for p in pages] == [
        (True, False), (False, True)]  # the waitlisted person and an unknown id are not printed


@pytest.mark.parametrize(("data", "message"), [
    ({"layout": "a3-99"}, "Choose one of the layouts in the list."),
    ({"layout": "<script>"}, "Choose one of the layouts in the list."),
    ({"who": "everyone"}, "Choose whose badges to print."),
    ({"who": "category", "category": "ROYALTY"}, "Choose a category."),
    ({"who": "cluster", "cluster": "abc"}, "Choose a cluster."),
    ({"who": "picked"}, "Tick at least one confirmed person in the list."),
    ({"who": "confirmed", "ids": ["1"]}, "You ticked 1 people in the list but chose"),
    ({"who": "category", "category": "STAFF"}, "No confirmed person is in the category"),
])
def test_bad_choices_show_the_form_again_with_a_clear_message(client, login, forum, organiser, data, message):
    from forumops.clusters.operations import create_cluster

    create_cluster(forum, "Empty cluster")
    login(organiser)
    response = post_badges(client, **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message.replace("“", "&#34;") in html or message in html.replace("&#34;", '"').replace("&#39;", "'")
    assert "<form" in html
    assert "Download badges (PDF)" in html


def test_nobody_confirmed_and_an_empty_cluster_say_so(client, login, forum, organiser):
    from forumops.clusters.operations import create_cluster

    cluster = create_cluster(forum, "Empty cluster")
    login(organiser)
    response = post_badges(client)
    assert response.status_code == 422
    assert "No one is confirmed for this forum yet" in response.get_data(as_text=True)
    response = post_badges(client, who="cluster", cluster=str(cluster.id))
    assert "No confirmed person is assigned to the cluster" in response.get_data(as_text=True)
    response = post_badges(client, who="not_printed")
    assert response.status_code == 422


def test_only_this_forums_organisers_and_admins_print_badges(client, login, forum, people, create_user,
                                                             create_forum, add_role):
    anonymous = client.get("/forums/acf/badges")
    assert anonymous.status_code == 302
    assert "/account/signin" in anonymous.headers["Location"]
    assert post_badges(client).status_code == 302
    participant = create_user(email="p@example.org")
    add_role(forum, participant, "participant")
    facilitator = create_user(email="f@example.org")
    add_role(forum, facilitator, "facilitator")
    elsewhere = create_user(email="o@example.org")
    create_forum(slug="other", organiser=elsewhere)
    for user in (participant, facilitator, elsewhere):
        login(user)
        assert client.get("/forums/acf/badges").status_code == 403
        assert post_badges(client).status_code == 403
        assert client.get(f"/forums/acf/registrations/{people['linh'].id}/badge.pdf").status_code == 403
    login(create_user(email="admin@example.org", is_admin=True))
    assert post_badges(client).status_code == 200


def test_the_form_posts_with_csrf_and_a_get_of_the_pdf_goes_back_to_the_form(csrf_app, client, login, forum,
                                                                              people, organiser):
    login(organiser)
    assert post_badges(client).status_code == 400  # no token: refused before anything is marked
    page = client.get("/forums/acf/badges").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = client.get("/forums/acf/badges.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forums/acf/badges")


def test_the_desk_prints_one_badge_and_only_a_post_marks_it(client, login, db, forum, people, organiser,
                                                            create_forum, create_registration):
    login(organiser)
    url = f"/forums/acf/registrations/{people['linh'].id}/badge.pdf"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == f"attachment; filename=acf-badge-{people['linh'].id}.pdf"
    assert len(PdfReader(io.BytesIO(response.get_data())).pages) == 1
    db.session.refresh(people["linh"])
    assert people["linh"].badge_printed_at is None
    assert client.post(url + "?layout=id1").status_code == 200
    db.session.refresh(people["linh"])
    assert people["linh"].badge_printed_at is not None

    late = client.get(f"/forums/acf/registrations/{people['late'].id}/badge.pdf")
    assert late.status_code == 409
    assert "confirm this registration first" in late.get_data(as_text=True)
    assert client.get(url + "?layout=poster").status_code == 422
    other = create_forum(slug="mine-too", organiser=organiser)
    stranger, _ = create_registration(other, name="Stranger", email="s@example.org", organisation=VWU, notify=False)
    assert client.get(f"/forums/acf/registrations/{stranger.id}/badge.pdf").status_code == 404


def test_a_participant_downloads_their_own_badge_by_link_or_account(client, login, db, forum, people, create_user):
    token = people["tokens"]["press"]
    response = client.get(f"/forums/acf/registration/{token}/badge.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Press Person" in PdfReader(io.BytesIO(response.get_data())).pages[0].extract_text()
    waiting = client.get(f"/forums/acf/registration/{people['tokens']['late']}/badge.pdf")
    assert waiting.status_code == 409
    assert "once your place is confirmed" in waiting.get_data(as_text=True)
    assert client.get("/forums/acf/registration/not-a-token/badge.pdf").status_code == 404
    assert client.get("/forums/acf/my-registration/badge.pdf").status_code == 302  # sign in first

    user = db.session.get(type(people["women"].assignments[0].user), people["linh"].user_id)
    login(user)
    mine = client.get("/forums/acf/my-registration/badge.pdf")
    assert mine.status_code == 200
    assert "Women empowerment" in PdfReader(io.BytesIO(mine.get_data())).pages[0].extract_text()
    db.session.refresh(people["press"])
    assert people["press"].badge_printed_at is None  # a participant's download is not the organisers' print


def test_badges_of_a_hybrid_forum_are_for_those_who_come_unless_online_is_chosen(client, login, db, forum,
                                                                                 organiser, create_registration):
    create_registration(forum, name="Comes In Person", email="here@example.org", organisation=VWU, notify=False)
    create_registration(forum, name="Joins Online", email="online@example.org", organisation=VWU,
                        attendance_mode="online", notify=False)
    login(organiser)
    page = client.get("/forums/acf/badges").get_data(as_text=True)
    assert "Those attending in person (1)" in page
    assert "Those attending online (1)" in page
    assert re.search(r'value="in_person" checked|checked[^>]*value="in_person"', page)  # in person by default

    def printed(**data):
        response = post_badges(client, mark_printed="", **data)
        assert response.status_code == 200
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)

    default = printed()
    assert "Comes In Person" in default
    assert "Joins Online" not in default
    online = printed(attendance="online")
    assert "Joins Online" in online
    assert "Comes In Person" not in online
    both = printed(attendance="all")
    assert "Joins Online" in both
    assert "Comes In Person" in both


def test_no_one_attending_that_way_is_said_next_to_the_choice(client, login, db, forum, organiser, create_registration):
    create_registration(forum, name="Comes In Person", email="here@example.org", organisation=VWU, notify=False)
    login(organiser)
    response = post_badges(client, attendance="online")
    assert response.status_code == 422
    assert "Nobody of this choice attends online." in response.get_data(as_text=True)
    assert 'id="attendance-error"' in response.get_data(as_text=True)
