"""The structured content of facilitation notes: cleaning what arrives, and a plain-text form of it
for the history's diffs and the conflict page.

content = {
  "attendance": [registration ids ticked],
  "summary": Markdown,
  "findings": [text, ...]            (ordered),
  "challenges": [text, ...],
  "recommendations": [{"text", "addressee", "priority"}, ...],
  "actions": [{"what", "who", "due" (YYYY-MM-DD or ""), "status"}, ...],
  "quotes": [text, ...],
}
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from ..core.text import clean_line, clean_lines, clean_text

PRIORITIES = ("high", "medium", "low")
ACTION_STATUSES = ("open", "in_progress", "done")
MAX_TEXT = 20000  # one field; a whole paste of a long discussion fits, a runaway paste does not
LIST_FIELDS = ("findings", "challenges", "quotes")


def empty_content() -> dict[str, Any]:
    """The content of new notes: every section present and empty."""
    return {"attendance": [], "summary": "", "findings": [], "challenges": [], "recommendations": [],
            "actions": [], "quotes": []}


def _due(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat() if value else ""
    except ValueError:
        return ""


def clean_content(raw: dict[str, Any]) -> dict[str, Any]:
    """Normalise content from a form or an autosave: NFC, no control characters, known values only."""
    content = empty_content()
    content["attendance"] = sorted({int(x) for x in raw.get("attendance", []) if str(x).isdigit()})
    content["summary"] = clean_text(raw.get("summary"))
    for name in LIST_FIELDS:
        value = raw.get(name, [])
        lines = clean_lines(value) if isinstance(value, str) else [clean_line(v) for v in value]
        content[name] = [line for line in lines if line]
    for rec in raw.get("recommendations", []):
        text = clean_text(rec.get("text"))
        if text:
            priority = rec.get("priority") if rec.get("priority") in PRIORITIES else "medium"
            content["recommendations"].append(
                {"text": text, "addressee": clean_line(rec.get("addressee")), "priority": priority})
    for action in raw.get("actions", []):
        what = clean_line(action.get("what"))
        if what:
            status = action.get("status") if action.get("status") in ACTION_STATUSES else "open"
            content["actions"].append({"what": what, "who": clean_line(action.get("who")),
                                       "due": _due(action.get("due")), "status": status})
    return content


def too_long(raw: dict[str, Any]) -> list[str]:
    """Fields whose text is longer than a field may hold (checked before cleaning, so nothing is cut)."""
    problems = []
    if len(raw.get("summary") or "") > MAX_TEXT:
        problems.append("summary")
    for name in LIST_FIELDS:
        value = raw.get(name) or ""
        if len(value if isinstance(value, str) else "\n".join(value)) > MAX_TEXT:
            problems.append(name)
    for rec in raw.get("recommendations", []):
        if len(rec.get("text") or "") > MAX_TEXT:
            problems.append("recommendations")
    return problems


def merge_content(theirs: dict[str, Any], yours: dict[str, Any]) -> dict[str, Any]:
    """What goes back in the form after a refused save: lists are united (theirs first, then what only you
    added), attendance too, and the summary is yours (theirs only when you left it empty). Where the
    summaries differ, the page shows theirs read-only beside yours: nothing is pasted into your text."""
    theirs, yours = {**empty_content(), **theirs}, {**empty_content(), **yours}
    merged = empty_content()
    merged["attendance"] = sorted(set(theirs["attendance"]) | set(yours["attendance"]))
    for name in (*LIST_FIELDS, "recommendations", "actions"):
        merged[name] = list(theirs[name]) + [entry for entry in yours[name] if entry not in theirs[name]]
    merged["summary"] = yours["summary"].strip() or theirs["summary"].strip()
    return merged


def summary_left_out(theirs: dict[str, Any], merged: dict[str, Any]) -> str:
    """The other editor's summary when the merged form does not already hold it ("" otherwise)."""
    other = (theirs.get("summary") or "").strip()
    return other if other and other not in (merged.get("summary") or "") else ""


# Conflicts once put both summaries in one field, separated by this line; some saved notes still hold it.
CONFLICT_MARKER = "<!-- your version: -->"
_MARKER = re.compile(r"^[ \t]*<!--\s*your version:?\s*-->[ \t]*$", re.IGNORECASE | re.MULTILINE)


def has_conflict_marker(text: Any) -> bool:
    """True for text holding the line old conflicts put between two versions of a summary."""
    return isinstance(text, str) and _MARKER.search(text) is not None


def without_conflict_marker(content: dict[str, Any]) -> dict[str, Any]:
    """The notes for reading: an old conflict's marker line taken out of the summary."""
    summary = content.get("summary") or ""
    if not has_conflict_marker(summary):
        return content
    return {**content, "summary": re.sub(r"\n{3,}", "\n\n", _MARKER.sub("", summary)).strip()}


def as_text(content: dict[str, Any], attendee_names: dict[int, str] | None = None, attendance: bool = True) -> str:
    """The notes as plain text, section by section: what the history diffs and the conflict page shows. A session's
    notes hold no attendance (`attendance` False: the desk scans its door), so that section is left out."""
    content = {**empty_content(), **(content or {})}
    lines = []
    if attendance:
        names = attendee_names or {}
        lines += ["# Attendance"]
        lines += [f"- {names.get(rid, f'registration {rid}')}" for rid in content["attendance"]] or ["(none ticked)"]
        lines += [""]
    lines += ["# Discussion summary", content["summary"] or "(empty)", "", "# Key findings"]
    lines += [f"{n}. {f}" for n, f in enumerate(content["findings"], 1)] or ["(none)"]
    lines += ["", "# Challenges"] + ([f"- {c}" for c in content["challenges"]] or ["(none)"])
    lines += ["", "# Recommendations"]
    lines += [f"{n}. {r['text']} — to: {r['addressee'] or '?'} — priority: {r['priority']}"
              for n, r in enumerate(content["recommendations"], 1)] or ["(none)"]
    lines += ["", "# Action items"]
    lines += [f"- {a['what']} — who: {a['who'] or '?'} — by: {a['due'] or '?'} — {a['status']}"
              for a in content["actions"]] or ["(none)"]
    lines += ["", "# Notable quotes"] + ([f"> {q}" for q in content["quotes"]] or ["(none)"])
    return "\n".join(lines)


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, line) pairs of a unified diff, kind one of "add", "del", "same", "hunk"; the template
    escapes each line."""
    result = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        result.append((kind, line[1:] if kind != "hunk" else line))
    return result
