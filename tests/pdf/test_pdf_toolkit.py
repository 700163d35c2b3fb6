"""The PDF toolkit (forumops/pdf): its place under the stages, and the memoised shaping every renderer gets."""

import ast
import io
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from forumops.core import fonts
from forumops.pdf.text import Paragraph, shape_only_when_needed

TOOLKIT = Path(__file__).resolve().parents[2] / "forumops" / "pdf"
STAGES = ("accounts", "organisations", "forums", "agenda", "registration", "clusters", "outcomes", "followup",
          "privacy", "notifications", "demo")


def test_the_toolkit_imports_no_stage():
    """Renderers pass it plain data: it sits in core's layer."""
    for path in TOOLKIT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                top = (node.module or "").split(".")[0]
                assert node.level == 1 or top == "core", f"{path.name} imports ..{node.module}"
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not any(n.startswith(tuple(f"forumops.{s}" for s in STAGES)) for n in names), path.name


def _drawn(text: str, style) -> bytes:
    """The paragraph drawn on a page of its own, as a reproducible, uncompressed PDF."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    para = Paragraph(fonts.markup(text), style)
    para.wrapOn(canvas, 120, 1000)  # narrow: the words wrap onto several lines
    para.drawOn(canvas, 10, 500)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_word_is_shaped_once_and_comes_out_as_freshly_shaped(monkeypatch):
    style = fonts.paragraph_style("toolkit-body", 10)
    text = "សុខ សុភ័ក្ត្រ Nguyễn Phương Linh, Taiwan AVA Coffee សុខ"
    fonts._shaped_words.clear()
    fresh = _drawn(text, style)
    calls = []
    original = fonts._shape_each_font.original
    monkeypatch.setattr(fonts._shape_each_font, "original", lambda *a, **k: calls.append(a) or original(*a, **k))
    again = _drawn(text, style)
    assert calls == []  # every word of the second paragraph came from the memo
    assert again == fresh


def test_only_marked_styles_skip_shaping_of_latin_text():
    plain = fonts.paragraph_style("toolkit-plain", 10)
    marked = shape_only_when_needed({"body": fonts.paragraph_style("toolkit-marked", 10)})["body"]
    assert Paragraph("Coffee with Tran", plain).style.shaping == 1  # kerned, as the programme prints it
    assert Paragraph("Coffee with Tran", marked).style.shaping == 0  # the report's look
    assert Paragraph(fonts.markup("ពិធីបើក"), marked).style.shaping == 1  # Khmer is always shaped
