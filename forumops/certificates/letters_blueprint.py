"""URL rules of invitation letters (certificates/letters/): the person's request, withdrawal and letter through
their private link or their account; the organisers' settings, queue, decisions and the issued letter."""

from flask import Blueprint

from .code_lost import code_lost_page
from .issuing import PaperCodeLost
from .letters import hooks  # noqa: F401  (registers the panels, to-do, texts and CSV columns with core)
from .letters import organiser_views as organisers
from .letters import participant_views as participants

bp = Blueprint("letters", __name__, url_prefix="/forums/<slug>")
bp.register_error_handler(PaperCodeLost, code_lost_page)  # a letter whose code cannot be printed is refused

# the person's own letter (letters/participant_views.py)
bp.add_url_rule("/registration/<token>/letter", view_func=participants.RequestView.as_view("request"))
bp.add_url_rule("/registration/<token>/letter/withdraw", view_func=participants.WithdrawView.as_view("withdraw"))
bp.add_url_rule("/registration/<token>/letter.pdf", view_func=participants.PdfView.as_view("pdf"))
bp.add_url_rule("/my-registration/letter", view_func=participants.RequestMineView.as_view("request_mine"))
bp.add_url_rule("/my-registration/letter/withdraw",
                view_func=participants.WithdrawMineView.as_view("withdraw_mine"))
bp.add_url_rule("/my-registration/letter.pdf", view_func=participants.PdfMineView.as_view("pdf_mine"))

# the organisers' (letters/organiser_views.py)
bp.add_url_rule("/letters", view_func=organisers.QueueView.as_view("queue"))
bp.add_url_rule("/letters/settings", view_func=organisers.SettingsView.as_view("settings"))
bp.add_url_rule("/letters/<int:request_id>", view_func=organisers.DetailView.as_view("detail"))
bp.add_url_rule("/letters/<int:request_id>/approve", view_func=organisers.ApproveView.as_view("approve"))
bp.add_url_rule("/letters/<int:request_id>/decline", view_func=organisers.DeclineView.as_view("decline"))
bp.add_url_rule("/letters/<int:request_id>/preview.pdf", view_func=organisers.PreviewView.as_view("preview"))
bp.add_url_rule("/letters/<int:request_id>/letter.pdf", view_func=organisers.PdfView.as_view("download"))
