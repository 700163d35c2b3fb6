"""The report's recommendations and action items as CSV, for organisers to follow them up.

A pure function: ReportData in, bytes out. UTF-8 with a byte-order mark (so spreadsheets read Vietnamese,
Thai and Khmer correctly) and every cell neutralised against formula injection, with the registration
export's own helper.
"""

from __future__ import annotations

import codecs
import csv
import io

from ..registration.csvio import neutralise
from .data import ClusterFindingsData, ReportData, SessionFindingsData

HEADERS = ("Kind", "No.", "Cluster", "Recommendation or action", "Addressed to / who", "Priority",
           "Decision / status", "Due date")  # "Cluster": the cluster's name, or the session's title
FORUM_RECOMMENDATION = "Forum recommendation"
CLUSTER_RECOMMENDATION = "Cluster recommendation"
SESSION_RECOMMENDATION = "Session recommendation"
ACTION_ITEM = "Action item"


def recommendations_csv(data: ReportData) -> bytes:
    """Forum recommendations (with the plenary's decision), then each cluster's and each session's recommendations,
    then their action items."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in HEADERS])
    rows: list[tuple] = []
    for rec in data.recommendations:
        rows.append((FORUM_RECOMMENDATION, rec.number, "; ".join(rec.clusters), rec.text, rec.addressee, "",
                     rec.status_label, ""))
    owners: list[tuple[str, str, ClusterFindingsData | SessionFindingsData]] = [
        (CLUSTER_RECOMMENDATION, c.name, c) for c in data.clusters]
    owners += [(SESSION_RECOMMENDATION, s.title, s) for s in data.sessions]
    for kind, name, findings in owners:
        for number, owner_rec in enumerate(findings.recommendations, 1):
            rows.append((kind, number, name, owner_rec.text, owner_rec.addressee, owner_rec.priority_label, "", ""))
    for _kind, name, findings in owners:
        for number, action in enumerate(findings.actions, 1):
            rows.append((ACTION_ITEM, number, name, action.what, action.who, "", action.status_label,
                         action.due.isoformat() if action.due else ""))
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
