"""Plenary synthesis: the clusters' and the sessions' recommendations gathered into the forum's own.

Organisers merge the recommendations of approved or published notes (a cluster's, or a plenary's or panel's
session notes) into forum recommendations, edit the wording, mark each adopted, noted or rejected at the plenary
and order them. Every forum recommendation keeps a RecommendationSource per recommendation it came from: the
cluster (none for a session's), the notes and their own words, so the link survives any rewording.

Writes flush and never commit (the view commits once); reads load everything a page needs in a
fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..agenda.models import AgendaItem, Cluster
from ..core.errors import FormError
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums.models import Forum
from .models import ADOPTION_STATUSES, ClusterNotes, ForumRecommendation, RecommendationSource

OFFERED_NOTE_STATUSES = ("approved", "published")  # drafts and notes under review are not offered
MAX_TEXT = 10_000
MAX_ADDRESSEE = 300  # the column's length
DIRECTIONS = ("up", "down")

Pick = tuple[int, int]  # (notes id, index in the notes' "recommendations" list)


# --- reads --------------------------------------------------------------------------------------

@dataclass
class ClusterRecommendation:
    """One recommendation of one cluster's or session's notes, as offered on the synthesis page."""

    notes_id: int
    index: int
    notes_title: str
    text: str
    addressee: str
    priority: str
    used_in: list[int] = field(default_factory=list)  # ids of the forum recommendations built from it

    @property
    def key(self) -> str:
        return f"{self.notes_id}:{self.index}"


@dataclass
class SourceGroup:
    """The recommendations offered from one owner of notes: a cluster, or a session (a programme item)."""

    cluster: Cluster | None
    item: AgendaItem | None
    recommendations: list[ClusterRecommendation]

    @property
    def name(self) -> str:
        return self.cluster.name if self.cluster is not None else self.item.title if self.item is not None else ""

    @property
    def is_session(self) -> bool:
        return self.item is not None


def _recommendations_of(notes: ClusterNotes) -> list[tuple[int, dict]]:
    """(index, recommendation) pairs of the notes, skipping anything that is not a usable entry."""
    raw = (notes.content or {}).get("recommendations") or []
    if not isinstance(raw, list):
        return []
    return [(index, rec) for index, rec in enumerate(raw)
            if isinstance(rec, dict) and isinstance(rec.get("text"), str) and rec["text"].strip()]


def _offered_notes(forum: Forum, notes_ids: set[int] | None = None) -> list[ClusterNotes]:
    """Approved or published notes of this forum's clusters (in the clusters' order, with their cluster), then of
    its sessions still on the programme (in the programme's order, with their item): one query."""
    query = (select(ClusterNotes).outerjoin(ClusterNotes.cluster).outerjoin(ClusterNotes.session_item)
             .where(or_(Cluster.forum_id == forum.id,
                        and_(AgendaItem.forum_id == forum.id, AgendaItem.status != "deleted")),
                    ClusterNotes.status.in_(OFFERED_NOTE_STATUSES))
             .options(contains_eager(ClusterNotes.cluster), contains_eager(ClusterNotes.session_item))
             .order_by(ClusterNotes.session_item_id.is_not(None), Cluster.position, Cluster.id, AgendaItem.start_at,
                       AgendaItem.id, ClusterNotes.id))
    if notes_ids is not None:
        query = query.where(ClusterNotes.id.in_(notes_ids))
    return list(db.session.scalars(query))


def cluster_recommendations(forum: Forum) -> list[SourceGroup]:
    """Every recommendation of the forum's approved or published notes, grouped by cluster then by session, each
    marked with the forum recommendations already made from it (two queries, whatever the size)."""
    used: dict[tuple[int | None, str], list[int]] = defaultdict(list)  # notes_id is never None here
    rows = db.session.execute(
        select(RecommendationSource.notes_id, RecommendationSource.original_text, ForumRecommendation.id)
        .join(RecommendationSource.recommendation)
        .where(ForumRecommendation.forum_id == forum.id, RecommendationSource.notes_id.is_not(None))
        .order_by(ForumRecommendation.position, ForumRecommendation.id))
    for notes_id, original_text, recommendation_id in rows:
        used[(notes_id, original_text)].append(recommendation_id)

    groups: list[SourceGroup] = []
    for notes in _offered_notes(forum):
        offered = [
            ClusterRecommendation(
                notes_id=notes.id, index=index, notes_title=notes.title, text=rec["text"],
                addressee=str(rec.get("addressee") or ""), priority=str(rec.get("priority") or ""),
                used_in=list(used.get((notes.id, rec["text"]), [])))
            for index, rec in _recommendations_of(notes)
        ]
        if not offered:
            continue
        last = groups[-1] if groups else None
        if last is not None and (last.cluster, last.item) == (notes.cluster, notes.session_item):
            last.recommendations.extend(offered)
        else:
            groups.append(SourceGroup(cluster=notes.cluster, item=notes.session_item, recommendations=offered))
    return groups


def forum_recommendations(forum: Forum) -> list[ForumRecommendation]:
    """The forum's recommendations in order, with their sources and the sources' clusters, or sessions, loaded."""
    sources = selectinload(ForumRecommendation.sources)
    return list(db.session.scalars(
        select(ForumRecommendation).where(ForumRecommendation.forum_id == forum.id)
        .options(sources.joinedload(RecommendationSource.cluster),
                 sources.joinedload(RecommendationSource.notes).joinedload(ClusterNotes.session_item))
        .order_by(ForumRecommendation.position, ForumRecommendation.id)))


def source_name(source: RecommendationSource) -> str | None:
    """Where a forum recommendation came from, as its readers know it: the cluster's name, the session's title, or
    None when that cluster or session has since been removed."""
    if source.cluster is not None:
        return source.cluster.name
    item = source.notes.session_item if source.notes is not None else None
    return item.title if item is not None else None


def get_recommendation(forum: Forum, recommendation_id: int) -> ForumRecommendation | None:
    """A forum recommendation, fetched through the forum: another forum's is None."""
    return db.session.scalar(
        select(ForumRecommendation).where(ForumRecommendation.forum_id == forum.id,
                                          ForumRecommendation.id == recommendation_id))


def parse_pick(value: str) -> Pick | None:
    """"12:0" -> (12, 0); anything else -> None."""
    notes_id, sep, index = (value or "").partition(":")
    if sep and notes_id.isdigit() and index.isdigit():
        return int(notes_id), int(index)
    return None


# --- writes -------------------------------------------------------------------------------------

def _check_text(text: str | None) -> str:
    if text is not None and len(text) > MAX_TEXT:
        raise FormError(_("Use at most %(max)d characters.", max=MAX_TEXT), field="text")
    text = clean_text(text)
    if not text:
        raise FormError(_("Write the recommendation's text."), field="text")
    return text


def _next_position(forum: Forum) -> int:
    return db.session.scalars(select(func.coalesce(func.max(ForumRecommendation.position), -1))
                              .where(ForumRecommendation.forum_id == forum.id)).one() + 1


def _distinct(names) -> list[str]:
    """Each non-empty name once, in order, whatever its letter case."""
    seen: dict[str, str] = {}
    for name in names:
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def merge_recommendations(forum: Forum, picks: list[Pick]) -> ForumRecommendation:
    """One forum recommendation from the chosen cluster recommendations.

    Its text starts as the chosen texts joined (an identical text once), for the organiser to reword;
    the chosen may come from clusters and sessions alike;
    its addressee names each chosen one's addressee once. Picks are looked up through the forum: another
    forum's notes, notes no longer approved or an index that does not exist are left out, and if nothing
    is left the input is refused.
    """
    picks = list(dict.fromkeys(picks))  # the same one twice counts once
    if not picks:
        raise FormError(_("Choose at least one cluster recommendation."))
    notes_by_id = {notes.id: notes for notes in _offered_notes(forum, {notes_id for notes_id, _i in picks})}
    chosen: list[tuple[ClusterNotes, dict]] = []
    for notes_id, index in picks:
        notes = notes_by_id.get(notes_id)
        entries = dict(_recommendations_of(notes)) if notes is not None else {}
        if notes is not None and index in entries:
            chosen.append((notes, entries[index]))
    if not chosen:
        raise FormError(_("None of the chosen recommendations is available any more: their notes may have been "
                          "returned for changes. Reload the page and choose again."))

    texts = list(dict.fromkeys(clean_text(rec["text"]) for _notes, rec in chosen))
    text = "\n\n".join(t for t in texts if t)
    if not text:
        raise FormError(_("The chosen recommendations have no text to merge."))
    if len(text) > MAX_TEXT:
        raise FormError(_("Together these recommendations are longer than %(max)d characters. "
                          "Merge fewer at a time.", max=MAX_TEXT))
    addressee = "; ".join(_distinct(clean_line(str(rec.get("addressee") or "")) for _notes, rec in chosen))
    if len(addressee) > MAX_ADDRESSEE:
        raise FormError(_("Together their addressees are longer than %(max)d characters. Merge fewer at a time, "
                          "or shorten the addressees in the clusters' notes.", max=MAX_ADDRESSEE))
    recommendation = ForumRecommendation(forum_id=forum.id, text=text, addressee=addressee, status="proposed",
                                         position=_next_position(forum))
    recommendation.sources = [
        RecommendationSource(cluster_id=notes.cluster_id, notes_id=notes.id, original_text=rec["text"])
        for notes, rec in chosen
    ]
    db.session.add(recommendation)
    db.session.flush()
    return recommendation


def update_recommendation(recommendation: ForumRecommendation, text: str, addressee: str) -> ForumRecommendation:
    """New wording and addressee; its sources (the clusters' own words) stay as they were."""
    text = _check_text(text)
    addressee = clean_line(addressee)
    if len(addressee) > MAX_ADDRESSEE:
        raise FormError(_("Use at most %(max)d characters.", max=MAX_ADDRESSEE), field="addressee")
    recommendation.text = text
    recommendation.addressee = addressee
    db.session.flush()
    return recommendation


def set_status(recommendation: ForumRecommendation, status: str) -> ForumRecommendation:
    """What the plenary decided: proposed, adopted, noted or rejected."""
    if status not in ADOPTION_STATUSES:
        raise FormError(_("Choose proposed, adopted, noted or rejected."), field="status")
    recommendation.status = status
    db.session.flush()
    return recommendation


def _renumber(recommendations: list[ForumRecommendation]) -> None:
    for position, recommendation in enumerate(recommendations):
        recommendation.position = position


def move(forum: Forum, recommendation: ForumRecommendation, direction: str) -> bool:
    """Swap with the neighbour above or below; False when already first or last. Positions are
    renumbered 0..n-1 on the way, so gaps or ties left by older data do not matter."""
    if direction not in DIRECTIONS:
        raise FormError(_("Move up or down."))
    ordered = list(db.session.scalars(
        select(ForumRecommendation).where(ForumRecommendation.forum_id == forum.id)
        .order_by(ForumRecommendation.position, ForumRecommendation.id)))
    where = next(i for i, r in enumerate(ordered) if r.id == recommendation.id)
    other = where - 1 if direction == "up" else where + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[where], ordered[other] = ordered[other], ordered[where]
    _renumber(ordered)
    db.session.flush()
    return True


def delete(forum: Forum, recommendation: ForumRecommendation) -> None:
    """Remove a forum recommendation (its source links go with it; the clusters' notes stay)."""
    db.session.delete(recommendation)
    db.session.flush()
    _renumber(list(db.session.scalars(
        select(ForumRecommendation).where(ForumRecommendation.forum_id == forum.id)
        .order_by(ForumRecommendation.position, ForumRecommendation.id))))
    db.session.flush()
