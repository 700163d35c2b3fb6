"""Every URL rule, every role: the expected status. A new route missing from the table fails here."""

from __future__ import annotations

import pytest
from flask import url_for

ROLES = ("anonymous", "participant", "facilitator", "organiser", "other_organiser", "admin")
LOGIN = "login"  # anonymous users are sent to the sign-in page

# endpoint -> (method, {role: expected status}); roles not listed expect `default`.
def row(method, default, **overrides):
    return method, {role: overrides.get(role, default) for role in ROLES}


ORGANISERS_ONLY = dict(anonymous=LOGIN, participant=403, facilitator=403, other_organiser=403)
SIGNED_IN = dict(anonymous=LOGIN)

ACCESS_TABLE = {
    "static": row("GET", 200),
    "accounts.set_language": row("GET", 302),  # switches the reader's language, then back to the page
    "forums.home": row("GET", 200, anonymous=302),  # a signed-in person's home; the forum list for others
    "forums.index": row("GET", 200),
    "forums.create": row("GET", 200, **SIGNED_IN),
    "forums.detail": row("GET", 200),
    "forums.edit": row("GET", 200, **ORGANISERS_ONLY),
    "forums.status": row("GET", 200, **ORGANISERS_ONLY),
    "forums.translations": row("GET", 200, **ORGANISERS_ONLY),  # the forum under test is in English and Thai
    "forums.partners": row("GET", 200, **ORGANISERS_ONLY),
    "forums.remove_partner": row("POST", 404, **ORGANISERS_ONLY),  # no such partner in this forum
    "forums.partner_logo": row("GET", 404, **ORGANISERS_ONLY),  # no such partner in this forum
    "forums.logo": row("POST", 422, **ORGANISERS_ONLY),  # no picture chosen: the form says so
    "forums.logo_image": row("GET", 404),  # public, but no logo has this SHA-256
    "forums.team": row("GET", 200, **ORGANISERS_ONLY),
    "forums.remove_member": row("POST", 404, **ORGANISERS_ONLY),
    "forums.team_invitation": row("POST", 404, **ORGANISERS_ONLY),  # no such invitation in this forum
    "forums.invitation": row("GET", 404),  # an unknown token, for everyone: a page saying what to do
    # the administrator alone answers new organisers and sets whether they need approval
    "forums.organisers": row("GET", 403, anonymous=LOGIN, admin=200),
    "forums.decide_organiser": row("POST", 403, anonymous=LOGIN, admin=404),  # nobody of that id is waiting
    "organisations.directory": row("GET", 200, **SIGNED_IN),
    "organisations.logo": row("GET", 403, anonymous=LOGIN, admin=404),  # the administrator's; no such entry
    "agenda.programme": row("GET", 200),
    "agenda.programme_pdf": row("GET", 200),
    "agenda.programme_ics": row("GET", 200),
    "agenda.item_ics": row("GET", 404),  # no such item, for everyone
    "agenda.item": row("GET", 404),  # no such item, for everyone
    "agenda.personal_feed": row("GET", 404),  # an unknown token, for everyone
    "agenda.mine": row("GET", 200, anonymous=LOGIN, other_organiser=403),
    "agenda.builder": row("GET", 200, **ORGANISERS_ONLY),
    "agenda.new_item": row("GET", 200, **ORGANISERS_ONLY),
    "agenda.edit_item": row("GET", 404, **ORGANISERS_ONLY),  # checked before the item is looked up
    "agenda.cancel_item": row("POST", 404, **ORGANISERS_ONLY),
    "agenda.restore_item": row("POST", 404, **ORGANISERS_ONLY),
    "agenda.delete_item": row("POST", 404, **ORGANISERS_ONLY),
    "agenda.duplicate_item": row("POST", 404, **ORGANISERS_ONLY),
    "agenda.shift_items": row("POST", 404, **ORGANISERS_ONLY),
    "agenda.copy_day": row("POST", 302, **ORGANISERS_ONLY),
    "agenda.paste": row("GET", 200, **ORGANISERS_ONLY),
    "agenda.rooms": row("GET", 200, **ORGANISERS_ONLY),
    "agenda.remove_room": row("POST", 404, **ORGANISERS_ONLY),
    # organisers manage the clusters; the facilitator (staff of the cluster below) sees their own
    "clusters.index": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "registration.register": row("GET", 200),
    "registration.sent": row("GET", 200),  # "check your email": the same page for everyone
    "registration.resend_link": row("POST", 302),
    "registration.manage": row("GET", 404),  # an unknown token, for everyone
    "registration.cancel": row("POST", 404),
    "registration.my_calendar": row("GET", 404),  # an unknown token, for everyone
    "registration.replace_link": row("POST", 404),
    "registration.send_link": row("POST", 404),
    "registration.my_calendar_mine": row("GET", 404, anonymous=LOGIN),  # none of them registered
    "registration.link_account": row("POST", 404, anonymous=LOGIN),  # an unknown token
    "registration.mine": row("GET", 404, anonymous=LOGIN),  # none of them registered
    "registration.cancel_mine": row("POST", 404, anonymous=LOGIN),
    "registration.mail_language": row("POST", 404),  # an unknown token, for everyone
    "registration.mail_language_mine": row("POST", 404, anonymous=LOGIN),  # none of them registered
    # a file sent as an answer: the person's own, by link (an unknown token) or account (none of them registered)
    "registration.answer_file": row("GET", 404),
    "registration.answer_file_mine": row("GET", 404, anonymous=LOGIN),
    "registration.checkin": row("GET", 200, **ORGANISERS_ONLY),
    "registration.checkin_person": row("POST", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    # the desk offline: the list a device keeps, the arrivals it sends (none here: refused, said why), its worker
    "registration.checkin_list": row("GET", 200, **ORGANISERS_ONLY),
    "registration.checkin_sync": row("POST", 400, **ORGANISERS_ONLY),
    "registration.checkin_worker": row("GET", 200, **ORGANISERS_ONLY),
    "registration.checkin_manifest": row("GET", 200, **ORGANISERS_ONLY),
    "registration.session_checkin": row("GET", 404, **ORGANISERS_ONLY),  # no such programme item in this forum
    "registration.session_checkin_person": row("POST", 404, **ORGANISERS_ONLY),
    "registration.attendance": row("GET", 200, **ORGANISERS_ONLY),
    "registration.attendance_csv": row("GET", 200, **ORGANISERS_ONLY),
    "notifications.outbox": row("GET", 200, **ORGANISERS_ONLY),
    "notifications.send_again": row("POST", 404, **ORGANISERS_ONLY),  # no such email in this forum
    "communications.unsubscribe": row("GET", 404),  # an unknown token, for everyone
    "communications.unsubscribe_one_click": row("POST", 404),  # an unknown token, for everyone
    "communications.resubscribe": row("POST", 404),  # an unknown private link, for everyone
    "communications.resubscribe_mine": row("POST", 404, anonymous=LOGIN),  # none of them registered
    "communications.messages": row("GET", 200, **ORGANISERS_ONLY),
    "communications.compose": row("GET", 200, **ORGANISERS_ONLY),
    "communications.count": row("GET", 200, **ORGANISERS_ONLY),
    "communications.message": row("GET", 404, **ORGANISERS_ONLY),  # no such message in this forum
    "communications.retry": row("POST", 404, **ORGANISERS_ONLY),
    "communications.cancel": row("POST", 404, **ORGANISERS_ONLY),
    "communications.delete_template": row("POST", 404, **ORGANISERS_ONLY),  # no such template in this forum
    # the administrator alone sets one forum's quota
    "communications.limits": row("GET", 403, anonymous=LOGIN, admin=200),
    "communications.automatic": row("GET", 200, **ORGANISERS_ONLY),
    "communications.automatic_before": row("POST", 422, **ORGANISERS_ONLY),  # an empty form: refused, shown again
    "communications.automatic_after": row("POST", 422, **ORGANISERS_ONLY),
    "communications.change_notices": row("POST", 422, **ORGANISERS_ONLY),
    "communications.notify_changes": row("POST", 422, **ORGANISERS_ONLY),  # notices are off: refused, said why
    "registration.desk": row("GET", 200, **ORGANISERS_ONLY),
    "registration.bulk": row("POST", 302, **ORGANISERS_ONLY),
    "registration.detail": row("GET", 404, **ORGANISERS_ONLY),
    "registration.registration_action": row("POST", 404, **ORGANISERS_ONLY),
    "registration.category": row("POST", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    "registration.answer_file_desk": row("GET", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    "registration.export_csv": row("GET", 200, **ORGANISERS_ONLY),
    "registration.import_csv": row("GET", 200, **ORGANISERS_ONLY),
    "registration.import_status": row("GET", 404, **ORGANISERS_ONLY),  # no such import in this forum
    "registration.acknowledge_import": row("POST", 404, **ORGANISERS_ONLY),
    "registration.settings": row("GET", 200, **ORGANISERS_ONLY),
    "registration.questions": row("GET", 200, **ORGANISERS_ONLY),
    "registration.question_action": row("POST", 404, **ORGANISERS_ONLY),
    "registration.invitations": row("GET", 200, **ORGANISERS_ONLY),
    # a real cluster with the facilitator as its staff, and a draft notes sheet
    "clusters.page": row("GET", 200),
    "clusters.edit": row("GET", 200, **ORGANISERS_ONLY),
    "clusters.remove_staff": row("POST", 302, **ORGANISERS_ONLY),
    "clusters.staff_invitation": row("POST", 404, **ORGANISERS_ONLY),  # no such invitation in this cluster
    "clusters.new_notes": row("POST", 302, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.notes": row("GET", 200, anonymous=404, participant=403, other_organiser=403),  # a draft
    "clusters.edit_notes": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    # the editor's service worker (it keeps the editor for offline reopening): whoever may write the notes
    "clusters.notes_worker": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.autosave_notes": row("POST", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.discard_draft": row("POST", 302, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.notes_history": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.notes_status": row("POST", 302, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.synthesis": row("GET", 200, **ORGANISERS_ONLY),
    # a plenary's session notes (a draft) with the facilitator as the item's rapporteur: the same rules as a cluster's
    "clusters.session_notes": row("GET", 200, anonymous=404, participant=403, other_organiser=403),  # a draft
    "clusters.session_edit_notes": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.session_notes_worker": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.session_autosave_notes": row("POST", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.session_discard_draft": row("POST", 302, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.session_notes_history": row("GET", 200, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.session_notes_status": row("POST", 302, anonymous=LOGIN, participant=403, other_organiser=403),
    "clusters.session_notes_index": row("GET", 200, **ORGANISERS_ONLY),  # every session's notes, for review
    "followup.dashboard": row("GET", 200, **ORGANISERS_ONLY),
    "followup.export_csv": row("GET", 200, **ORGANISERS_ONLY),
    "followup.export_pdf": row("GET", 200, **ORGANISERS_ONLY),
    "followup.settings": row("GET", 200, **ORGANISERS_ONLY),
    "followup.new_plan": row("GET", 200, **ORGANISERS_ONLY),
    "followup.plan": row("GET", 404, **ORGANISERS_ONLY),
    "followup.edit_plan": row("GET", 404, **ORGANISERS_ONLY),
    "followup.renew_link": row("POST", 404, **ORGANISERS_ONLY),
    "followup.review_report": row("POST", 404, **ORGANISERS_ONLY),
    "followup.previous": row("GET", 200, **ORGANISERS_ONLY),
    "followup.new_edition": row("GET", 200, **ORGANISERS_ONLY),
    "followup.report": row("GET", 404),  # an unknown token, for everyone
    "followup.request_link": row("POST", 404),
    "followup.correct": row("GET", 404),  # an unknown token, for everyone
    "followup.mine": row("GET", 200, **SIGNED_IN),
    "followup.report_mine": row("GET", 404, **SIGNED_IN),
    "followup.correct_mine": row("GET", 404, **SIGNED_IN),
    "outcomes.report": row("GET", 404, organiser=200, admin=200),  # not published yet: a preview for organisers
    "outcomes.report_pdf": row("GET", 404, organiser=200, admin=200),
    "outcomes.recommendations_csv": row("GET", 200, **ORGANISERS_ONLY),
    "outcomes.edit": row("GET", 200, **ORGANISERS_ONLY),
    "outcomes.publish": row("POST", 302, **ORGANISERS_ONLY),
    # what the report's evaluation chapter shows of a survey: its organisers only; no such survey in this forum
    "evaluations.chapter": row("GET", 404, **ORGANISERS_ONLY),
    "registration.badges": row("GET", 200, **ORGANISERS_ONLY),
    "registration.badges_pdf": row("POST", 422, **ORGANISERS_ONLY),  # nobody confirmed: the form, with why
    "registration.badge_one": row("GET", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    "registration.my_badge": row("GET", 404),  # an unknown token, for everyone
    "registration.my_badge_mine": row("GET", 404, anonymous=LOGIN),  # none of them registered
    "clusters.assign": row("GET", 200, **ORGANISERS_ONLY),
    "clusters.move": row("POST", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    "clusters.merge_recommendations": row("POST", 422, **ORGANISERS_ONLY),  # an empty selection
    "clusters.edit_recommendation": row("POST", 404, **ORGANISERS_ONLY),
    "clusters.recommendation_status": row("POST", 404, **ORGANISERS_ONLY),
    "clusters.move_recommendation": row("POST", 404, **ORGANISERS_ONLY),
    "clusters.delete_recommendation": row("POST", 404, **ORGANISERS_ONLY),
    "accounts.signup": row("GET", 302, anonymous=200),
    "accounts.check_email": row("GET", 200),  # where sign-up leads, whatever the address
    "accounts.signin": row("GET", 302, anonymous=200),
    "accounts.signout": row("POST", 302),
    "accounts.forgot_password": row("GET", 200),
    "accounts.reset_password": row("GET", 404),  # an unknown token, for everyone
    "accounts.account": row("GET", 200, **SIGNED_IN),
    "accounts.end_other_sessions": row("POST", 302, **SIGNED_IN),
    "accounts.verify_email": row("GET", 404),  # an unknown token, for everyone: a page saying what to do
    "accounts.resend_expired_verification": row("POST", 302),  # an unknown token: back to its page
    "accounts.resend_verification": row("POST", 302, **SIGNED_IN),
    "accounts.change_email": row("POST", 422, **SIGNED_IN),  # an empty form
    "accounts.cancel_email_change": row("POST", 302, **SIGNED_IN),
    "privacy.manage_data": row("GET", 404),  # an unknown token, for everyone
    "privacy.manage_erasure": row("GET", 404),
    "privacy.account_data": row("GET", 200, **SIGNED_IN),
    "privacy.account_erasure": row("GET", 200, **SIGNED_IN),
    "privacy.erase": row("POST", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    # invitation letters: the person's own through an unknown token (404 for everyone) or their account (none of
    # them registered); the organisers' pages, and no such request in this forum
    "letters.request": row("GET", 404),
    "letters.withdraw": row("POST", 404),
    "letters.pdf": row("GET", 404),
    "letters.request_mine": row("GET", 404, anonymous=LOGIN),
    "letters.withdraw_mine": row("POST", 404, anonymous=LOGIN),
    "letters.pdf_mine": row("GET", 404, anonymous=LOGIN),
    "letters.queue": row("GET", 200, **ORGANISERS_ONLY),
    "letters.settings": row("GET", 200, **ORGANISERS_ONLY),
    "letters.detail": row("GET", 404, **ORGANISERS_ONLY),
    "letters.approve": row("POST", 404, **ORGANISERS_ONLY),
    "letters.decline": row("POST", 404, **ORGANISERS_ONLY),
    "letters.preview": row("GET", 404, **ORGANISERS_ONLY),
    "letters.download": row("GET", 404, **ORGANISERS_ONLY),
    "documents.manage": row("GET", 200, **ORGANISERS_ONLY),
    "documents.new": row("GET", 200, **ORGANISERS_ONLY),  # to the forum page: no target named
    "documents.open": row("GET", 404),  # no such document, for everyone; visibility: test_document_visibility
    "documents.open_by_link": row("GET", 404),  # an unknown token, no such document: 404 for everyone
    "documents.edit": row("GET", 404, **ORGANISERS_ONLY),  # checked before the document is looked up
    "documents.delete": row("POST", 404, **ORGANISERS_ONLY),
    "documents.version": row("GET", 404, **ORGANISERS_ONLY),
    "certificates.verify_form": row("GET", 200),  # anyone checks a paper by its code
    "certificates.verify": row("GET", 404),  # a code never issued, for everyone
    "certificates.issued": row("GET", 200, **ORGANISERS_ONLY),  # the register of papers issued
    "certificates.issued_csv": row("GET", 200, **ORGANISERS_ONLY),
    "certificates.revoke": row("GET", 404, **ORGANISERS_ONLY),  # no such paper in this forum
    "certificates.design": row("GET", 200, **ORGANISERS_ONLY),
    "certificates.preview": row("GET", 302, **ORGANISERS_ONLY),  # nothing written yet: back to the design page
    "certificates.recipients": row("GET", 200, **ORGANISERS_ONLY),
    "certificates.publish": row("POST", 422, **ORGANISERS_ONLY),  # nothing written yet: refused, said why
    "certificates.unpublish": row("POST", 302, **ORGANISERS_ONLY),
    "certificates.reissue": row("POST", 404, **ORGANISERS_ONLY),  # no such registration in this forum
    "certificates.all_pdf": row("GET", 302, **ORGANISERS_ONLY),  # none issued: back to the page, said why
    "certificates.all_zip": row("GET", 302, **ORGANISERS_ONLY),
    "certificates.signatories": row("GET", 200, **ORGANISERS_ONLY),
    "certificates.signatory": row("GET", 404, **ORGANISERS_ONLY),  # no such signatory in this forum
    "certificates.remove_signature": row("POST", 404, **ORGANISERS_ONLY),
    "certificates.delete_signatory": row("POST", 404, **ORGANISERS_ONLY),
    "certificates.signature_image": row("GET", 404, **ORGANISERS_ONLY),
    # feedback on sessions: a participant rates one they attended, by account or private link; the organisers read
    # every session's (presenters read theirs on the item's page)
    "evaluations.rate_mine": row("GET", 404, anonymous=LOGIN),  # no such programme item
    "evaluations.rate": row("GET", 404),  # no such programme item, an unknown token, for everyone
    "evaluations.feedback": row("GET", 200, **ORGANISERS_ONLY),
    "evaluations.feedback_csv": row("GET", 200, **ORGANISERS_ONLY),
    "certificates.my_certificate": row("GET", 404),  # an unknown token, for everyone
    "certificates.my_certificate_mine": row("GET", 404, anonymous=LOGIN),  # none of them registered
    # a before-and-after test's gain: organisers ("evaluations.manage"); no such survey in this forum
    "evaluations.gain": row("GET", 404, **ORGANISERS_ONLY),
    "evaluations.gain_csv": row("GET", 404, **ORGANISERS_ONLY),
    # building surveys (evaluations.builder_*): the organisers' list, then a survey that does not exist
    "evaluations.surveys": row("GET", 200, **ORGANISERS_ONLY),
    "evaluations.survey_settings": row("GET", 404, **ORGANISERS_ONLY),  # no such survey in this forum
    "evaluations.open_survey": row("POST", 404, **ORGANISERS_ONLY),
    "evaluations.close_survey": row("POST", 404, **ORGANISERS_ONLY),
    "evaluations.start_after": row("POST", 404, **ORGANISERS_ONLY),
    "evaluations.survey_questions": row("GET", 404, **ORGANISERS_ONLY),
    "evaluations.survey_question": row("GET", 404, **ORGANISERS_ONLY),
    "evaluations.delete_question": row("POST", 404, **ORGANISERS_ONLY),
    "evaluations.move_question": row("POST", 404, **ORGANISERS_ONLY),
    # answering a survey: through an unknown token (404 for everyone) or the account (none of them registered)
    "evaluations.answer": row("GET", 404),
    "evaluations.answer_mine": row("GET", 404, anonymous=LOGIN),
    # a survey's results and its answers' CSV: organisers only; no such survey in this forum
    "evaluations.results": row("GET", 404, **ORGANISERS_ONLY),
    "evaluations.results_csv": row("GET", 404, **ORGANISERS_ONLY),
    # the travel lists (arrivals, rooming, per diem, dietary and accessibility): personal data, organisers only;
    # empty lists for the forum under test, each as a page, a PDF and a CSV
    "travel.lists": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_arrivals": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_arrivals_pdf": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_arrivals_csv": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_rooming": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_rooming_pdf": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_rooming_csv": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_per_diem": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_per_diem_pdf": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_per_diem_csv": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_needs": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_needs_pdf": row("GET", 200, **ORGANISERS_ONLY),
    "travel.lists_needs_csv": row("GET", 200, **ORGANISERS_ONLY),
    # support and sponsorship (travel.support_*): the organisers' page of everyone offered support; one registration's
    # support (no such registration in this forum); the registrations ticked at the desk (none ticked: back to the
    # desk); the person's answer by an unknown token (404 for everyone) or their account (none of them registered)
    "travel.support": row("GET", 200, **ORGANISERS_ONLY),
    "travel.registration_support": row("GET", 404, **ORGANISERS_ONLY),
    "travel.withdraw_support": row("POST", 404, **ORGANISERS_ONLY),
    "travel.support_status": row("POST", 404, **ORGANISERS_ONLY),
    "travel.offer_support": row("POST", 303, **ORGANISERS_ONLY),
    "travel.answer_support": row("POST", 404),
    "travel.answer_support_mine": row("POST", 404, anonymous=LOGIN),
    # the travel details: the organisers' Travel page (settings, hotels: an empty form refused; no such hotel in this
    # forum), one person's travel details at the desk (no such registration), and the person's travel form through an
    # unknown token (404 for everyone) or the account (none of them registered)
    "travel.overview": row("GET", 200, **ORGANISERS_ONLY),
    "travel.hotels": row("POST", 422, **ORGANISERS_ONLY),
    "travel.hotel": row("GET", 404, **ORGANISERS_ONLY),
    "travel.remove_hotel": row("POST", 404, **ORGANISERS_ONLY),
    "travel.move_hotel": row("POST", 404, **ORGANISERS_ONLY),
    "travel.desk_travel": row("GET", 404, **ORGANISERS_ONLY),
    "travel.travel_form": row("GET", 404),
    "travel.travel_form_mine": row("GET", 404, anonymous=LOGIN),
}

URL_VALUES = {"slug": "acf-2027", "partner_id": 999999, "member_id": 999999, "token": "not-a-real-token",
              "filename": "css/app.css", "item_id": 999999, "room_id": 999999, "day": "2027-04-14",
              "registration_id": 999999, "question_id": 999999, "action": "approve",
              "assignment_id": 999999, "event": "submitted", "recommendation_id": 999999, "direction": "up",
              "plan_id": 999999, "invitation_id": 999999, "change": "resend",
              "report_id": 999999, "announcement_id": 999999, "template_id": 999999, "import_id": 999999,
              "user_id": 999999, "decision": "approve", "message_id": 999999, "language": "th",
              "organisation_id": 999999, "sha256": "0" * 64, "px": 160, "document_id": 999999, "version_id": 999999,
              "request_id": 999999, "code": "NOT-A-REAL-CODE", "paper_id": 999999, "signatory_id": 999999,
              "survey_id": 999999, "survey_item_id": 999999, "support_kind": "travel", "hotel_id": 999999}


@pytest.fixture
def people(create_user, create_forum, add_role):
    organiser = create_user(email="organiser@example.org")
    forum = create_forum(slug="acf-2027", title="Forum Under Test", organiser=organiser)
    forum.languages = ["en", "th"]  # so its Thai translation page exists
    other_organiser = create_user(email="other@example.org")
    create_forum(slug="another-forum", title="Someone Else's Forum", organiser=other_organiser)
    participant = create_user(email="participant@example.org")
    add_role(forum, participant, "participant")
    facilitator = create_user(email="facilitator@example.org")
    add_role(forum, facilitator, "facilitator")
    admin = create_user(email="admin@example.org", is_admin=True)
    from datetime import time

    from forumops.agenda.operations import create_item
    from forumops.clusters.operations import add_staff, create_cluster, open_notes, open_session_notes

    cluster = create_cluster(forum, "MSME development")
    add_staff(cluster, facilitator, "facilitator")
    notes = open_notes(cluster, title="Breakout 1")
    plenary = create_item(forum, {"day": forum.start_date, "start": time(9), "end": time(10),
                                  "title": "Opening plenary", "type": "plenary",
                                  "people": [{"role": "rapporteur", "user_id": facilitator.id}]})
    open_session_notes(plenary)
    from forumops.extensions import db as _db

    _db.session.commit()
    URL_VALUES.update(cluster_id=cluster.id, notes_id=notes.id, session_id=plenary.id)
    return {"anonymous": None, "participant": participant, "facilitator": facilitator,
            "organiser": organiser, "other_organiser": other_organiser, "admin": admin}


def test_every_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS_TABLE) == set(), "add the new routes to ACCESS_TABLE"
    assert set(ACCESS_TABLE) - endpoints == set(), "remove routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_access_table(app, people, role):
    from tests.conftest import sign_in

    failures = []
    for rule in app.url_map.iter_rules():
        method, expected_by_role = ACCESS_TABLE[rule.endpoint]
        expected = expected_by_role[role]
        client = app.test_client()
        if people[role] is not None:
            sign_in(client, people[role])
        with app.test_request_context():
            url = url_for(rule.endpoint, **{arg: URL_VALUES[arg] for arg in rule.arguments
                                            if arg not in (rule.defaults or {})})
        response = client.open(url, method=method)
        if expected == LOGIN:
            ok = response.status_code == 302 and "/account/signin" in response.headers.get("Location", "")
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{method} {url} as {role}: got {response.status_code}, expected {expected}")
    assert failures == []


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 404), ("participant", 404), ("facilitator", 404), ("other_organiser", 404),
    ("organiser", 200), ("admin", 200),
])
def test_a_draft_is_visible_to_its_organisers_only(app, people, db, role, expected):
    from forumops.forums.models import Forum
    from tests.conftest import sign_in

    forum = db.session.query(Forum).filter_by(slug="acf-2027").one()
    forum.status = "draft"
    db.session.commit()
    client = app.test_client()
    if people[role] is not None:
        sign_in(client, people[role])
    assert client.get("/forums/acf-2027/").status_code == expected
    assert client.get("/forums/acf-2027/edit").status_code in ((200,) if expected == 200 else (404,))
    listed = "Forum Under Test" in client.get("/forums/").get_data(as_text=True)
    assert listed == (expected == 200)


def test_online_link_only_for_the_team_on_the_forum_page(app, people, db):
    """A participant's role alone shows no link: only a confirmed online registration does (tests/core/test_home.py)."""
    from forumops.forums.models import Forum
    from tests.conftest import sign_in

    forum = db.session.query(Forum).filter_by(slug="acf-2027").one()
    forum.online_link = "https://meet.example.org/acf-2027-secret"
    db.session.commit()
    for role in ROLES:
        client = app.test_client()
        if people[role] is not None:
            sign_in(client, people[role])
        shown = "acf-2027-secret" in client.get("/forums/acf-2027/").get_data(as_text=True)
        assert shown == (role in ("facilitator", "organiser", "admin")), role


def test_cluster_staff_without_a_team_role_reach_their_clusters_page(app, people, create_user, db):
    """Being facilitator or rapporteur of one of the forum's clusters is enough (decided in core.permissions)."""
    from forumops.agenda.models import Cluster
    from forumops.clusters.operations import add_staff
    from tests.conftest import sign_in

    rapporteur = create_user(email="rapporteur@example.org")
    add_staff(db.session.query(Cluster).one(), rapporteur, "rapporteur")
    db.session.commit()
    client = app.test_client()
    sign_in(client, rapporteur)
    page = client.get("/forums/acf-2027/clusters")
    assert page.status_code == 200
    assert "MSME development" in page.get_data(as_text=True)
    assert client.post("/forums/acf-2027/clusters", data={"name": "Mine now"}).status_code == 403


def _open_to_everyone(view_class) -> bool:
    from forumops.core.permissions import ANONYMOUS, RULES

    return ANONYMOUS in RULES[view_class.permission]


@pytest.mark.parametrize("role", ["anonymous", "participant", "organiser", "admin"])
def test_no_cache_keeps_a_page_that_needs_a_sign_in_or_a_private_link(app, people, role):
    """Every GET page whose permission is not open to everyone, every page on a private link, and every page a
    signed-in person is shown: `Cache-Control: no-store`, so no browser, back button or proxy keeps the desk,
    a registration's details or the outbox's private links. The finding: only /account/ pages (and a few
    personal ones) said so. A new route is covered by walking the url_map, as the access table is."""
    from tests.conftest import sign_in

    client = app.test_client()
    if people[role] is not None:
        sign_in(client, people[role])
    checked, failures = 0, []
    for rule in app.url_map.iter_rules():
        view_class = getattr(app.view_functions[rule.endpoint], "view_class", None)
        if "GET" not in rule.methods or view_class is None:  # static files carry their own policy
            continue
        private = "token" in rule.arguments or not _open_to_everyone(view_class)
        if not private and role == "anonymous":
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{arg: URL_VALUES[arg] for arg in rule.arguments
                                            if arg not in (rule.defaults or {})})
        response = client.get(url)
        checked += 1
        cache = response.headers.get("Cache-Control", "")
        if "no-store" not in cache and not (not private and cache == "public, no-cache"):
            failures.append(f"GET {url} as {role}: {response.status_code}, Cache-Control {cache!r}")
    assert checked > 20
    assert failures == []


def test_an_unconfirmed_account_gets_what_a_confirmed_one_gets_except_making_forums(app, people, create_user):
    """Issue 18: until its address is confirmed an account signs in and reads what any account reads, and is
    refused exactly what needs a confirmed address (core.permissions VERIFIED): creating a forum."""
    from tests.conftest import sign_in

    confirmed = create_user(email="confirmed@example.org")
    unconfirmed = create_user(email="unconfirmed@example.org", verified=False)
    differences = {}
    for rule in app.url_map.iter_rules():
        method, _expected = ACCESS_TABLE[rule.endpoint]
        with app.test_request_context():
            url = url_for(rule.endpoint, **{arg: URL_VALUES[arg] for arg in rule.arguments
                                            if arg not in (rule.defaults or {})})
        statuses = []
        for user in (confirmed, unconfirmed):
            client = app.test_client()
            sign_in(client, user)
            statuses.append(client.open(url, method=method).status_code)
        if statuses[0] != statuses[1]:
            differences[rule.endpoint] = tuple(statuses)
    assert differences == {"forums.create": (200, 403)}


@pytest.mark.parametrize("role", [*ROLES, "cluster_staff"])
def test_document_visibility_for_every_role(app, people, role, create_document, create_user, db):
    """A document opens for the people its visibility names (core.permissions documents.view_*): public for
    everyone, participants for confirmed participants and staff (facilitators, cluster facilitators and
    rapporteurs, organisers), organisers for organisers. A signed-out visitor is sent to sign in; a draft
    forum's documents are not even acknowledged."""
    from forumops.agenda.models import Cluster
    from forumops.clusters.operations import add_staff
    from forumops.forums.models import Forum
    from tests.conftest import sign_in

    forum = db.session.query(Forum).filter_by(slug="acf-2027").one()
    documents = {level: create_document(forum, f"{level} file", visibility=level, filename=f"{level}.pdf")
                 for level in ("public", "participants", "organisers")}
    if role == "cluster_staff":
        person = create_user(email="rapporteur@example.org")
        add_staff(db.session.query(Cluster).one(), person, "rapporteur")
        db.session.commit()
    else:
        person = people[role]
    client = app.test_client()
    if person is not None:
        sign_in(client, person)
    staff = role in ("participant", "facilitator", "cluster_staff", "organiser", "admin")
    organiser = role in ("organiser", "admin")
    expected = {"public": 200, "participants": 200 if staff else 403, "organisers": 200 if organiser else 403}
    for level, document in documents.items():
        response = client.get(f"/forums/acf-2027/documents/{document.id}")
        if role == "anonymous" and expected[level] == 403:
            assert response.status_code == 302, level
            assert "/account/signin" in response.headers["Location"], level
        else:
            assert response.status_code == expected[level], (level, response.status_code)
        if response.status_code == 200:
            private = level != "public"
            assert ("no-store" in response.headers["Cache-Control"]) == private, level
    listed = client.get("/forums/acf-2027/").get_data(as_text=True)
    for level in documents:
        assert (f"{level} file" in listed) == (expected[level] == 200), level
