"""Read a programme pasted as plain text, for a preview the organiser checks before saving.

Pure functions, no database: ``parse_programme(text)`` turns every non-blank line into a
``ParsedLine``; the caller shows them, lets the organiser fix what is wrong and saves the lines
without an ``error``. Nothing here raises on bad input: problems stay on the line as plain English.

Reading rules (``parse_programme``)
-----------------------------------
* A line that starts with a time, or a time range, is an item; the rest of the line is its title.
* A time is ``H.MM``, ``H:MM``, ``HhMM`` (``8h30``, as in Vietnamese programmes), ``Hh`` (``8h``),
  each optionally followed by ``am``/``pm``/``a.m.``/``p.m.``/``noon``, or a bare hour followed
  by am/pm (``9am``, ``1 pm``). A bare number (``1)``, ``2015``) is never a time, except as the
  start of a range whose other end is a time (``9-10.30am``, ``1-2pm``).
* A range joins two times with ``-``, an en dash, an em dash, a minus sign, ``~`` or the word ``to``.
* am/pm: with 1 <= hour <= 12 the suffix converts to 24 hours (``12am`` is 00:00, ``12pm`` noon).
  When only one end of a range has a suffix, the other end takes the same one unless that would
  make the item end before it starts, in which case it takes the opposite (``11-1pm`` is
  11:00-13:00). An hour from 13 to 23 is read on the 24-hour clock whatever the suffix.
* A single time (``12.00 Group photo``) gives ``end = None``: the caller picks a default duration.
* Lines without a leading time are details of the item above them (speakers, notes); blank lines
  are skipped. A details line before the first item becomes an error line of its own.
* Errors, kept on the line: an hour above 23 or a minute above 59 (that time is left ``None``),
  an end before the start, an empty title, a details line with no item above it.
* Non-breaking and other Unicode spaces count as spaces; runs of spaces collapse to one;
  zero-width characters and a byte-order mark are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

__all__ = ["ParsedLine", "guess_people", "guess_type", "parse_programme"]


@dataclass
class ParsedLine:
    line_no: int  # 1-based line number in the pasted text
    raw: str  # the line as pasted
    start: time | None
    end: time | None  # None for a single time: the caller defaults a duration
    title: str
    type: str  # one of ITEM_TYPES, guessed from the title
    details: list[str] = field(default_factory=list)  # the following lines without a time
    error: str = ""  # plain English; empty when the line is fine


# --- times -------------------------------------------------------------------------------------

_AMPM = r"a\.?\s?m\.?|p\.?\s?m\.?|noon"


def _time_re(p: str) -> str:
    """One time, its groups prefixed with ``p`` (Python forbids repeating a group name)."""
    return (
        rf"(?P<{p}h>[0-9]{{1,2}})(?![0-9])"
        rf"(?:[.:h](?P<{p}m>[0-9]{{2}})(?![0-9])|(?P<{p}hs>h)(?![^\W\d_]|[0-9]))?"
        rf"(?:\s*(?P<{p}ap>{_AMPM})(?![^\W\d_]))?"
    )


_DASH = r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~]\s*|\s+to\s+"
_RANGE = re.compile(rf"\s*{_time_re('s')}(?:{_DASH}){_time_re('e')}", re.IGNORECASE)
_SINGLE = re.compile(rf"\s*{_time_re('s')}", re.IGNORECASE)
_AFTER_TIME = re.compile(r"[\s:|,;.)\-\u2013\u2014]*")
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_SPACES = re.compile(r"\s+")


@dataclass
class _Tok:
    text: str
    hour: int
    minute: int
    ampm: str  # "am", "pm" or ""
    explicit: bool  # has minutes, an "h" or am/pm: a bare number is not a time on its own


def _tok(m: re.Match[str], p: str) -> _Tok:
    ap = (m.group(f"{p}ap") or "").lower().replace(".", "").replace(" ", "")
    if ap == "noon":
        ap = "pm"
    minutes = m.group(f"{p}m")
    end = max(m.end(g) for g in (f"{p}h", f"{p}m", f"{p}hs", f"{p}ap") if m.group(g) is not None)
    return _Tok(
        text=m.string[m.start(f"{p}h"):end],
        hour=int(m.group(f"{p}h")),
        minute=int(minutes) if minutes else 0,
        ampm=ap,
        explicit=bool(minutes or m.group(f"{p}hs") or ap),
    )


def _hour24(hour: int, ampm: str) -> int:
    if ampm and 1 <= hour <= 12:
        return hour % 12 + (12 if ampm == "pm" else 0)
    return hour


def _clock(tok: _Tok, ampm: str) -> time | None:
    hour = _hour24(tok.hour, ampm)
    if hour > 23 or tok.minute > 59:
        return None
    return time(hour, tok.minute)


def _bad_time(tok: _Tok) -> str:
    shown = tok.text
    if tok.hour > 23:
        return f"“{shown}” is not a valid time: hours go from 0 to 23."
    return f"“{shown}” is not a valid time: minutes go from 00 to 59."


def _resolve(start: _Tok, end: _Tok | None) -> tuple[time | None, time | None, list[str]]:
    """Clock times for the two ends, sharing an am/pm given on one end only."""
    errors: list[str] = []
    if end is None:
        s = _clock(start, start.ampm)
        if s is None:
            errors.append(_bad_time(start))
        return s, None, errors
    s_ap, e_ap = start.ampm, end.ampm
    if bool(s_ap) != bool(e_ap):
        given = s_ap or e_ap
        other = "am" if given == "pm" else "pm"
        choices = [(given, e_ap), (other, e_ap)] if not s_ap else [(s_ap, given), (s_ap, other)]
        s_ap, e_ap = choices[0]
        for cs, ce in choices:
            a, b = _clock(start, cs), _clock(end, ce)
            if a is not None and b is not None and a <= b:
                s_ap, e_ap = cs, ce
                break
    s, e = _clock(start, s_ap), _clock(end, e_ap)
    if s is None:
        errors.append(_bad_time(start))
    if e is None:
        errors.append(_bad_time(end))
    if s is not None and e is not None and e < s:
        errors.append(f"The item ends before it starts ({s:%H:%M} → {e:%H:%M}).")
    return s, e, errors


def _leading_time(line: str) -> tuple[_Tok, _Tok | None, str] | None:
    """(start, end or None, rest of the line) when the line starts with a time, else None."""
    m = _RANGE.match(line)
    if m:
        start, end = _tok(m, "s"), _tok(m, "e")
        if start.explicit or end.explicit:
            return start, end, line[m.end():]
    m = _SINGLE.match(line)
    if m:
        start = _tok(m, "s")
        if start.explicit:
            return start, None, line[m.end():]
    return None


def _clean(line: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


# --- types -------------------------------------------------------------------------------------

_TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "registration": ("registration", "check-in"),
    "opening_session": ("opening",),
    "welcome_remarks": ("welcome",),
    "keynote": ("keynote",),
    "panel": ("panel", "panellists", "panelists"),
    "open_forum": ("open forum", "open floor", "q&a"),
    "case_study_presentations": ("case study", "case studies"),
    "plenary": ("plenary",),
    "breakout": ("breakout", "break-out", "breakouts", "working group", "working groups", "cluster", "clusters"),
    "report_back": ("report back", "report-back", "reporting back", "reports back"),
    "discussion_and_adoption": ("discussion", "discussions", "adoption"),
    "break": ("break", "coffee", "tea"),
    "meal": ("lunch", "dinner", "meal", "breakfast"),
    "group_photo": ("group photo", "photo", "photo session"),
    "side_event": ("side event", "side-event", "side events"),
    "closing_session": ("closing",),
}
_KEYWORD_TYPE = {kw: t for t, kws in _TYPE_KEYWORDS.items() for kw in kws}
_TYPE_RE = re.compile(
    r"(?<![^\W_])(" + "|".join(re.escape(k) for k in sorted(_KEYWORD_TYPE, key=len, reverse=True)) + r")(?![^\W_])",
    re.IGNORECASE,
)


def guess_type(title: str) -> str:
    """The item type (one of ITEM_TYPES) a title suggests, "other" when nothing fits.

    Keywords are matched as whole words, case-insensitively; the keyword that comes *first in the
    title* wins, and at the same position the longer one ("break-out" over "break"). So
    "Registration/Coffee" is registration, "Coffee/tea break" is break, "Panel: ..." is panel and
    "Closing session: setting the agenda" is closing_session.
    """
    try:
        m = _TYPE_RE.search(str(title or ""))
    except Exception:  # pragma: no cover - defensive: a preview must never fail
        return "other"
    return _KEYWORD_TYPE[m.group(1).lower()] if m else "other"


# --- people ------------------------------------------------------------------------------------

_LABELS = {
    "moderator": "moderator", "panel moderator": "moderator", "moderated by": "moderator",
    "facilitator": "moderator", "facilitated by": "moderator", "facilitators": "moderator",
    "chair": "chair", "chairs": "chair", "chairperson": "chair", "chairman": "chair", "chairwoman": "chair",
    "session chair": "chair", "co-chair": "chair", "co-chairs": "chair", "chaired by": "chair",
    "rapporteur": "rapporteur", "rapporteurs": "rapporteur",
    "speaker": "speaker", "speakers": "speaker", "keynote speaker": "speaker", "presenter": "speaker",
    "presenters": "speaker", "keynote": "speaker",
    "panellist": "panellist", "panellists": "panellist", "panelist": "panellist", "panelists": "panellist",
    "discussant": "discussant", "discussants": "discussant",
    "resource person": "resource_person", "resource persons": "resource_person",
}
_LABEL_RE = re.compile(r"^([^:]{1,40}):\s*(.*)$")
_BY_RE = re.compile(r"^(.{0,60}?)\bby\s+(.+)$", re.IGNORECASE)
_BY_WORDS = {
    "moderated": "moderator", "facilitated": "moderator", "chaired": "chair",
    "remarks": "speaker", "speech": "speaker", "address": "speaker", "keynote": "speaker",
    "presentation": "speaker", "presentations": "speaker", "presented": "speaker", "talk": "speaker",
    "message": "speaker", "introduction": "speaker", "statement": "speaker", "lecture": "speaker",
}
_CONTEXT_ROLE = {"panel": "panellist", "case_study_presentations": "speaker", "keynote": "speaker"}
_LIST_MARKER = re.compile(r"^\s*(?:\(?[0-9]{1,3}[.)]|\(?[a-z][)]|[-*\u2022\u2013\u2014\u25aa\u25cf])\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|phd|md)\b\.?", re.IGNORECASE)
_HONORIFIC = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|professor|datuk|dato|datin|tan sri|puan|encik|pak|bu|ibu|h\.?e\.?|hon)\b",
    re.IGNORECASE,
)
_JOB_WORDS = {
    "ceo", "coo", "cfo", "director", "chair", "chairman", "chairperson", "chairwoman", "president",
    "vice-president", "head", "secretary", "secretary-general", "minister", "founder", "co-founder",
    "manager", "officer", "coordinator", "representative", "deputy", "executive", "dean", "professor",
    "lecturer", "member", "adviser", "advisor", "ambassador", "governor", "commissioner", "chief",
    "leader", "trustee", "fellow", "researcher", "consultant", "specialist",
}
_TOPIC_WORDS = 6  # a parenthesis with more words than this is a talk title, not an organisation


def _drop_topic(text: str) -> str:
    """Cut the line at the first parenthesis of more than _TOPIC_WORDS words not starting with an honorific.

    One pass to pair the parentheses (an unclosed one runs to the end of the line) and a running
    count of word starts, so a line full of parentheses still costs linear time.
    """
    closes: dict[int, int] = {}
    opened: list[int] = []
    starts = [0]  # starts[k]: how many words start before position k
    for k, ch in enumerate(text):
        starts.append(starts[-1] + (not ch.isspace() and (k == 0 or text[k - 1].isspace())))
        if ch == "(":
            opened.append(k)
        elif ch == ")" and opened:
            closes[opened.pop()] = k
    for i in sorted([*closes, *opened]):
        j = closes.get(i, len(text))
        words = starts[j] - starts[min(i + 2, j)] + (i + 1 < j and not text[i + 1].isspace())
        if words > _TOPIC_WORDS and not _HONORIFIC.match(text[i + 1:j].strip()):
            return text[:i]
    return text


def _org_from(text: str) -> str:
    """"CEO of GMM" -> "GMM" when the words before "of"/"at" name a job; otherwise the text as is."""
    m = re.match(r"^(.{1,60}?)\s+(?:of|at)\s+(?:the\s+)?(.+)$", text, re.IGNORECASE)
    if m and _JOB_WORDS & {w.strip(".,").lower() for w in m.group(1).split()}:
        return m.group(2).strip()
    return text.strip()


def _name_org(text: str) -> tuple[str, str]:
    text = _drop_topic(_LIST_MARKER.sub("", text, count=1)).strip().rstrip(";,.:").strip()
    if not text:
        return "", ""
    # "Name (Org)"; "ILO Representative (Mr. X)" puts the person inside the parenthesis
    m = re.match(r"^(.*?)\s*\(([^()]*)\)$", text)
    if m and m.group(1).strip():
        outside, inside = m.group(1).strip().rstrip(",").strip(), m.group(2).strip()
        if _HONORIFIC.match(inside) and not _HONORIFIC.match(outside):
            return inside, _org_from(outside)
        return outside, inside
    # "the Chairman of ASEAN CPR, Dato Hasnudin Hamzah"
    head, sep, tail = text.partition(",")
    if sep and head.lower().startswith("the ") and tail.strip():
        return tail.strip(), _org_from(head[4:].strip())
    # "Name, Org" -- the first comma not followed by Jr./Sr./PhD
    for m in re.finditer(",", text):
        rest = text[m.end():].strip()
        if rest and not _SUFFIX.match(rest):
            return text[:m.start()].strip(), _org_from(rest)
    return text, ""


def _people_on_line(line: str, item_type: str) -> list[tuple[str, str, str]]:
    text = _clean(line)
    role, rest = "", ""
    m = _LABEL_RE.match(text)
    if m and m.group(1).strip().lower() in _LABELS:
        role, rest = _LABELS[m.group(1).strip().lower()], m.group(2)
    if not role:
        m = _BY_RE.match(text)
        if m:
            words = {w.strip(".,:;").lower() for w in m.group(1).split()}
            roles = [_BY_WORDS[w] for w in words if w in _BY_WORDS]
            if roles:
                role = "moderator" if "moderator" in roles else "chair" if "chair" in roles else roles[0]
                rest = m.group(2)
    if not role and item_type in _CONTEXT_ROLE:
        role, rest = _CONTEXT_ROLE[item_type], text
    if not role:
        return []
    people = []
    for part in rest.split(";"):
        name, org = _name_org(part)
        if name and len(name.split()) <= 12:
            people.append((role, name, org))
    return people


def guess_people(details: list[str], item_type: str = "") -> list[tuple[str, str, str]]:
    """Best-effort (role, name, organisation) for the people named in an item's details lines.

    Each line is read on its own, by the first rule that fits:

    1. ``Label: X`` where the label is a role word -- "Moderator", "Panel Moderator", "Facilitator"
       (moderator), "Chair", "Chairperson", "Session chair" (chair), "Rapporteur", "Speaker(s)",
       "Panellist(s)", "Discussant(s)", "Resource person(s)". Several people may follow, split on ";".
    2. ``... by X`` where the words before "by" include remarks, speech, address, keynote,
       presentation, talk, message, statement, lecture (speaker), moderated/facilitated (moderator)
       or chaired (chair): "Welcome remarks by X, CEO of GMM" is a speaker.
    3. Otherwise the item type decides: under a panel a line is a panellist, under case study
       presentations or a keynote a speaker; under any other type the line names nobody.

    Name and organisation, after dropping a leading list marker ("1)", "(2)", "-", "•") and any
    parenthesis of more than six words not starting with an honorific (a talk title): a trailing
    "(Org)" is the organisation -- unless it starts with an honorific (Mr, Ms, Dr, Datuk, Pak, ...),
    then it is the name and the text outside is the organisation; "the Chairman of ASEAN CPR, Name"
    gives Name; otherwise the text after the first comma (not ", Jr.") is the organisation.
    "CEO of GMM" becomes "GMM" when the words before "of"/"at" name a job (CEO, director, chair,
    secretary, representative, ...).
    Never raises; a line it cannot read gives nobody.
    """
    people: list[tuple[str, str, str]] = []
    for line in details or ():
        try:
            people.extend(_people_on_line(str(line), item_type or ""))
        except Exception:  # pragma: no cover - defensive: a preview must never fail
            continue
    return people


# --- the programme -----------------------------------------------------------------------------


def _parse_line(line_no: int, raw: str, text: str) -> ParsedLine | None:
    """A ParsedLine for a line starting with a time, None for a details line."""
    found = _leading_time(text)
    if found is None:
        return None
    start_tok, end_tok, rest = found
    start, end, errors = _resolve(start_tok, end_tok)
    title = _AFTER_TIME.sub("", rest, count=1).strip() if rest else ""
    if not title:
        errors.append("There is no title after the time.")
    return ParsedLine(
        line_no=line_no, raw=raw, start=start, end=end, title=title,
        type=guess_type(title), details=[], error=" ".join(errors),
    )


def parse_programme(text: str) -> list[ParsedLine]:
    """Every non-blank line of a pasted programme, as items with their details lines.

    See the module docstring for the rules. Never raises: a line that cannot be read carries an
    ``error`` and the lines after it are still read.
    """
    if text is None:
        return []
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text)
    out: list[ParsedLine] = []
    current: ParsedLine | None = None
    for line_no, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        cleaned = _clean(raw)
        if not cleaned:
            continue
        try:
            parsed = _parse_line(line_no, raw, cleaned)
        except Exception:  # pragma: no cover - defensive: a preview must never fail
            parsed = ParsedLine(line_no, raw, None, None, "", "other", [], "This line could not be read.")
        if parsed is not None:
            out.append(parsed)
            current = parsed
        elif current is not None:
            current.details.append(cleaned)
        else:
            out.append(ParsedLine(
                line_no=line_no, raw=raw, start=None, end=None, title="", type="other", details=[cleaned],
                error="This line has no time and there is no item above it to attach it to.",
            ))
    return out
