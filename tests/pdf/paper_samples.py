"""Certificates and letters for the PDF tests, and the PDFs read back as a reader would: the text (pdftotext),
where each word sits (pdftotext -bbox), the page as a picture (pdftoppm) and its QR code (zbarimg).
Poppler's and zbar's tools are Debian's poppler-utils and zbar-tools (`make system` installs them)."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path

from PIL import Image, ImageDraw

from forumops.core.tokens import derived_code, grouped_code
from forumops.pdf.logos import LogoData
from forumops.pdf.papers import (
    CertificatePage,
    LetterPage,
    PaperDesign,
    Signatory,
    render_certificates,
    render_letters,
)
from tests.pdf_images import logo_data

LOGOS = (logo_data("Vietnam Women's Union", (600, 300)), logo_data("Mekong Institute", (400, 400), (160, 60, 20)),
         logo_data("ASEC", (500, 200), (30, 120, 60)), logo_data("ILO", (300, 300), (90, 40, 120)))
BODY = ("This is to certify that {name} of Vietnam Women's Union attended the Regional Training on "
        "Gender-Responsive Budgeting held in Hanoi, Viet Nam, from 2 to 4 December 2026.")


def signature_data(name: str, size=(480, 160)) -> LogoData:
    """A pen stroke on a transparent ground, as an uploaded signature is kept for print."""
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    w, h = size
    ImageDraw.Draw(image).line([(10, h * 0.7), (w * 0.2, h * 0.2), (w * 0.4, h * 0.8), (w * 0.6, h * 0.25),
                                (w * 0.9, h * 0.6)], fill=(20, 30, 120, 255), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return LogoData(name, hashlib.sha256(out.getvalue()).hexdigest(), out.getvalue())


SIGNATORIES = (  # three different signatures (the same picture twice would be kept once)
    Signatory("Dr Nguyễn Thị Mai", "Director, Vietnam Women's Union", signature_data("Mai")),
    Signatory("Benjamin Quiñones", "Chair, Asian Solidarity Economy Council", signature_data("Ben", (420, 170))),
    Signatory("Sok Chandara", "Programme Officer, Mekong Institute", signature_data("Sok", (500, 150))))


def design(logos: int = 2, signatories: int = 2, title: str = "Certificate of Attendance",
           label: str = "Check this certificate at") -> PaperDesign:
    return PaperDesign(title, LOGOS[:logos], SIGNATORIES[:signatories], label)


def code_and_url(seed: str) -> tuple[str, str]:
    """A printed code, grouped, and the verification address its QR code holds."""
    code = derived_code("tests", hashlib.sha256(seed.encode()).hexdigest()[:32])
    return grouped_code(code), f"https://forumops.example.org/verify/{code}"


def certificate(name: str, body: str | None = None, issued: str = "Issued on 4 December 2026") -> CertificatePage:
    code, url = code_and_url(name)
    return CertificatePage(name, BODY.format(name=name) if body is None else body, code, url, issued)


def letter(body: str, subject: str = "Invitation to the Regional Training", seed: str = "letter") -> LetterPage:
    code, url = code_and_url(seed)
    return LetterPage("Hanoi, 10 October 2026", ("Ms SOK SOPHEAK", "Nationality: Cambodian"), subject, body, code,
                      url)


def certificates_pdf(pages) -> bytes:
    out = io.BytesIO()
    render_certificates(iter(pages), out)
    return out.getvalue()


def letters_pdf(pages) -> bytes:
    out = io.BytesIO()
    render_letters(iter(pages), out)
    return out.getvalue()


def _tool(args: list[str], pdf: bytes, page: int | None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "p.pdf").write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page)] if page else []
        return subprocess.run([*args, *pages, "p.pdf", "-"], cwd=tmp, capture_output=True, text=True,
                              check=True).stdout


def text_of(pdf: bytes, page: int | None = None) -> str:
    """What a reader copies out of the page (pdftotext, reading order), white space folded: a line that wraps
    in a narrow column still reads as one."""
    return " ".join(_tool(["pdftotext"], pdf, page).split())


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words_of(pdf: bytes, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, left, top, right, bottom) in points from the page's top left corner (pdftotext -bbox)."""
    return [(unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4]))
            for m in _WORD.finditer(_tool(["pdftotext", "-bbox"], pdf, page))]


def picture(pdf: bytes, page: int = 1, dpi: int = 150) -> Image.Image:
    """The page rasterised in grey by pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "p.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), "p.pdf",
                        "page"], cwd=tmp, check=True)
        return Image.open(next(Path(tmp).glob("page*.png"))).convert("L")


def scanned(pdf: bytes, page: int = 1) -> list[str]:
    """Every QR code zbarimg reads on the page."""
    with tempfile.TemporaryDirectory() as tmp:
        picture(pdf, page).save(Path(tmp, "p.png"))
        run = subprocess.run(["zbarimg", "-q", "--raw", "p.png"], cwd=tmp, capture_output=True, text=True)
        return run.stdout.split()
