"""Publishing certificates from the page (issue 21, review of item 2): the rule on screen is the rule published,
a confirm page states the rule and the exact count before anything is issued (refused when it changed since), a
refusal says "Cannot publish yet" with every reason and where to mend it, a revoked person gets a new certificate
only when an organiser asks, and publishing draws one sample per language rather than every certificate."""

from __future__ import annotations

import re

import pytest

from forumops.certificates import operations, queries
from forumops.certificates.issuing import code_of, find_by_code, revoke
from forumops.certificates.models import IssuedDocument
from forumops.extensions import db
from forumops.forums.labels import STATUS_LABELS
from forumops.forums.versions import CERTIFICATE, save_versions

from .conftest import DAYS

RECIPIENTS = "/forums/hanoi-training/certificates/recipients"
PUBLISH = "/forums/hanoi-training/certificates/publish"


@pytest.fixture
def as_mai(client, login, training):
    login(training.organiser)
    return client


def _holders() -> set[str]:
    return {paper.holder_name for paper in db.session.query(IssuedDocument).filter_by(revoked_at=None)}


def _confirmation(page: str) -> dict[str, str]:
    """What the confirm page's button sends back: how many it showed, and whose."""
    return {name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)
            for name in ("expected", "batch")}


def test_publishing_issues_by_the_rule_on_screen_not_the_saved_one(as_mai, training):
    # saved: 2 days of 3 (Linh and Sopheak); on screen Mai chose 1 day of 3, and pressed publish without saving
    response = as_mai.post(RECIPIENTS, data={"rule": "days", "min_days": "1", "publish": "Save and publish…"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PUBLISH)
    page = as_mai.get(PUBLISH).get_data(as_text=True)
    assert "Everyone who attended at least 1 day of 3" in page
    assert "Issue 3 certificates and publish" in page
    assert _holders() == set()  # nothing issued before she confirms
    as_mai.post(PUBLISH, data=_confirmation(page))
    assert _holders() == {"Nguyễn Phương Linh", "Sopheak Chan", "Dara Sok"}


def test_the_confirm_page_states_the_rule_and_exactly_whom_it_issues_to(as_mai, training):
    page = as_mai.get(PUBLISH).get_data(as_text=True)
    assert "Everyone who attended at least 2 days of 3" in page
    assert "2 certificates" in page
    names = page.split('id="names-heading"')[1]
    assert "Nguyễn Phương Linh" in names
    assert "Sopheak Chan" in names
    assert "Dara Sok" not in names
    assert _holders() == set()
    response = as_mai.post(PUBLISH, data=_confirmation(page), follow_redirects=True)
    assert "Published: 2 certificates issued now; 2 people can download theirs." in response.get_data(as_text=True)
    assert _holders() == {"Nguyễn Phương Linh", "Sopheak Chan"}


def test_publishing_is_refused_when_the_count_changed_since_the_page_was_shown(as_mai, training,
                                                                                create_day_attendance):
    page = as_mai.get(PUBLISH).get_data(as_text=True)
    create_day_attendance(training.people["dara"].registration, DAYS[0])  # checked in late: now 2 days
    response = as_mai.post(PUBLISH, data=_confirmation(page))
    assert response.status_code == 422
    again = response.get_data(as_text=True)
    assert "Who receives a certificate changed since you looked: 3 certificates would be issued now." in again
    assert "Issue 3 certificates and publish" in again
    assert _holders() == set()
    as_mai.post(PUBLISH, data=_confirmation(again))
    assert len(_holders()) == 3


def test_publishing_without_the_confirm_page_issues_nothing(as_mai, training):
    response = as_mai.post(PUBLISH, data={})
    assert response.status_code == 422
    assert _holders() == set()
    assert not queries.get_template(training.forum).published


def test_a_refused_publish_says_why_and_where_to_mend_it(as_mai, training, create_signatory):
    bare = create_signatory(training.forum, name="Ms Lan Anh", signature=False)
    template = queries.get_template(training.forum)
    template.signatory_ids = [training.signatory.id, bare.id]
    db.session.commit()
    page = as_mai.get(PUBLISH).get_data(as_text=True)
    sent = as_mai.post(PUBLISH, data={"expected": "2", "batch": "as-an-older-page-sent-it"})
    assert sent.status_code == 422
    for shown in (page, sent.get_data(as_text=True)):
        summary = shown.split('class="error-summary"')[1].split("</div>")[0]
        assert "Cannot publish yet" in summary
        assert "Please correct the highlighted fields" not in shown
        assert "Add Ms Lan Anh’s signature image or leave them off." in summary
        assert 'href="/forums/hanoi-training/signatories"' in summary
        assert "Issue 2 certificates and publish" not in shown  # no button while it cannot be published
    assert _holders() == set()


def test_a_revoked_person_gets_a_new_certificate_from_their_row_only_when_asked(as_mai, training):
    operations.publish(training.forum, training.organiser)
    sopheak = training.people["sopheak"].registration
    old = db.session.query(IssuedDocument).filter_by(registration_id=sopheak.id).one()
    old_code = code_of(old)
    revoke(old, "Name misspelt", None)
    db.session.commit()
    assert operations.publish(training.forum, training.organiser).issued == 0  # publishing never re-issues it
    page = as_mai.get(RECIPIENTS).get_data(as_text=True)
    assert page.count("Issue a new certificate") == 1
    row = page.split(f'id="person-{sopheak.id}"')[1].split("</tr>")[0]
    assert "revoked" in row
    assert f'form="reissue-{sopheak.id}"' in row
    response = as_mai.post(f"{RECIPIENTS}/{sopheak.id}/reissue", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "A new certificate is issued to Sopheak Chan, with a new code; the revoked one stays revoked." in page
    row = page.split(f'id="person-{sopheak.id}"')[1].split("</tr>")[0]
    assert ">issued<" in row
    papers = db.session.query(IssuedDocument).filter_by(registration_id=sopheak.id).order_by(IssuedDocument.id).all()
    assert len(papers) == 2
    assert papers[0].revoked
    assert not papers[1].revoked
    assert find_by_code(old_code).revoked
    assert code_of(papers[1]) != old_code


def test_a_new_certificate_is_refused_to_someone_holding_a_valid_one(as_mai, training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()
    linh = training.people["linh"].registration
    page = as_mai.post(f"{RECIPIENTS}/{linh.id}/reissue", follow_redirects=True).get_data(as_text=True)
    assert "Nguyễn Phương Linh has no revoked certificate to replace." in page
    assert db.session.query(IssuedDocument).filter_by(registration_id=linh.id).count() == 1


def test_publishing_draws_one_certificate_per_language_not_every_one(training, monkeypatch):
    forum = training.forum
    forum.languages = ["en", "vi"]
    template = queries.get_template(forum)
    save_versions(forum, "vi", {(CERTIFICATE, template.id, "title"): "Giấy chứng nhận",
                                (CERTIFICATE, template.id, "body"): "Chứng nhận {name}."},
                  {(CERTIFICATE, template.id, "title"): template.title,
                   (CERTIFICATE, template.id, "body"): template.body})
    training.people["linh"].registration.language = "vi"
    operations.save_recipients(forum, "days", 1, [], [])  # three people: two in English, one in Vietnamese
    drawn: list[str] = []
    real = operations.render_certificates

    def counting(pages, out):
        def each():
            for design, page in pages:
                drawn.append(design.language)
                yield design, page
        real(each(), out)

    monkeypatch.setattr(operations, "render_certificates", counting)
    assert operations.publish(forum, training.organiser).issued == 3
    assert sorted(drawn) == ["en", "vi"]


def test_tightening_the_rule_points_out_certificates_it_no_longer_gives(as_mai, training):
    # published at 2 days of 3 (Linh, Sopheak), then Mai saves 3 days of 3: Sopheak's certificate stays valid
    as_mai.post(PUBLISH, data=_confirmation(as_mai.get(PUBLISH).get_data(as_text=True)))
    as_mai.post(RECIPIENTS, data={"rule": "days", "min_days": "3", "save": "Save"})
    sopheak, linh = training.people["sopheak"].registration, training.people["linh"].registration
    paper = db.session.query(IssuedDocument).filter_by(registration_id=sopheak.id).one()
    confirm = as_mai.get(PUBLISH).get_data(as_text=True)
    assert "1 person holds a certificate the current rule no longer gives them." in confirm
    assert f'href="{RECIPIENTS}#person-{sopheak.id}"' in confirm
    page = as_mai.get(RECIPIENTS).get_data(as_text=True)
    assert "1 person receives a certificate under the saved rule. 2 certificates are issued." in " ".join(page.split())
    assert "1 person holds a certificate the current rule no longer gives them." in page
    row = page.split(f'id="person-{sopheak.id}"')[1].split("</tr>")[0]
    assert "Not under the current rule" in row
    assert f'href="/forums/hanoi-training/papers/{paper.id}/revoke"' in row
    assert "Not under the current rule" not in page.split(f'id="person-{linh.id}"')[1].split("</tr>")[0]
    assert page.count("Not under the current rule") == 1
    assert _holders() == {"Nguyễn Phương Linh", "Sopheak Chan"}  # nothing revoked on its own


def test_the_recipients_page_menu_shows_the_forums_status(as_mai, training):
    page = as_mai.get(RECIPIENTS).get_data(as_text=True)
    assert f"Status: {STATUS_LABELS[training.forum.status]}</a>" in page
