"""The PDF toolkit every printed document is composed of (programme, outcome report, follow-up, badges).

It sits just above core: it imports core (fonts, text cleaning, i18n) and reportlab, never a stage; the
renderers hand it plain data. The parts:

- style.py     the house colours and ``hex_colour`` for Paragraph markup;
- text.py      the Paragraph that asks HarfBuzz to shape only runs that need it, one-line fitting, shortening,
               Markdown to flowables or to plain words;
- dates.py     day, date range, offset and time-range labels, UTC and the forum's zone;
- tables.py    the house table: header band, hairlines, stripes, rows that split only when taller than a page;
- document.py  the page template: one body frame, running header, "Page N" or "Page N of M", outline;
- programme.py the programme's day table and its people, drawn by the programme PDF and the report alike;
- qr.py        QR codes as one filled path (zxing-cpp, or segno where it is missing).

Fonts stay in core/fonts.py: finding and registering the Noto files and cutting text into script runs is
font infrastructure the tests and the badge renderer use directly, not a page part.
"""
