"""The printable programme (agenda/pdf.py) and the PDF font helpers (core/fonts.py).

Run this module directly to write the sample programme to /tmp/programme.pdf for a look:
    PYTHONPATH=. python tests/agenda/test_agenda_pdf.py
"""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from forumops.agenda.data import ItemData, PersonData, ProgrammeData
from forumops.agenda.pdf import format_day, format_offset, format_time_range, plain_text, render_programme
from forumops.core import fonts

KL = ZoneInfo("Asia/Kuala_Lumpur")
TRICKY_TITLE = 'Report-back <b>bold claims <img src=x> & <a href="javascript:alert(1)">next steps</a>'


def _at(hhmm: str, day: int = 25) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2015, 4, day, hour, minute, tzinfo=KL).astimezone(UTC)


def _item(n: int, start: str, end: str, title: str, type_: str, **fields) -> ItemData:
    return ItemData(id=n, uid=f"item-{n}@forumops", title=title, type=type_, start=_at(start), end=_at(end), **fields)


def kl_programme() -> ProgrammeData:
    """A day of the ASEAN solidarity-economy forum, Kuala Lumpur, 25 April 2015."""
    items = (
        _item(1, "08:00", "09:00", "Registration/Coffee", "registration", room="Foyer"),
        _item(2, "09:00", "09:30", "Opening Session", "opening_session", room="Dewan Tun Hussein Onn", people=(
            PersonData("Datuk Saifuddin Abdullah", "speaker", "CEO of GMM", "Global Movement of Moderates"),
            PersonData("Ms Elaine Tan", "speaker", "", "ASEAN Foundation"),
        )),
        _item(3, "09:30", "11:00",
              "Panel: Solidarity-based Community Enterprises for ASEAN: Opportunities, possibilities & challenges",
              "panel", room="Dewan Tun Hussein Onn", online=True,
              description="Four countries, **one** question: how do community enterprises *scale* without "
                          "losing their members? See [the concept note](https://example.org/note).",
              people=(
                  PersonData("Datuk Dr Denison Jayasooria", "moderator", "", "ASEC"),
                  PersonData("Dr Benjamin Quiñones, Jr.", "panellist", "ASEC Chair",
                             "Asian Solidarity Economy Council"),
                  PersonData("Nguyễn Phương Linh", "panellist", "", "Vietnam Cooperative Alliance"),
                  PersonData("สมชาย ใจดี", "panellist", "", "Thai Social Enterprise Office (สกส.)"),
              )),
        _item(4, "11:00", "11:15", "Coffee break", "break"),
        _item(5, "11:15", "12:30", "Open forum", "open_forum", room="Dewan Tun Hussein Onn",
              people=(PersonData("Ms Elaine Tan", "chair", "", "ASEAN Foundation"),)),
        _item(6, "12:30", "13:30", "Lunch", "meal", room="Dining hall"),
        _item(7, "13:30", "15:30", "Food sovereignty and farmer cooperatives", "breakout", room="Room 1",
              cluster="Cluster 1: Agriculture & food",
              people=(PersonData("សុខ សុភ័ក្ត្រ", "moderator", "", "CEDAC Cambodia"),
                      PersonData("Ms Rosa Santos", "rapporteur", "", "PhilSEN"))),
        _item(8, "13:30", "15:30", "Finance for social enterprises", "breakout", room="Room 2",
              cluster="Cluster 2: Social finance",
              people=(PersonData("အောင်ဆန်း", "resource_person", "", "Myanmar Microfinance Network"),)),
        _item(9, "13:30", "15:30", "Fair trade and community tourism", "breakout", room="Room 3", online=True,
              cluster="Cluster 3: Fair trade",
              people=(PersonData("ສົມພອນ", "moderator", "", "Lao Fair Trade Association"),)),
        _item(10, "15:30", "15:45", "Tea break", "break"),
        _item(11, "15:45", "16:45", TRICKY_TITLE, "report_back", room="Dewan Tun Hussein Onn",
              people=(PersonData("Nguyễn Phương Linh", "rapporteur", "", "Vietnam Cooperative Alliance"),)),
        _item(12, "16:45", "17:30", "Closing session", "closing_session", room="Dewan Tun Hussein Onn", people=(
            PersonData("Datuk Dr Denison Jayasooria", "speaker", "ASEC Deputy Chair", "ASEC"),
        )),
        _item(13, "14:00", "15:00", "Withdrawn side event", "side_event", cancelled=True),
    )
    return ProgrammeData(
        forum_title="ASEAN Solidarity Economy Forum 2015",
        forum_slug="asef-2015",
        timezone="Asia/Kuala_Lumpur",
        url="https://forumops.example.org/forums/asef-2015/programme",
        calendar_name="ASEF 2015",
        venue="Universiti Malaya, Kuala Lumpur",
        items=items,
    )


def big_programme(n: int = 200) -> ProgrammeData:
    start = datetime(2017, 3, 9, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
    items = []
    for i in range(n):
        day, slot = divmod(i, 20)
        begin = start + timedelta(days=day, minutes=30 * slot)
        items.append(ItemData(
            id=i, uid=f"big-{i}@forumops", title=f"Session {i + 1}: community enterprises and local economies",
            type="panel" if i % 5 else "break", start=begin, end=begin + timedelta(minutes=30),
            room=f"Room {i % 4 + 1}",
            people=(PersonData(f"Speaker {i}", "speaker", "", "Organisation"),
                    PersonData("สมชาย ใจดี", "panellist", "", "Thailand")),
        ))
    return ProgrammeData(forum_title="Regional Forum on Social Enterprise", forum_slug="big",
                         timezone="Asia/Jakarta", url="", calendar_name="Big", items=tuple(items))


@pytest.fixture(scope="module")
def kl_pdf() -> bytes:
    return render_programme(kl_programme())


def _text(pdf: bytes) -> list[str]:
    """Each page's text, white space collapsed (a long title wraps onto two lines)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _base_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict or {}).values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


# --- the programme PDF --------------------------------------------------------------------------------------


def test_programme_renders_times_titles_and_names(kl_pdf):
    assert kl_pdf.startswith(b"%PDF-")
    pages = _text(kl_pdf)
    assert len(pages) >= 1
    text = "\n".join(pages)
    assert "ASEAN Solidarity Economy Forum 2015" in text
    assert "Programme" in text
    assert "All times Asia/Kuala_Lumpur (UTC+08:00)" in text
    assert "Saturday 25 April 2015" in text
    assert "08:00\u201309:00" in text
    assert "16:45\u201317:30" in text
    assert "00:00" not in text  # 08:00 in Kuala Lumpur is 00:00 UTC: times are shown in the forum's zone
    for title in ("Registration/Coffee", "Opening Session", "Open forum", "Closing session", "Lunch",
                  "Food sovereignty and farmer cooperatives", "Finance for social enterprises"):
        assert title in text
    assert "Opportunities, possibilities & challenges" in text
    assert "Moderator: Datuk Dr Denison Jayasooria, ASEC" in text
    assert "Panellists:" in text
    assert "Nguyễn" in text
    assert "Nguyễn Phương Linh" in text
    assert "Withdrawn side event" not in text  # cancelled
    assert "Page 1" in text


def test_user_text_cannot_inject_markup(kl_pdf):
    text = "\n".join(_text(kl_pdf))
    assert "<img src=x>" in text
    assert "<b>bold claims" in text
    assert '<a href="javascript:alert(1)">next steps</a>' in text
    assert " & " in text
    assert not any("/Annots" in page for page in PdfReader(io.BytesIO(kl_pdf)).pages)  # no link was made


def test_parallel_breakouts_share_one_row_with_cluster_names(kl_pdf):
    text = "\n".join(_text(kl_pdf))
    assert "3 PARALLEL SESSIONS" in text
    for cluster in ("Cluster 1: Agriculture & food", "Cluster 2: Social finance", "Cluster 3: Fair trade"):
        assert cluster in text
    assert text.count("13:30\u201315:30") == 1  # one time cell for the three of them


def test_noto_font_subsets_are_embedded(kl_pdf):
    names = _base_fonts(kl_pdf)
    families = {re.sub(r"^/?[A-Z]{6}\+", "", n).split("-")[0] for n in names}
    assert {"NotoSans", "NotoSansThai", "NotoSansKhmer", "NotoSansMyanmar", "NotoSansLao"} <= families, names
    assert all(re.match(r"^/[A-Z]{6}\+NotoSans", n) for n in names), names  # embedded subsets, no Helvetica


def test_long_programme_breaks_across_pages_with_numbers_and_running_header():
    pdf = render_programme(big_programme(200))
    pages = _text(pdf)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number}" in page
    assert "Regional Forum on Social Enterprise" in pages[1]  # running header from page 2
    assert "TIME" in pages[1]
    assert "SESSION" in pages[1]
    text = "\n".join(pages)
    assert "Thursday 9 March 2017" in text
    assert "Saturday 18 March 2017" in text
    assert "Session 200:" in text


def test_empty_programme_and_unknown_zone_still_render():
    pdf = render_programme(ProgrammeData(forum_title="Forum <i>", forum_slug="x", timezone="Mars/Olympus",
                                         url="", calendar_name="x"))
    text = "\n".join(_text(pdf))
    assert "Forum <i>" in text
    assert "All times UTC" in text
    assert "No sessions" in text


def test_format_helpers():
    assert format_day(datetime(2017, 3, 9).date()) == "Thursday 9 March 2017"
    assert format_offset(timedelta(hours=7)) == "UTC+07:00"
    assert format_offset(timedelta(hours=-3, minutes=-30)) == "UTC-03:30"
    start = datetime(2015, 4, 25, 23, 0, tzinfo=KL)
    assert format_time_range(start, start + timedelta(minutes=30)) == "23:00\u201323:30"
    assert format_time_range(start, start + timedelta(hours=2)) == "23:00\u201301:00 (+1)"
    assert format_time_range(start, start) == "23:00"
    assert plain_text("**Bold** and [a link](https://x.org)\n\n- one\n- two") == "Bold and a link one two"
    assert plain_text("word " * 200, limit=30).endswith("\u2026")


# --- fonts ---------------------------------------------------------------------------------------------------


def test_script_runs_split_by_unicode_block():
    assert fonts.script_runs("Nguyễn Phương Linh") == [("latin", "Nguyễn Phương Linh")]
    assert fonts.script_runs("สมชาย ใจดี") == [("thai", "สมชาย ใจดี")]  # the space stays in the run
    assert fonts.script_runs("ສົມພອນ") == [("lao", "ສົມພອນ")]
    assert fonts.script_runs("សុខ សុភ័ក្ត្រ") == [("khmer", "សុខ សុភ័ក្ត្រ")]
    assert fonts.script_runs("အောင်ဆန်း") == [("myanmar", "အောင်ဆန်း")]
    assert fonts.script_runs("Dr สมชาย ใจดี, Bangkok") == [
        ("latin", "Dr "), ("thai", "สมชาย ใจดี"), ("latin", ", Bangkok")]
    # Khmer Noto has parentheses: they stay in the run; Thai Noto has none and no digits.
    assert fonts.script_runs("(ខ្មែរ)") == [("khmer", "(ខ្មែរ)")]
    assert fonts.script_runs("(สมชาย) 2015") == [("latin", "("), ("thai", "สมชาย"), ("latin", ") 2015")]
    assert fonts.script_runs("Nguye\u0302\u0303n") == [("latin", "Nguyễn")]  # NFC first
    assert fonts.script_runs("") == []
    assert "".join(run for _, run in fonts.script_runs("a\u0000b\tc")) == "ab c"


def test_markup_escapes_and_switches_fonts():
    out = fonts.markup("<b>Linh & Co")
    assert out == "&lt;b&gt;Linh &amp; Co"
    assert "<b>" not in out
    assert fonts.markup('<img src="x"> \'q\'') == "&lt;img src=&quot;x&quot;&gt; &#39;q&#39;"
    assert fonts.markup("Dr สมชาย") == 'Dr <font name="NotoSansThai-Regular">สมชาย</font>'
    assert fonts.markup("Dr สมชาย", bold=True) == (
        '<font name="NotoSans-Bold">Dr </font><font name="NotoSansThai-Bold">สมชาย</font>')
    assert fonts.markup("<สมชาย>") == '&lt;<font name="NotoSansThai-Regular">สมชาย</font>&gt;'
    styles = fonts.stylesheet()
    assert all(st.shaping == 1 and st.fontName.startswith("NotoSans-") for st in styles.values())


def test_markup_paragraphs_draw_every_glyph_from_the_right_font():
    """Shaped text must map to real glyphs (not .notdef), also for words mixing fonts like "(สมชาย),"."""
    fonts.register_fonts()
    style = fonts.paragraph_style("t", 10)
    assert style.shaping == 1
    for text in ("(สมชาย), 2015", "សុខ សុភ័ក្ត្រ", "ဦးအောင်ဆန်း, Yangon", "ສົມພອນ (Lao)", "Nguyễn Phương Linh"):
        para = Paragraph(fonts.markup(text), style)
        para.wrap(400, 100)
        frags = [frag for line in para.blPara.lines for frag in getattr(line, "words", [])]
        assert frags, text
        for frag in frags:
            face = pdfmetrics.getFont(frag.fontName).face
            for char in frag.text:
                assert face.charToGlyph.get(ord(char), 0) != 0, (text, frag.fontName, hex(ord(char)))


def test_khmer_and_burmese_are_shaped():
    fonts.register_fonts()
    style = fonts.paragraph_style("t", 10)
    for text in ("សុភ័ក្ត្រ", "ကြ"):
        para = Paragraph(fonts.markup(text), style)
        para.wrap(400, 100)
        drawn = "".join(frag.text for line in para.blPara.lines for frag in line.words)
        assert drawn != text, f"{text!r} was drawn unshaped"  # reordered and/or stacked glyphs


def test_fonts_missing_names_the_debian_package(tmp_path):
    with pytest.raises(fonts.FontsMissing, match="fonts-noto-core"):
        fonts.find_fonts([tmp_path])


def test_font_dir_override_is_searched_first(tmp_path, monkeypatch):
    system = fonts.find_fonts()
    for ff in system.values():
        (tmp_path / ff.regular.name).symlink_to(ff.regular)
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    found = fonts.find_fonts()
    assert found["thai"].regular == tmp_path / "NotoSansThai-Regular.ttf"
    assert found["latin"].bold == system["latin"].bold  # not in the override: found in the default dir


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/programme.pdf"
    with open(out, "wb") as fh:
        fh.write(render_programme(kl_programme()))
    print(out)
