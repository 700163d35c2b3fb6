"""URL rules of the clusters stage."""

from flask import Blueprint

from . import home, hooks, notes_views, views  # noqa: F401  (home and hooks register with core)

bp = Blueprint("clusters", __name__, url_prefix="/forums/<slug>")
bp.add_url_rule("/clusters", view_func=views.ClustersView.as_view("index"))
C = "/clusters/<int:cluster_id>"
N = C + "/notes/<int:notes_id>"
bp.add_url_rule(C, view_func=views.ClusterPageView.as_view("page"))
bp.add_url_rule(C + "/edit", view_func=views.ClusterEditView.as_view("edit"))
bp.add_url_rule(C + "/staff/<int:assignment_id>/remove", view_func=views.StaffRemoveView.as_view("remove_staff"))
bp.add_url_rule(C + "/invitations/<int:invitation_id>/<any(resend, revoke):change>",
                view_func=views.StaffInvitationView.as_view("staff_invitation"))
bp.add_url_rule(C + "/notes/new", view_func=views.NotesCreateView.as_view("new_notes"))
# The notes pages: the same views for a cluster's notes (N) and a programme item's session notes (S).
S = "/sessions/<int:session_id>/notes"
EVENT = "/<any(submitted, returned, approved, published, unpublished):event>"
for prefix, path in (("", N), ("session_", S)):
    bp.add_url_rule(path, view_func=notes_views.NotesReadView.as_view(f"{prefix}notes"))
    bp.add_url_rule(path + "/edit", view_func=notes_views.NotesEditView.as_view(f"{prefix}edit_notes"))
    bp.add_url_rule(path + "/autosave", view_func=notes_views.NotesAutosaveView.as_view(f"{prefix}autosave_notes"))
    bp.add_url_rule(path + "/discard-draft",
                    view_func=notes_views.NotesDiscardDraftView.as_view(f"{prefix}discard_draft"))
    bp.add_url_rule(path + "/sw.js", view_func=notes_views.NotesWorkerView.as_view(f"{prefix}notes_worker"))
    bp.add_url_rule(path + "/history", view_func=notes_views.NotesHistoryView.as_view(f"{prefix}notes_history"))
    bp.add_url_rule(path + EVENT, view_func=notes_views.NotesStatusView.as_view(f"{prefix}notes_status"))
bp.add_url_rule("/sessions", view_func=notes_views.SessionNotesIndexView.as_view("session_notes_index"))

# Plenary synthesis: the clusters' recommendations gathered into the forum's (organisers).
from . import synthesis_views  # noqa: E402

bp.add_url_rule("/recommendations", view_func=synthesis_views.SynthesisView.as_view("synthesis"))
bp.add_url_rule("/recommendations/merge", view_func=synthesis_views.MergeView.as_view("merge_recommendations"))
bp.add_url_rule("/recommendations/<int:recommendation_id>/edit",
                view_func=synthesis_views.EditView.as_view("edit_recommendation"))
bp.add_url_rule("/recommendations/<int:recommendation_id>/status",
                view_func=synthesis_views.StatusView.as_view("recommendation_status"))
bp.add_url_rule("/recommendations/<int:recommendation_id>/move/<any(up, down):direction>",
                view_func=synthesis_views.MoveView.as_view("move_recommendation"))
bp.add_url_rule("/recommendations/<int:recommendation_id>/delete",
                view_func=synthesis_views.DeleteView.as_view("delete_recommendation"))

from . import assignment_views  # noqa: E402  (appended: cluster assignment)

bp.add_url_rule("/clusters/assign", view_func=assignment_views.AssignView.as_view("assign"))
bp.add_url_rule("/clusters/move", view_func=assignment_views.MoveView.as_view("move"))
