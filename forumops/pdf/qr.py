"""QR codes drawn as one filled path: a rectangle per run of dark modules in a row, filled once.

The symbol is encoded by zxing-cpp, or by segno (pure Python) where zxing-cpp is missing. A renderer that
draws many codes keeps the paths of the last few (``path_of`` is cheap to cache by code).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

_DARK = bytes([1] + [0] * 255)  # zxing-cpp's image: 0 is a dark module, 255 a light one


def qr_matrix_zxing(code: str) -> tuple[int, bytes]:
    """(modules per side, one byte a module row by row from the top, 1 for dark) from zxing-cpp."""
    import zxingcpp

    # an Image has the buffer protocol, which zxing-cpp's stubs do not declare
    image = memoryview(zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode, ec_level="M")  # type: ignore[arg-type]
                       .to_image(scale=1, add_quiet_zones=False))
    return len(image), image.tobytes().translate(_DARK)  # len: rows, the first dimension


def qr_matrix_segno(code: str) -> tuple[int, bytes]:
    """The same matrix from segno, the pure-Python fallback."""
    import segno

    rows = segno.make_qr(code, error="m", boost_error=False).matrix
    return len(rows), b"".join(bytes(row) for row in rows)


try:
    import zxingcpp  # noqa: F401

    QR_ENCODER = "zxing-cpp"
    qr_matrix = qr_matrix_zxing
except ImportError:  # pragma: no cover - segno is the pure-Python fallback
    QR_ENCODER = "segno"
    qr_matrix = qr_matrix_segno

_RUN = re.compile(b"\x01+")


@lru_cache(maxsize=8)
def _rectangles(n: int) -> dict[tuple[int, int], str]:
    """Every run a row of an n x n symbol can hold, keyed by its span in path_of's joined rows, as its PDF
    rectangle: formatting the numbers was a third of a symbol's time, and one size's runs are few (18,700 for
    the 33 modules of a verification address)."""
    stride, top = n + 1, n - 1
    return {(y * stride + x, y * stride + end): f"{x} {top - y} {end - x} 1 re"
            for y in range(n) for x in range(n) for end in range(x + 1, n + 1)}


def path_of(n: int, modules: bytes) -> str:
    """PDF path operators in module units for an n x n matrix: one rectangle per run of dark modules in a
    row, all in one path, to be filled once."""
    rows = b"\0".join(modules[i:i + n] for i in range(0, n * n, n))  # a run never crosses a row
    rectangles = _rectangles(n)
    return " ".join([rectangles[m.span()] for m in _RUN.finditer(rows)])


def fill_path(canvas: Canvas, n: int, path: str, x: float, y: float, size: float) -> None:
    """A symbol of n modules a side (path from path_of) filling the square at x, y of side size, in black."""
    m = size / n
    canvas.addLiteral(f"q 0 g {m:.4f} 0 0 {m:.4f} {x:.2f} {y:.2f} cm {path} f Q")
