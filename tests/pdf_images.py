"""Logos for PDF tests: pictures to upload or print, and the images a PDF page draws (pypdf)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from forumops.pdf.logos import LogoData


def logo_png(size=(240, 120), colour=(20, 90, 160), text: str = "") -> bytes:
    """A plain logo: a coloured panel with a white bar (and a word), as PNG bytes."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 8, size[1] // 3, size[0] * 7 // 8, size[1] * 2 // 3), fill=(255, 255, 255))
    if text:
        draw.text((size[0] // 8 + 4, size[1] // 3 + 2), text, fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def logo_data(name: str, size=(240, 120), colour=(20, 90, 160)) -> LogoData:
    """Print data for a logo, as forums.queries gives the renderers."""
    import hashlib

    png = logo_png(size, colour, name[:6])
    return LogoData(name, hashlib.sha256(png).hexdigest(), png)


def page_images(page) -> list:
    """The image XObjects a page draws, inside form XObjects too (badges draw their header as a form)."""
    found: list = []

    def walk(resources, depth: int = 0) -> None:
        xobjects = resources.get("/XObject") if resources else None
        if xobjects is None or depth > 5:
            return
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            elif xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"), depth + 1)

    walk(page.get("/Resources"))
    return found
