"""Time certificates of attendance for 100, 1,000 and 10,000 people, and their peak memory, against the bare
library drawing the same pages naively.

The renderer alone (pdf/papers.py render_certificates: plain dataclasses in, a PDF written to a temporary file
on disk, as a download of all certificates is) on made-up but realistic people: the badge benchmark's names
(60 % Latin and Vietnamese, 10 % each Thai, Khmer, Burmese and Lao, 2 % of 80 characters) and organisations;
the certificate in the person's language (70 % English, 15 % Vietnamese, 10 % Thai, 5 % Khmer: four designs,
their body text shaped where the script needs it). Every certificate has 2 logos, 2 signature images (PNG with
transparency) and the QR code of its verification address. Variants:

- ours    the project's path: each design's border, logos, title, signatories and label drawn once as a form
          XObject and placed on every page; names and bodies as canvas text shaped word by word (pdf/words.py);
          QR codes by zxing-cpp drawn as one path (pdf/qr.py).
- naive   the bare reportlab loop doing the same drawing: every page draws the border, the 4 images
          (drawImage, which reportlab itself keeps once in the file) and every line of text as a Paragraph
          (fonts.markup, HarfBuzz shaping on: what it takes to draw these scripts right); the QR code the same
          way as ours, so the ratio is what forms and canvas text save. Its 10,000 run only with --full.

Each (variant, size) runs in a fresh process, so its peak resident memory (ru_maxrss, which includes the
interpreter, reportlab, the fonts and the input list: about 60 MB before rendering) is its own. Time is the
wall time of the render, best of `--repeat` runs within that process (the first run also loads the fonts and
shapes each distinct word once: reported as "cold"), and the CPU time of that process over the same run: on a
machine shared with other work the CPU time is what the render costs, the wall time what it took there.
Target: 1,000 certificates in at most 1.5 s, 10,000 streamed to a file under 300 MB. A report: exit code 0
whatever the numbers.

    cd /work/main && PYTHONPATH=. python benchmarks/documents_bench.py
    PYTHONPATH=. python benchmarks/documents_bench.py --full          # the naive loop at 10,000 too
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time

from badges_bench import BURMESE, KHMER, LAO, LATIN_FAMILY, LATIN_GIVEN, LONG, ORGANISATIONS, THAI

SIZES = (100, 1_000, 10_000)
VARIANTS = ("ours", "naive")
SLOW = {"naive": 1_000}  # largest size run without --full

BODIES = {  # the body the organiser wrote, placeholders filled: {name} and {organisation}
    "en": ("Certificate of Attendance", "Check this certificate at", "Issued on 4 December 2026",
           "This is to certify that {name} of {organisation} attended the Regional Training on Gender-Responsive "
           "Budgeting held in Hanoi, Viet Nam, from 2 to 4 December 2026, for 3 days (18 hours)."),
    "vi": ("Giấy chứng nhận tham dự", "Kiểm tra giấy chứng nhận tại", "Cấp ngày 4 tháng 12 năm 2026",
           "Chứng nhận {name}, {organisation}, đã tham dự Khóa tập huấn khu vực về lập ngân sách có trách nhiệm "
           "giới tổ chức tại Hà Nội, Việt Nam, từ ngày 2 đến ngày 4 tháng 12 năm 2026 (3 ngày, 18 giờ)."),
    "th": ("เกียรติบัตร", "ตรวจสอบเกียรติบัตรนี้ที่", "ออกให้ ณ วันที่ 4 ธันวาคม 2569",
           "ขอรับรองว่า {name} {organisation} ได้เข้าร่วมการฝึกอบรมระดับภูมิภาค ว่าด้วยการจัดทำงบประมาณ "
           "ที่คำนึงถึงมิติหญิงชาย ณ กรุงฮานอย ระหว่างวันที่ 2–4 ธันวาคม 2569 (3 วัน 18 ชั่วโมง)"),
    "km": ("វិញ្ញាបនបត្រ", "ពិនិត្យវិញ្ញាបនបត្រនេះនៅ", "ចេញថ្ងៃទី៤ ខែធ្នូ ឆ្នាំ២០២៦",
           "នេះជាការបញ្ជាក់ថា {name} {organisation} បានចូលរួមវគ្គបណ្តុះបណ្តាលថ្នាក់តំបន់ ស្តីពីថវិកាឆ្លើយតបយេនឌ័រ "
           "នៅទីក្រុងហាណូយ ពីថ្ងៃទី២ ដល់ថ្ងៃទី៤ ខែធ្នូ ឆ្នាំ២០២៦។"),
}
LANGUAGE_WEIGHTS = {"en": 70, "vi": 15, "th": 10, "km": 5}


def _png(size: tuple[int, int], colour: tuple[int, int, int], signature: bool = False) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA" if signature else "RGB", size, (255, 255, 255, 0) if signature else colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    if signature:  # a pen stroke on a transparent ground, as a scanned signature is re-encoded
        draw.line([(10, h * 0.7), (w * 0.15, h * 0.2), (w * 0.3, h * 0.8), (w * 0.45, h * 0.25), (w * 0.6, h * 0.75),
                   (w * 0.9, h * 0.4)], fill=(20, 30, 120, 255), width=6)
    else:
        draw.rectangle((w // 8, h // 3, w * 7 // 8, h * 2 // 3), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def designs() -> dict:
    from forumops.pdf.logos import LogoData
    from forumops.pdf.papers import PaperDesign, Signatory

    def picture(name: str, png: bytes) -> LogoData:
        return LogoData(name, hashlib.sha256(png).hexdigest(), png)

    logos = (picture("Vietnam Women's Union", _png((600, 300), (20, 90, 160))),
             picture("Mekong Institute", _png((400, 400), (160, 60, 20))))
    signatories = (Signatory("Dr Nguyễn Thị Mai", "Director, Vietnam Women's Union",
                             picture("signature 1", _png((600, 200), (0, 0, 0), True))),
                   Signatory("Benjamin Quiñones", "Chair, Asian Solidarity Economy Council",
                             picture("signature 2", _png((560, 220), (0, 0, 0), True))))
    return {code: PaperDesign(title, logos, signatories, label, code)
            for code, (title, label, _issued, _body) in BODIES.items()}


def certificates(n: int) -> list:
    from forumops.core.tokens import derived_code, grouped_code
    from forumops.pdf.papers import CertificatePage

    rng = random.Random(7)
    by_language = designs()
    languages, weights = list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values())
    out = []
    for i in range(n):
        r = rng.random()
        if r < 0.02:
            name = LONG
        elif r < 0.6:
            name = f"{rng.choice(LATIN_FAMILY)} {rng.choice(LATIN_GIVEN)}"
        else:
            name = " ".join(rng.sample((THAI, KHMER, BURMESE, LAO)[int((r - 0.6) / 0.1)], 2))
        language = rng.choices(languages, weights)[0]
        _title, _label, issued, body = BODIES[language]
        code = derived_code("benchmark", f"{i:032x}")
        text = body.format(name=name, organisation=rng.choice(ORGANISATIONS) or "ASEC")
        out.append((by_language[language], CertificatePage(name, text, grouped_code(code),
                                                           f"https://forumops.example.org/verify/{code}", issued)))
    return out


def naive(pages, out) -> None:
    """The bare reportlab loop: everything drawn on every page, text as Paragraphs; no forms."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from forumops.core import fonts
    from forumops.pdf import qr
    from forumops.pdf.style import ACCENT

    fonts.register_fonts()
    w, h = landscape(A4)
    canvas = Canvas(out, pagesize=(w, h), pageCompression=1, initialFontName=fonts.font_name())
    ps = fonts.paragraph_style
    styles = {"title": ps("n-title", 30, bold=True, alignment=1, textColor=ACCENT),
              "name": ps("n-name", 34, bold=True, alignment=1), "body": ps("n-body", 13.5, alignment=1),
              "small": ps("n-small", 8), "sign": ps("n-sign", 10, alignment=1)}

    def text(markup: str, style: str, x: float, y: float, width: float) -> None:
        para = Paragraph(markup, styles[style])
        _w, height = para.wrap(width, h)
        para.drawOn(canvas, x, y - height)

    for design, page in pages:
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(2.4)
        canvas.rect(8 * mm, 8 * mm, w - 16 * mm, h - 16 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(10.5 * mm, 10.5 * mm, w - 21 * mm, h - 21 * mm)
        for i, logo in enumerate(design.logos):
            canvas.drawImage(logo.image, w / 2 - 40 * mm + i * 45 * mm, h - 38 * mm, 35 * mm, 17 * mm,
                             mask="auto", preserveAspectRatio=True)
        text(fonts.markup(design.title, bold=True), "title", 24 * mm, h - 45 * mm, w - 48 * mm)
        text(fonts.markup(page.holder_name, bold=True), "name", 24 * mm, h - 75 * mm, w - 48 * mm)
        text(fonts.markup(page.body), "body", 34 * mm, h - 100 * mm, w - 68 * mm)
        for i, person in enumerate(design.signatories):
            x = w / 2 - 78 * mm + i * 78 * mm
            if person.signature is not None:
                canvas.drawImage(person.signature.image, x + 14 * mm, 62 * mm, 50 * mm, 15 * mm, mask="auto",
                                 preserveAspectRatio=True)
            text(fonts.markup(person.name, bold=True) + "<br/>" + fonts.markup(person.title), "sign", x, 60 * mm,
                 78 * mm)
        n, modules = qr.qr_matrix(page.verify_url)
        qr.fill_path(canvas, n, qr.path_of(n, modules), w - 44 * mm, 17 * mm, 20 * mm)
        text("<br/>".join(fonts.markup(line) for line in (design.verify_label, page.verify_url, page.code)),
             "small", w - 150 * mm, 38 * mm, 102 * mm)
        text(fonts.markup(page.issued_line), "small", 24 * mm, 22 * mm, 90 * mm)
        canvas.showPage()
    canvas.save()


def run_one(variant: str, n: int, repeat: int) -> dict:
    """In this process: render n certificates `repeat` times; the numbers as JSON."""
    from forumops.pdf.papers import render_certificates

    render = render_certificates if variant == "ours" else naive
    data = certificates(n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs, size = [], 0
    for _ in range(repeat):
        with tempfile.TemporaryFile() as out:
            start, cpu = time.perf_counter(), time.process_time()
            render(iter(data), out)
            runs.append((time.perf_counter() - start, time.process_time() - cpu))
            size = out.tell()
    best = min(runs)
    return {"variant": variant, "n": n, "cold": runs[0][0], "best": best[0], "cpu": min(c for _w, c in runs),
            "bytes": size, "rss_before_mb": rss_before,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="run the naive loop at every size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per (variant, size) in one process")
    parser.add_argument("--one", nargs=2, metavar=("VARIANT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.repeat)))
        return

    print("Certificates, landscape A4, 2 logos + 2 signature images + a QR code each, four languages; "
          "best of runs, peak RSS of a fresh process")
    print(f"{'n':>7} {'variant':<7} {'cold s':>8} {'best s':>8} {'cpu s':>7} {'certs/s':>8} {'x naive':>8} "
          f"{'PDF MB':>7} {'peak MB':>8}")
    rates: dict[str, float] = {}
    before = 0.0
    for n in SIZES:
        rows: dict[str, dict] = {}
        skipped = []
        for variant in VARIANTS:
            if n > SLOW.get(variant, n) and not args.full:
                guess = f"(about {n / rates[variant]:.0f} s of CPU)" if variant in rates else ""
                skipped.append(f"{n:>7} {variant:<7} {'not run without --full':>26} {guess}")
                continue
            done = subprocess.run([sys.executable, __file__, "--repeat", str(args.repeat), "--one", variant, str(n)],
                                  capture_output=True, text=True, check=True)
            row = rows[variant] = json.loads(done.stdout.strip().splitlines()[-1])
            rates[variant] = n / row["cpu"]
            before = row["rss_before_mb"]
        for variant, row in rows.items():
            ratio = f"{row['cpu'] / rows['naive']['cpu']:>8.2f}" if "naive" in rows else f"{'':>8}"
            target = ""
            if variant == "ours" and n == 1_000:
                target = "  target <= 1.5 s (CPU): " + ("met" if row["cpu"] <= 1.5 else "ABOVE TARGET")
            if variant == "ours" and n == 10_000:
                target = "  target < 300 MB: " + ("met" if row["peak_mb"] < 300 else "ABOVE TARGET")
            print(f"{n:>7} {variant:<7} {row['cold']:>8.2f} {row['best']:>8.2f} {row['cpu']:>7.2f} "
                  f"{n / row['cpu']:>8.0f} {ratio} {row['bytes'] / 1e6:>7.2f} {row['peak_mb']:>8.0f}{target}",
                  flush=True)
        for line in skipped:
            print(line)
    print(f"(certs/s and 'x naive' from CPU time; peak MB includes Python, reportlab, the fonts and the input list: "
          f"about {before:.0f} MB before rendering)")


if __name__ == "__main__":
    main()
