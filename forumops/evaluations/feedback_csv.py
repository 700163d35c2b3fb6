"""Every session's feedback as CSV, for the organisers: a pure function, the organisers' page's rows in, bytes out.

One line per session with its counts and mean; its comments follow, one line each, under the session's title with
the counts left empty (so a column's sum is still the sessions' total). UTF-8 with a byte-order mark, and every cell
neutralised against formula injection (registration.csvio.neutralise), as every ForumOps export is.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable

from flask_babel import gettext as _

from ..core.i18n import in_zone
from ..registration.csvio import neutralise
from .feedback_queries import RATINGS, ForumFeedbackRow


def feedback_csv(rows: Iterable[ForumFeedbackRow], timezone: str) -> bytes:
    """The file: a heading line (times in the forum's zone), then each session and its comments."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)

    def line(cells) -> None:
        writer.writerow([neutralise(cell) for cell in cells])

    line([_("Session"), _("Starts (%(zone)s)", zone=timezone), _("Ratings"), _("Mean"),
          *[_("Rated %(value)d", value=value) for value in RATINGS], _("Comment")])
    for row in rows:
        summary = row.feedback.summary
        mean = f"{summary.mean:.2f}" if summary.mean is not None else ""
        start = in_zone(row.item.start_at, timezone).strftime("%Y-%m-%d %H:%M")
        line([row.title, start, summary.answered, mean, *[bar.count for bar in summary.bars], ""])
        for comment in row.feedback.comments:
            line([row.title, start, "", "", *["" for _value in RATINGS], comment])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
