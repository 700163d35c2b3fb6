"""Certificates of attendance and invitation letters: plain data in, a PDF written to a stream out.

Pure renderers (no request, no session, no ORM). The certificates stage fills these dataclasses; the text
they carry is final (placeholders filled, translated), and nothing in it is read as markup.

Certificates take the fast path (pdf/certificate.py: the parts one design shares drawn once as a form XObject
and placed by reference on every page, like the badges); letters flow onto as many portrait pages as their
text needs (pdf/letter.py, platypus), the code and QR code in the footer of each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from . import certificate, letter
from .logos import LogoData


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
    watermark: str = ""  # a preview's "PREVIEW – NOT VALID" (translated), drawn large across the page


@dataclass(frozen=True)
class LetterPage:
    """One invitation letter: addressed to the person, and to a named authority where asked."""

    date_line: str
    addressee: tuple[str, ...]  # lines: the person's passport name, nationality, ...; then the authority's
    subject: str
    body: str  # paragraphs separated by a blank line
    code: str
    verify_url: str
    mark: str = ""  # a preview's "Preview: not issued, not valid", across every page; "" on an issued letter


def render_certificates(pages: Iterable[tuple[PaperDesign, CertificatePage]], out: BinaryIO) -> None:
    """One landscape A4 page per certificate, written to `out` as they come (a generator streams)."""
    certificate.render(pages, out)


def render_letters(pages: Iterable[tuple[PaperDesign, LetterPage]], out: BinaryIO) -> None:
    """Each letter on portrait A4, flowing onto a second page (and more) when its text needs it."""
    letter.render(pages, out)
