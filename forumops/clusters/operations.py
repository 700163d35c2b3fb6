"""Cluster writes."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..accounts.models import User
from ..accounts.operations import normalise_email
from ..agenda.models import AgendaItem, Cluster
from ..core.database import insert_if_absent, lock_for_update
from ..core.errors import FormError
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..core.text import clean_line, clean_lines, clean_text
from ..extensions import db
from ..forums import invitations
from ..forums.models import CLUSTER_STAFF_ROLES, Forum, RoleInvitation
from ..forums.operations import add_member
from .models import ClusterAssignment, ClusterNotes, NoteDraft, NoteRevision
from .notes import CONFLICT_MARKER, MAX_TEXT, clean_content, empty_content, has_conflict_marker, too_long


def create_cluster(forum: Forum, name: str, description: str = "") -> Cluster:
    """Add a cluster at the end of the forum's list (flushed); a name the forum already has is refused."""
    name = clean_line(name)
    if db.session.scalar(select(Cluster.id).where(Cluster.forum_id == forum.id, Cluster.name == name)):
        raise FormError(_("This forum already has a cluster called “%(name)s”.", name=name), field="name")
    position = db.session.scalars(select(func.coalesce(func.max(Cluster.position), -1))
                                  .where(Cluster.forum_id == forum.id)).one() + 1
    cluster = Cluster(forum_id=forum.id, name=name, description=clean_text(description), position=position)
    db.session.add(cluster)
    db.session.flush()
    return cluster


def add_staff(cluster: Cluster, user: User, role: str = "facilitator") -> ClusterAssignment:
    """A facilitator or rapporteur of the cluster (they write its notes, so they need an account)."""
    if role not in CLUSTER_STAFF_ROLES:
        raise FormError(_("Unknown role."), field="role")
    assignment = db.session.scalar(select(ClusterAssignment).where(
        ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.user_id == user.id))
    if assignment is None:
        assignment = ClusterAssignment(cluster_id=cluster.id, user_id=user.id, role=role)
        db.session.add(assignment)
    else:
        assignment.role = role
    db.session.flush()
    return assignment


def remove_staff(cluster: Cluster, assignment_id: int) -> bool:
    """Remove one staff assignment of this cluster; False when the id is not one of its staff."""
    assignment = db.session.scalar(select(ClusterAssignment).where(
        ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.id == assignment_id,
        ClusterAssignment.user_id.is_not(None)))
    if assignment is None:
        return False
    db.session.delete(assignment)
    db.session.flush()
    return True


def assign_registration(cluster: Cluster, registration, choice_rank: int | None = None) -> ClusterAssignment:
    """Put a participant in a cluster; a participant is in one cluster of a forum at a time."""
    for other in db.session.scalars(
        select(ClusterAssignment).join(Cluster).where(
            Cluster.forum_id == cluster.forum_id, ClusterAssignment.registration_id == registration.id,
            ClusterAssignment.cluster_id != cluster.id)
    ):
        db.session.delete(other)
    assignment = db.session.scalar(select(ClusterAssignment).where(
        ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.registration_id == registration.id))
    if assignment is None:
        assignment = ClusterAssignment(cluster_id=cluster.id, registration_id=registration.id, role="participant")
        db.session.add(assignment)
    assignment.choice_rank = choice_rank
    db.session.flush()
    return assignment


# --- facilitation notes --------------------------------------------------------------------------

class NotesConflict(Exception):
    """Someone saved these notes since this editor loaded them: the save is refused, nothing merged."""

    def __init__(self, notes, submitted: dict):
        super().__init__("notes changed since they were loaded")
        self.notes = notes
        self.submitted = submitted


def open_notes(cluster: Cluster, agenda_item=None, title: str = "") -> ClusterNotes:
    """The notes of one cluster session (a breakout item), created empty the first time."""
    item_id = agenda_item.id if agenda_item is not None else None
    notes = db.session.scalar(select(ClusterNotes).where(ClusterNotes.cluster_id == cluster.id,
                                                         ClusterNotes.agenda_item_id == item_id))
    if notes is None:
        notes = ClusterNotes(cluster_id=cluster.id, agenda_item_id=item_id, content=empty_content(),
                             title=clean_line(title) or (agenda_item.title if agenda_item else cluster.name))
        db.session.add(notes)
        db.session.flush()
    return notes


def open_session_notes(item: AgendaItem) -> ClusterNotes:
    """A programme item's own notes (a plenary's, a panel's), created empty the first time its rapporteur saves or
    types; the caller has checked that the item takes notes (queries.takes_session_notes)."""
    found = select(ClusterNotes).where(ClusterNotes.session_item_id == item.id)
    notes = db.session.scalar(found)
    if notes is None:
        # two rapporteurs' first saves at once: the second's INSERT does nothing (one set per item) and it reads
        # the first's notes, so its save is checked against them (a conflict, never an error page)
        insert_if_absent(ClusterNotes, {"session_item_id": item.id, "content": empty_content(), "title": item.title,
                                        "version": 0, "status": "draft", "review_comment": ""}, ["session_item_id"])
        notes = db.session.scalars(found).one()
    return notes


def _cleaned(notes: ClusterNotes, raw: dict) -> dict:
    """The content to keep. A session's attendance is the desk's scans at its door, never a second record here."""
    content = clean_content(raw)
    if notes.is_session_notes:
        content["attendance"] = []
    return content


def _record(notes: ClusterNotes, actor: User | None, event: str, comment: str = "") -> None:
    """Keep a revision of every event. Only a save of new content raises `version` (what editors' saves
    are checked against): a submission or an approval never makes an open editor's save conflict."""
    if event == "saved":
        notes.version += 1
        notes.updated_by_id = actor.id if actor else None
    number = (db.session.scalar(select(func.max(NoteRevision.version)).where(NoteRevision.notes_id == notes.id))
              or 0) + 1
    db.session.add(NoteRevision(notes_id=notes.id, version=number, content=notes.content,
                                status=notes.status, event=event, comment=comment,
                                author_id=actor.id if actor else None))


def save_notes(notes: ClusterNotes, raw: dict, base_version: int, actor: User) -> ClusterNotes:
    """Save an editor's notes if nobody saved since they loaded version `base_version`; otherwise raise
    NotesConflict so the editor sees both versions. The editor's autosaved draft is cleared on success."""
    if notes.status in ("submitted", "approved", "published"):
        raise FormError(_("These notes are with the organisers (%(status)s); ask them to return the notes before "
                          "changing them. Nothing was lost: your text is still in the form.", status=notes.status))
    long_fields = too_long(raw)
    if long_fields:
        raise FormError(_("Some text is too long to save (at most %(max)d characters per field): %(fields)s. "
                          "Nothing was lost: your text is still in the form.", max=MAX_TEXT,
                          fields=", ".join(long_fields)))
    if has_conflict_marker(raw.get("summary")):
        raise FormError(_("The summary still holds the line “%(marker)s” left over from a conflict: keep the "
                          "version you want, remove that line, then save. Nothing was lost: your text is still "
                          "in the form.", marker=CONFLICT_MARKER), field="summary")
    content = _cleaned(notes, raw)
    _lock_notes(notes)
    if base_version != notes.version:
        raise NotesConflict(notes, content)
    notes.content = content
    if notes.status == "returned":
        notes.status = "draft"
    _record(notes, actor, "saved")
    db.session.execute(delete(NoteDraft).where(NoteDraft.notes_id == notes.id, NoteDraft.user_id == actor.id))
    db.session.flush()
    return notes


def _lock_notes(notes: ClusterNotes) -> None:
    """Two editors saving at the same moment: the second waits, then sees the first's version."""
    db.session.execute(lock_for_update(select(ClusterNotes.id).where(ClusterNotes.id == notes.id)))
    db.session.refresh(notes)


def autosave_draft(notes: ClusterNotes, raw: dict, base_version: int, actor: User) -> NoteDraft:
    """Keep what someone is typing (their own draft; the shared notes are untouched)."""
    draft = db.session.scalar(select(NoteDraft).where(NoteDraft.notes_id == notes.id, NoteDraft.user_id == actor.id))
    if draft is None:
        draft = NoteDraft(notes_id=notes.id, user_id=actor.id, base_version=base_version)
        db.session.add(draft)
    draft.base_version = base_version
    draft.content = _cleaned(notes, raw)
    draft.saved_at = utcnow()
    db.session.flush()
    return draft


def discard_draft(notes: ClusterNotes, actor: User) -> None:
    """Throw away the person's unsaved draft of these notes."""
    db.session.execute(delete(NoteDraft).where(NoteDraft.notes_id == notes.id, NoteDraft.user_id == actor.id))


TRANSITIONS = {
    # event: (allowed from, to)
    "submitted": (("draft", "returned"), "submitted"),
    "returned": (("submitted", "approved"), "returned"),
    "approved": (("submitted",), "approved"),
    "published": (("approved",), "published"),
    "unpublished": (("published",), "approved"),
}


def change_notes_status(notes: ClusterNotes, event: str, actor: User, comment: str = "") -> ClusterNotes:
    """draft → submitted (facilitator or rapporteur) → approved or returned with comments (organiser) → published."""
    allowed, target = TRANSITIONS[event]
    if notes.status not in allowed:
        raise FormError(_("These notes are %(status)s; that step is not possible now.", status=notes.status))
    if event == "returned" and not clean_text(comment):
        raise FormError(_("Say what should change, so the rapporteur can answer.") if notes.is_session_notes
                        else _("Say what should change, so the facilitator can answer."), field="comment")
    notes.status = target
    now = utcnow()
    if event == "submitted":
        notes.submitted_at = now
    elif event == "approved":
        notes.approved_at = now
    elif event == "published":
        notes.published_at = now
    if event == "returned":
        notes.review_comment = clean_text(comment)
    _record(notes, actor, event, clean_text(comment))
    db.session.flush()
    return notes


def update_cluster(cluster: Cluster, data: dict) -> Cluster:
    """Apply the edit form's values to a cluster; a blank name keeps the old one."""
    cluster.name = clean_line(data.get("name")) or cluster.name
    cluster.description = clean_text(data.get("description"))
    questions = data.get("guiding_questions") or ""
    cluster.guiding_questions = clean_lines(questions) if isinstance(questions, str) else list(questions)
    cluster.capacity = data.get("capacity")
    cluster.room = clean_line(data.get("room"))
    db.session.flush()
    return cluster


def invite_staff(forum: Forum, cluster: Cluster, email: str, name: str, role: str, actor: User) -> RoleInvitation:
    """Offer to be facilitator or rapporteur of the cluster: an email with a link; the role is granted only
    when the owner of the address accepts (see forums.invitations)."""
    if role not in CLUSTER_STAFF_ROLES:
        raise FormError(_("Unknown role."), field="role")
    holder = db.session.scalar(select(User.name).join(ClusterAssignment, ClusterAssignment.user_id == User.id).where(
        ClusterAssignment.cluster_id == cluster.id, ClusterAssignment.role == role,
        User.email == normalise_email(email)))
    if holder is not None:
        raise FormError(_("%(name)s (%(email)s) already has this role in the cluster.", name=holder,
                          email=normalise_email(email)), field="email")
    return invitations.invite(forum, email, role, actor, name=name, cluster_id=cluster.id)


STAFF_ROLE_MEANINGS = {
    "facilitator": _l("Facilitators lead the cluster's discussion and write its facilitation notes (attendance, "
                      "summary, findings, recommendations, action items), then submit them to the organisers."),
    "rapporteur": _l("Rapporteurs record the cluster's discussion in its facilitation notes, with the "
                     "facilitators, then submit them to the organisers."),
}
STAFF_ROLE_LABELS = {"facilitator": _l("facilitator"), "rapporteur": _l("rapporteur")}


def _describe_staff(invitation: RoleInvitation) -> tuple[str, str, str]:
    cluster = db.session.get_one(Cluster, invitation.cluster_id)
    where = _("the %(cluster)s cluster of %(forum)s", cluster=cluster.name, forum=invitation.forum.title)
    return str(STAFF_ROLE_LABELS[invitation.role]), where, str(STAFF_ROLE_MEANINGS[invitation.role])


def _grant_staff(invitation: RoleInvitation, user: User) -> None:
    add_member(invitation.forum, user, "facilitator")  # what the forum's team shows; it opens the online link
    add_staff(db.session.get_one(Cluster, invitation.cluster_id), user, invitation.role)


invitations.register_kind("cluster", invitations.InvitationKind(
    describe=_describe_staff, grant=_grant_staff,
    # straight to the cluster's notes
    landing=lambda invitation: ("clusters.page", {"slug": invitation.forum.slug,
                                                  "cluster_id": invitation.cluster_id, "_anchor": "notes-h"})))
