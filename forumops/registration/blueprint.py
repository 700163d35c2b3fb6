"""URL rules of the registration stage; the views are in views/, one module per audience."""

from flask import Blueprint

from . import answer_export, translations  # noqa: F401  (register the private answers' CSV columns, the questions

#                                            with the translation page)
from .views import (
    answers,
    attendance,
    badges,
    checkin,
    desk,
    imports,
    offline_desk,
    participant,
    public,
    questions,
    session_checkin,
)

bp = Blueprint("registration", __name__, url_prefix="/forums/<slug>")

# the public form (views/public.py)
bp.add_url_rule("/register", view_func=public.RegisterView.as_view("register"))
bp.add_url_rule("/register/sent", view_func=public.SentView.as_view("sent"))
bp.add_url_rule("/register/resend-link", view_func=public.ResendLinkView.as_view("resend_link"))

# a participant's own registration, by private link or account (views/participant.py)
bp.add_url_rule("/registration/<token>", view_func=participant.ManageView.as_view("manage"))
bp.add_url_rule("/registration/<token>/cancel", view_func=participant.CancelView.as_view("cancel"))
bp.add_url_rule("/registration/<token>/link", view_func=participant.LinkAccountView.as_view("link_account"))
bp.add_url_rule("/registration/<token>/replace", view_func=participant.ReplaceLinkView.as_view("replace_link"))
bp.add_url_rule("/registration/<token>/send-link", view_func=participant.SendCurrentLinkView.as_view("send_link"))
bp.add_url_rule("/registration/<token>/calendar.ics", view_func=participant.MyCalendarView.as_view("my_calendar"))
bp.add_url_rule("/my-registration", view_func=participant.MyRegistrationView.as_view("mine"))
bp.add_url_rule("/my-registration/calendar.ics",
                view_func=participant.MyCalendarMineView.as_view("my_calendar_mine"))
bp.add_url_rule("/my-registration/cancel", view_func=participant.CancelMineView.as_view("cancel_mine"))
bp.add_url_rule("/registration/<token>/language", view_func=participant.MailLanguageView.as_view("mail_language"))
bp.add_url_rule("/my-registration/language",
                view_func=participant.MailLanguageMineView.as_view("mail_language_mine"))
# the files a person sent as answers, theirs to download (views/answers.py)
bp.add_url_rule("/registration/<token>/files/<int:question_id>",
                view_func=answers.AnswerFileView.as_view("answer_file"))
bp.add_url_rule("/my-registration/files/<int:question_id>",
                view_func=answers.AnswerFileMineView.as_view("answer_file_mine"))

# the check-in desk (views/checkin.py)
bp.add_url_rule("/checkin", view_func=checkin.CheckinView.as_view("checkin"))
bp.add_url_rule("/checkin/<int:registration_id>", view_func=checkin.CheckinPersonView.as_view("checkin_person"))
# the desk offline (views/offline_desk.py): the list a device keeps, the arrivals it sends, its worker and manifest
bp.add_url_rule("/checkin/list.json", view_func=offline_desk.DeskListView.as_view("checkin_list"))
bp.add_url_rule("/checkin/sync", view_func=offline_desk.DeskSyncView.as_view("checkin_sync"))
bp.add_url_rule("/checkin/sw.js", view_func=offline_desk.DeskWorkerView.as_view("checkin_worker"))
bp.add_url_rule("/checkin/manifest.webmanifest", view_func=offline_desk.DeskManifestView.as_view("checkin_manifest"))
# a session's own door (views/session_checkin.py), and who came, by day, session and cluster (views/attendance.py)
bp.add_url_rule("/checkin/sessions/<int:item_id>",
                view_func=session_checkin.SessionCheckinView.as_view("session_checkin"))
bp.add_url_rule("/checkin/sessions/<int:item_id>/<int:registration_id>",
                view_func=session_checkin.SessionCheckinPersonView.as_view("session_checkin_person"))
bp.add_url_rule("/attendance", view_func=attendance.AttendanceReportView.as_view("attendance"))
bp.add_url_rule("/attendance.csv", view_func=attendance.AttendanceCsvView.as_view("attendance_csv"))

# the organisers' registration desk (views/desk.py)
bp.add_url_rule("/registrations", view_func=desk.DeskView.as_view("desk"))
bp.add_url_rule("/registrations/bulk", view_func=desk.BulkView.as_view("bulk"))
bp.add_url_rule("/registrations/<int:registration_id>", view_func=desk.DetailView.as_view("detail"))
bp.add_url_rule("/registrations/<int:registration_id>/category", view_func=desk.CategoryView.as_view("category"))
bp.add_url_rule("/registrations/<int:registration_id>/files/<int:question_id>",
                view_func=answers.AnswerFileDeskView.as_view("answer_file_desk"))
bp.add_url_rule("/registrations/<int:registration_id>/<action>",
                view_func=desk.RegistrationActionView.as_view("registration_action"))
bp.add_url_rule("/registrations.csv", view_func=desk.ExportView.as_view("export_csv"))
bp.add_url_rule("/registrations/import", view_func=desk.ImportView.as_view("import_csv"))
bp.add_url_rule("/registrations/imports/<int:import_id>", view_func=imports.ImportStatusView.as_view("import_status"))
bp.add_url_rule("/registrations/imports/<int:import_id>/ok",
                view_func=imports.AcknowledgeImportView.as_view("acknowledge_import"))
bp.add_url_rule("/registrations/settings", view_func=desk.SettingsView.as_view("settings"))
bp.add_url_rule("/registrations/questions", view_func=questions.QuestionsView.as_view("questions"))
bp.add_url_rule("/registrations/questions/<int:question_id>/<action>",
                view_func=questions.QuestionActionView.as_view("question_action"))
bp.add_url_rule("/registrations/invitations", view_func=desk.InvitationsView.as_view("invitations"))
bp.register_error_handler(413, desk.too_large)

# badges (views/badges.py; the renderer is registration/badges.py)
bp.add_url_rule("/badges", view_func=badges.BadgesView.as_view("badges"))
bp.add_url_rule("/badges.pdf", view_func=badges.BadgesPdfView.as_view("badges_pdf"))
bp.add_url_rule("/registrations/<int:registration_id>/badge.pdf",
                view_func=badges.BadgeOneView.as_view("badge_one"))
bp.add_url_rule("/registration/<token>/badge.pdf", view_func=badges.MyBadgeView.as_view("my_badge"))
bp.add_url_rule("/my-registration/badge.pdf", view_func=badges.MyBadgeMineView.as_view("my_badge_mine"))
