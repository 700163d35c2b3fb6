"""Certificates of attendance and invitation letters: plain data in, a PDF written to a stream out.

Pure renderers (no request, no session, no ORM). The certificates stage fills these dataclasses; the text
they carry is final (placeholders filled, translated), and nothing in it is read as markup.

A first, plain implementation: each page laid out with platypus. The fast path (fixed parts drawn once as
form XObjects and placed by reference, like the badges) replaces it without changing these types.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Spacer

from ..core import fonts
from . import qr
from .logos import LogoData, LogoRow
from .text import Paragraph


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    signature: LogoData | None = None  # the signature image, PNG already re-encoded for print


@dataclass(frozen=True)
class PaperDesign:
    """What every paper of one design and language shares: drawn once per run where the renderer can."""

    title: str  # "Certificate of attendance"; for a letter, the letterhead's line under the logos
    logos: tuple[LogoData, ...] = ()  # the forum's, then the partners'
    signatories: tuple[Signatory, ...] = ()
    verify_label: str = ""  # "Check this certificate at" (translated)
    language: str = "en"


@dataclass(frozen=True)
class CertificatePage:
    """One person's certificate: their name large, the body text already filled in."""

    holder_name: str
    body: str  # paragraphs separated by a blank line
    code: str  # grouped, ABCD-EFGH-...
    verify_url: str  # what the QR code holds
    issued_line: str = ""  # "Issued on 4 December 2026" (translated, formatted)


@dataclass(frozen=True)
class LetterPage:
    """One invitation letter: addressed to the person, and to a named authority where asked."""

    date_line: str
    addressee: tuple[str, ...]  # lines: the person's passport name, nationality, ...; then the authority's
    subject: str
    body: str  # paragraphs separated by a blank line
    code: str
    verify_url: str


QR_SIZE = 24 * mm


def _paragraphs(text: str, style) -> list:
    return [Paragraph(fonts.markup(block).replace("\n", "<br/>"), style)
            for block in (b.strip() for b in text.split("\n\n")) if block]


def _signatories(design: PaperDesign, style) -> list:
    story: list = []
    for person in design.signatories:
        if person.signature is not None:
            story.append(LogoRow([person.signature], 14 * mm, 0, space_before=4 * mm))
        story.append(Paragraph(fonts.markup(person.name, bold=True), style))
        if person.title:
            story.append(Paragraph(fonts.markup(person.title), style))
    return story


def _verification(canvas: Canvas, design: PaperDesign, code: str, url: str, x: float, y: float, style) -> None:
    n, modules = qr.qr_matrix(url)
    qr.fill_path(canvas, n, qr.path_of(n, modules), x, y, QR_SIZE)
    lines = [design.verify_label, url, code] if design.verify_label else [url, code]
    frame = Frame(x + QR_SIZE + 4 * mm, y, 110 * mm, QR_SIZE, showBoundary=0, leftPadding=0, bottomPadding=0)
    frame.addFromList([Paragraph(fonts.markup(line), style) for line in lines], canvas)


def render_certificates(pages: Iterable[tuple[PaperDesign, CertificatePage]], out: BinaryIO) -> None:
    """One landscape A4 page per certificate, written to `out` as they come (a generator streams)."""
    size = landscape(A4)
    canvas = Canvas(out, pagesize=size, pageCompression=1)
    title = fonts.paragraph_style("certificate-title", 26, bold=True, alignment=1)
    name = fonts.paragraph_style("certificate-name", 22, bold=True, alignment=1)
    body = fonts.paragraph_style("certificate-body", 12, alignment=1)
    small = fonts.paragraph_style("certificate-small", 8)
    for design, page in pages:
        story = [LogoRow(design.logos, 18 * mm, 6 * mm, align="centre", space_after=6 * mm),
                 Paragraph(fonts.markup(design.title, bold=True), title), Spacer(0, 8 * mm),
                 Paragraph(fonts.markup(page.holder_name, bold=True), name), Spacer(0, 6 * mm),
                 *_paragraphs(page.body, body), Spacer(0, 6 * mm),
                 *_paragraphs(page.issued_line, body), *_signatories(design, body)]
        frame = Frame(20 * mm, 45 * mm, size[0] - 40 * mm, size[1] - 60 * mm, showBoundary=0)
        frame.addFromList([KeepInFrame(size[0] - 40 * mm, size[1] - 60 * mm, story, mode="shrink")], canvas)
        _verification(canvas, design, page.code, page.verify_url, 20 * mm, 12 * mm, small)
        canvas.showPage()
    canvas.save()


def render_letters(pages: Iterable[tuple[PaperDesign, LetterPage]], out: BinaryIO) -> None:
    """One portrait A4 letter per page (a long letter shrinks to its page), written to `out`."""
    size = A4
    canvas = Canvas(out, pagesize=size, pageCompression=1)
    head = fonts.paragraph_style("letter-head", 10, alignment=1)
    body = fonts.paragraph_style("letter-body", 10.5)
    subject = fonts.paragraph_style("letter-subject", 10.5, bold=True)
    small = fonts.paragraph_style("letter-small", 8)
    for design, page in pages:
        story = [LogoRow(design.logos, 16 * mm, 6 * mm, align="centre", space_after=3 * mm),
                 *_paragraphs(design.title, head), Spacer(0, 8 * mm),
                 *_paragraphs(page.date_line, body), Spacer(0, 4 * mm),
                 *_paragraphs("\n".join(page.addressee), body), Spacer(0, 4 * mm),
                 Paragraph(fonts.markup(page.subject, bold=True), subject), Spacer(0, 3 * mm),
                 *_paragraphs(page.body, body), Spacer(0, 4 * mm), *_signatories(design, body)]
        frame = Frame(22 * mm, 42 * mm, size[0] - 44 * mm, size[1] - 57 * mm, showBoundary=0)
        frame.addFromList([KeepInFrame(size[0] - 44 * mm, size[1] - 57 * mm, story, mode="shrink")], canvas)
        _verification(canvas, design, page.code, page.verify_url, 22 * mm, 12 * mm, small)
        canvas.showPage()
    canvas.save()
