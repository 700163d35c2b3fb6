"""The house palette every PDF shares (programme, badges, outcome report, follow-up), so they look
like one product and a change of colour is made once, and the paragraph styles of the parts every flowing
document has: the title block, table header bands, running header and footer."""

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..core import fonts

ACCENT = colors.HexColor("#0f4c5c")  # headings, bands, the cover
INK = colors.HexColor("#1d2430")  # body text
MUTED = colors.HexColor("#5b6472")  # secondary text: 6.3:1 on white
RULE = colors.HexColor("#d9dee5")  # hairlines
STRIPE = colors.HexColor("#f3f6f9")  # alternate table rows
ORANGE = colors.HexColor("#c0641f")  # the report's second colour: chapter numbers, callouts, attended bars


def hex_colour(colour: colors.Color) -> str:
    """"#rrggbb" of a reportlab colour, for <font color=...> in Paragraph markup."""
    return "#" + colour.hexval()[2:]


def muted(markup: str, colour: colors.Color = MUTED) -> str:
    """Paragraph markup set in a secondary colour."""
    return f'<font color="{hex_colour(colour)}">{markup}</font>'


def title_styles(size: float, leading: float, after: float, subtitle: float, meta: float) -> dict[str, ParagraphStyle]:
    """The title block's styles: the forum's name ("forum"), "subtitle" and "meta" lines."""
    ps = fonts.paragraph_style
    return {"forum": ps("forum", size, bold=True, leading=leading, textColor=ACCENT, spaceAfter=after),
            "subtitle": ps("subtitle", subtitle, textColor=INK, spaceAfter=2),
            "meta": ps("meta", meta, textColor=MUTED)}


def band_styles(size: float = 7.5, leading: float | None = None) -> dict[str, ParagraphStyle]:
    """White bold text on a table's header band: "th", and "th_right" for number columns."""
    ps = fonts.paragraph_style
    return {"th": ps("th", size, bold=True, leading=leading, textColor=colors.white),
            "th_right": ps("th_right", size, bold=True, leading=leading, textColor=colors.white, alignment=TA_RIGHT)}


def running_styles(size: float, leading: float | None = None) -> dict[str, ParagraphStyle]:
    """The running header's and footer's quiet lines: "running" (flush left) and "running_right"."""
    ps = fonts.paragraph_style
    return {"running": ps("running", size, leading=leading, textColor=MUTED),
            "running_right": ps("running_right", size, leading=leading, textColor=MUTED, alignment=TA_RIGHT)}
