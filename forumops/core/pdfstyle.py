"""The house palette every PDF shares (programme, badges, outcome report, follow-up), so they look
like one product and a change of colour is made once."""

from reportlab.lib import colors

ACCENT = colors.HexColor("#0f4c5c")  # headings, bands, the cover
INK = colors.HexColor("#1d2430")  # body text
MUTED = colors.HexColor("#5b6472")  # secondary text: 6.3:1 on white
RULE = colors.HexColor("#d9dee5")  # hairlines
STRIPE = colors.HexColor("#f3f6f9")  # alternate table rows
