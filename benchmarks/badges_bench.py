"""Time PDF badges for 100, 1,000 and 10,000 people, and their peak memory, against the bare library.

The renderer alone (registration/badges.py: plain BadgeData in, a PDF written to a temporary file on disk, as
the view does) on made-up but realistic people: 60 % Latin and Vietnamese names, 10 % each Thai, Khmer,
Burmese and Lao, 2 % of 80 characters; organisations, countries, clusters and all six category bands. A4
sheets of 8 badges. Variants:

- ours        the project's path: forms for the shared parts, zxing-cpp QR codes drawn as one path.
- segno       the same with the pure-Python fallback encoder (segno) instead of zxing-cpp.
- naive_qr    the same badges with reportlab's own QrCodeWidget drawn through renderPDF: the obvious way.
- no_qr       the same badges without any QR code: the ceiling of what drawing the rest costs.

Each (variant, size) runs in a fresh process, so its peak resident memory (ru_maxrss, which includes the
interpreter, reportlab, the fonts and the input list) is its own. Time is wall time of render_badges, best of
`--repeat` runs within that process (the first run also shapes each distinct word once: reported separately as
"cold"). naive_qr takes ~30 ms a badge, so its 10,000 (and segno's) run only with --full.
Target: 1,000 badges under 1.5 s, 10,000 under 300 MB. It is a report: exit code 0 whatever the numbers.

    cd /work/main && PYTHONPATH=. python benchmarks/badges_bench.py
    PYTHONPATH=. python benchmarks/badges_bench.py --full          # the slow baselines at 10,000 too
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time

SIZES = (100, 1_000, 10_000)
VARIANTS = ("ours", "segno", "naive_qr", "no_qr")
SLOW = {"naive_qr": 1_000, "segno": 1_000}  # largest size run without --full

LATIN_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Santos", "Reyes", "Dela Cruz", "Tan", "Lim", "Wong",
                "Abdullah", "Rahman", "Siregar", "Wijaya", "Soe", "Chanthavong", "Ramos", "Garcia"]
LATIN_GIVEN = ["Phương Linh", "Văn An", "Thị Hoa", "Đức Minh", "Maria Clara", "Jose Rizal", "Siti Nurhaliza",
               "Budi", "Wei Ling", "Mohd Faiz", "Ana", "Benjamin", "Kim Ngân", "Quốc Bảo", "Dewi", "Rizal"]
THAI = ["สมชาย", "สมหญิง", "ประยุทธ์", "วิไลวรรณ", "ศรีสุข", "ใจดี", "รักไทย", "มั่นคง", "บุญมี", "แก้วมณี"]
KHMER = ["សុខ", "សុភ័ក្ត្រ", "ចាន់", "ដារ៉ា", "ហេង", "សុខា", "ស្រីពៅ", "វណ្ណា", "គឹម", "ស្រ៊ាង"]
BURMESE = ["အောင်", "ဆန်းစုကြည်", "မောင်မောင်", "ခင်မြင့်", "ဒေါ်", "ဦး", "သန်းထွန်း", "နီလာ", "ကျော်", "ဇော်"]
LAO = ["ສົມພອນ", "ພົມມະວົງ", "ບຸນມີ", "ແກ້ວ", "ສີສະຫວັດ", "ວົງໄຊ", "ຄຳພອນ", "ນາງ"]
ORGANISATIONS = ["Vietnam Women's Union", "Cambodia Women Entrepreneur Association", "ASEC",
                 "Philippine Rural Reconstruction Movement", "มูลนิธิเพื่อการพัฒนาชนบท", "Lao Youth Union",
                 "Global Movement of Moderates", "Women's Business Council", "ILO Regional Office",
                 "မြန်မာ အမျိုးသမီး ကွန်ရက်", "Fair Trade Network Asia", ""]
COUNTRIES = ["Viet Nam", "Cambodia", "Thailand", "Myanmar", "Lao People's Democratic Republic", "Philippines",
             "Indonesia", "Malaysia", "Singapore", "Brunei Darussalam"]
CLUSTERS = ["", "Women empowerment", "Rural development", "MSME development"]
LONG = "Maria Clara Dela Cruz-Santos y Villanueva de los Reyes Bautista Macapagal Aquino"


def people(n: int) -> list:
    from forumops.registration.badges import CATEGORY_COLOURS, BadgeData
    from forumops.registration.models import new_checkin_code

    rng = random.Random(7)
    words = list(CATEGORY_COLOURS)
    out = []
    for i in range(n):
        r = rng.random()
        if r < 0.02:
            name = LONG
        elif r < 0.6:
            name = f"{rng.choice(LATIN_FAMILY)} {rng.choice(LATIN_GIVEN)}"
        else:
            pool = (THAI, KHMER, BURMESE, LAO)[int((r - 0.6) / 0.1)]
            name = " ".join(rng.sample(pool, 2))
        word = rng.choices(words, weights=(80, 6, 3, 3, 3, 5))[0]
        out.append(BadgeData(name, rng.choice(ORGANISATIONS), rng.choice(COUNTRIES), category_word=word,
                             band_colour=CATEGORY_COLOURS[word], cluster=rng.choice(CLUSTERS),
                             checkin_code=new_checkin_code(), reference=f"#{i}"))
    return out


def naive_qr(canvas, code: str, x: float, y: float, size: float) -> None:
    """reportlab's QrCodeWidget in a Drawing, drawn with renderPDF: how the reportlab docs show it."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(code, barLevel="M", barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def run_one(variant: str, n: int, repeat: int) -> dict:
    """In this process: render n badges `repeat` times; the numbers as JSON."""
    from forumops.registration import badges

    painter = {"naive_qr": naive_qr, "no_qr": lambda *args: None}.get(variant)
    if variant == "segno":
        badges.qr_matrix = badges._qr_matrix_segno
    data = people(n)
    sheet = badges.BadgeSheet("ASEAN Community Forum 2027", "14–15 April 2027 · Jakarta", "a4-8")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, size, pages = [], 0, 0
    for _ in range(repeat):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            result = badges.render_badges(sheet, iter(data), out, qr_painter=painter)
            times.append(time.perf_counter() - start)
            size, pages = out.tell(), result.pages
    assert not result.failed, result.failed[:3]  # every badge drawn: a failure would flatter the time
    return {"variant": variant, "n": n, "cold": times[0], "best": min(times), "pages": pages, "bytes": size,
            "rss_before_mb": rss_before, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "encoder": badges.QR_ENCODER if variant in ("ours", "segno") else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="run the slow baselines at every size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per (variant, size) in one process")
    parser.add_argument("--one", nargs=2, metavar=("VARIANT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.repeat)))
        return

    print("PDF badges, A4 sheets of 8 (90 x 55 mm), mixed scripts; best of runs, peak RSS of a fresh process")
    print(f"{'n':>7} {'variant':<9} {'cold s':>8} {'best s':>8} {'badges/s':>9} {'x ours':>7} {'pages':>6} "
          f"{'PDF MB':>7} {'peak MB':>8}")
    rates: dict[str, float] = {}
    before = 0.0
    for n in SIZES:
        ours = None
        for variant in VARIANTS:
            if n > SLOW.get(variant, n) and not args.full:
                guess = f"(about {n / rates[variant]:.0f} s)" if variant in rates else ""
                print(f"{n:>7} {variant:<9} {'not run without --full':>26} {guess}")
                continue
            repeat = 1 if variant == "naive_qr" else args.repeat
            done = subprocess.run([sys.executable, __file__, "--repeat", str(repeat), "--one", variant, str(n)],
                                  capture_output=True, text=True, check=True)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rates[variant] = n / row["best"]
            ours = ours or row
            before = row["rss_before_mb"]
            target = ""
            if variant == "ours" and n == 1_000:
                target = "  target < 1.5 s: " + ("met" if row["best"] < 1.5 else "ABOVE TARGET")
            if variant == "ours" and n == 10_000:
                target = "  target < 300 MB: " + ("met" if row["peak_mb"] < 300 else "ABOVE TARGET")
            print(f"{n:>7} {variant:<9} {row['cold']:>8.2f} {row['best']:>8.2f} {rates[variant]:>9.0f} "
                  f"{row['best'] / ours['best']:>7.2f} {row['pages']:>6} {row['bytes'] / 1e6:>7.2f} "
                  f"{row['peak_mb']:>8.0f}{target}", flush=True)
    print(f"(peak MB includes Python, reportlab, the fonts and the input list: about {before:.0f} MB before "
          "rendering; the QR encoder of 'ours' is " + (ours or {}).get("encoder", "?") + ")")


if __name__ == "__main__":
    main()
