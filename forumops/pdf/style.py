"""The house palette every PDF shares (programme, badges, outcome report, follow-up), so they look
like one product and a change of colour is made once."""

from reportlab.lib import colors

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
