"""Certificates of attendance (issue 21, item 2): the rule at its edges, publishing all or nothing and only once
per person, placeholders refused by name, a signatory without a signature image refused, hours from the
programme, and what the issued certificate records."""

from __future__ import annotations

from datetime import time

import pytest

from forumops.certificates import operations, queries
from forumops.certificates.models import IssuedDocument
from forumops.core.errors import FormError
from forumops.extensions import db
from forumops.forums.versions import CERTIFICATE, save_versions

from .conftest import DAYS


def _issued(forum) -> dict[str, IssuedDocument]:
    return {paper.holder_name: paper for paper in db.session.query(IssuedDocument).filter_by(forum_id=forum.id)}


def test_two_of_three_days_is_eligible_and_one_is_not(training):
    people = {p.name: p for p in queries.candidates(training.forum, queries.get_template(training.forum))}
    assert (people["Nguyễn Phương Linh"].days, people["Nguyễn Phương Linh"].eligible) == (3, True)
    assert (people["Sopheak Chan"].days, people["Sopheak Chan"].eligible) == (2, True)
    assert (people["Dara Sok"].days, people["Dara Sok"].eligible) == (1, False)


def test_the_rule_counts_one_to_all_days(training):
    forum = training.forum
    for n, expected in ((1, 3), (3, 1)):
        operations.save_recipients(forum, "days", n, [], [])
        assert sum(p.eligible for p in queries.candidates(forum, queries.get_template(forum))) == expected
    for n in (0, 4):
        with pytest.raises(FormError) as refused:
            operations.save_recipients(forum, "days", n, [], [])
        assert refused.value.field == "min_days"
        assert "from 1 to 3" in refused.value.message


def test_hand_picked_and_excluded(training):
    forum, people = training.forum, training.people
    operations.save_recipients(forum, "picked", 1, [people["dara"].registration.id], [])
    assert [p.name for p in queries.candidates(forum, queries.get_template(forum)) if p.eligible] == ["Dara Sok"]
    operations.save_recipients(forum, "days", 2, [], [people["sopheak"].registration.id])
    assert [p.name for p in queries.candidates(forum, queries.get_template(forum)) if p.eligible] \
        == ["Nguyễn Phương Linh"]


def test_someone_not_confirmed_is_never_eligible(training, create_registration, create_day_attendance):
    waiting, _token = create_registration(training.forum, name="Waiting Person", status="waitlisted", notify=False)
    create_day_attendance(waiting, *DAYS)
    assert "Waiting Person" not in {p.name for p in queries.candidates(training.forum, None)}


def test_publish_issues_to_the_eligible_and_records_what_it_says(training, app):
    forum = training.forum
    outcome = operations.publish(forum, training.organiser)
    db.session.commit()
    assert (outcome.issued, outcome.holding) == (2, 2)
    issued = _issued(forum)
    assert set(issued) == {"Nguyễn Phương Linh", "Sopheak Chan"}
    sopheak = issued["Sopheak Chan"]
    assert sopheak.kind == "certificate"
    assert sopheak.details["days_attended"] == 2
    assert sopheak.details["days_total"] == 3
    assert sopheak.details["days"] == ["2027-04-14", "2027-04-15"]
    assert sopheak.details["forum_title"] == "Hanoi Training on Social Enterprise"
    assert sopheak.details["dates"] == "14–16 April 2027"
    assert sopheak.language == sopheak.details["language"] == "en"
    assert sopheak.details["hours_attended"] is None  # no programme to count hours from
    assert queries.get_template(forum).published


def test_publishing_again_issues_nothing_twice(training):
    forum = training.forum
    operations.publish(forum, training.organiser)
    first = {name: paper.nonce for name, paper in _issued(forum).items()}
    again = operations.publish(forum, training.organiser)
    assert (again.issued, again.holding) == (0, 2)
    assert {name: paper.nonce for name, paper in _issued(forum).items()} == first


def test_republishing_issues_to_the_newly_eligible_only(training, create_day_attendance):
    forum = training.forum
    operations.publish(forum, training.organiser)
    before = {name: paper.nonce for name, paper in _issued(forum).items()}
    create_day_attendance(training.people["dara"].registration, DAYS[0])  # Dara's second day was recorded late
    again = operations.publish(forum, training.organiser)
    assert again.issued == 1
    after = _issued(forum)
    assert set(after) == {"Nguyễn Phương Linh", "Sopheak Chan", "Dara Sok"}
    assert {name: after[name].nonce for name in before} == before  # the earlier ones untouched


def test_a_revoked_certificate_is_not_issued_again(training):
    from forumops.certificates.issuing import revoke

    forum = training.forum
    operations.publish(forum, training.organiser)
    revoke(_issued(forum)["Sopheak Chan"], "Issued by mistake", None)
    assert operations.publish(forum, training.organiser).issued == 0
    assert db.session.query(IssuedDocument).filter_by(forum_id=forum.id).count() == 2


def test_nobody_eligible_is_refused_with_why(training):
    operations.save_recipients(training.forum, "picked", 1, [], [])
    with pytest.raises(FormError) as refused:
        operations.publish(training.forum, training.organiser)
    assert "Nobody meets the rule" in refused.value.message


@pytest.mark.parametrize("field", ["title", "body"])
def test_an_unknown_placeholder_is_refused_by_name(training, field):
    data = {"title": "Certificate", "body": "Dear {name}", "signatories": [], "logos": []}
    data[field] += " {nmae}"
    with pytest.raises(FormError) as refused:
        operations.save_design(training.forum, data, [])
    assert refused.value.field == field
    assert "Unknown placeholder: {nmae}" in refused.value.message
    assert queries.get_template(training.forum).body.startswith("This is to certify")  # the saved one kept


def test_a_signatory_without_a_signature_image_stops_publishing(training, create_signatory):
    forum = training.forum
    bare = create_signatory(forum, name="Ms Lan Anh", signature=False)
    template = queries.get_template(forum)
    operations.save_design(forum, {"title": template.title, "body": template.body,
                                   "signatories": [training.signatory.id, bare.id], "logos": []}, [])
    with pytest.raises(FormError) as refused:
        operations.publish(forum, training.organiser)
    assert refused.value.message == "Add Ms Lan Anh’s signature image or leave them off."
    db.session.rollback()  # as the view does: nothing the refused publish flushed is kept
    assert _issued(forum) == {}
    assert not queries.get_template(forum).published


def test_a_certificate_that_cannot_be_drawn_is_never_issued(training, monkeypatch):
    from forumops.certificates import operations as ops

    def broken(pages, out):
        for _page in pages:
            raise ValueError("the fonts are missing")

    monkeypatch.setattr(ops, "render_certificates", broken)
    with pytest.raises(FormError) as refused:
        operations.publish(training.forum, training.organiser)
    assert "none was issued: the fonts are missing" in refused.value.message


def test_hours_are_the_programme_sessions_on_the_days_attended(training, create_item):
    forum = training.forum
    # day 1: 09:00-12:00 plenary and a parallel 10:00-11:00 breakout (counted once), a break, lunch, 13:00-14:30
    create_item(forum, "Opening", time(9), time(12), DAYS[0], type="plenary")
    create_item(forum, "Breakout", time(10), time(11), DAYS[0], type="breakout")
    create_item(forum, "Lunch", time(12), time(13), DAYS[0], type="meal")
    create_item(forum, "Panel", time(13), time(14, 30), DAYS[0], type="panel")
    create_item(forum, "Site visit", time(15), time(17), DAYS[0], type="side_event")
    create_item(forum, "Day two", time(9), time(11), DAYS[1], type="plenary")
    create_item(forum, "Day three", time(9), time(10), DAYS[2], type="plenary")
    assert queries.session_hours(forum) == {DAYS[0]: 4.5, DAYS[1]: 2.0, DAYS[2]: 1.0}
    template = queries.get_template(forum)
    operations.save_design(forum, {"title": template.title, "body": "{name}: {hours_attended} hours",
                                   "signatories": [training.signatory.id], "logos": []}, [])
    operations.publish(forum, training.organiser)
    assert _issued(forum)["Sopheak Chan"].details["hours_attended"] == 6.5  # days 1 and 2


def test_hours_without_a_programme_are_refused_in_the_text_and_in_a_version(training):
    forum = training.forum
    template = queries.get_template(forum)
    with pytest.raises(FormError) as refused:
        operations.save_design(forum, {"title": template.title, "body": "{hours_attended} hours",
                                       "signatories": [], "logos": []}, [])
    assert refused.value.field == "body"
    assert "no sessions to count hours" in refused.value.message
    forum.languages = ["en", "vi"]
    save_versions(forum, "vi", {(CERTIFICATE, template.id, "title"): "Giấy chứng nhận",
                                (CERTIFICATE, template.id, "body"): "{name}: {hours_attended} giờ"})
    with pytest.raises(FormError) as refused:
        operations.publish(forum, training.organiser)
    assert "no sessions to count hours" in refused.value.message


def test_erasing_a_person_takes_their_certificate_with_it(training):
    from forumops.privacy.operations import erase_registration

    operations.publish(training.forum, training.organiser)
    erase_registration(training.forum, training.people["linh"].registration)
    assert set(_issued(training.forum)) == {"Sopheak Chan"}
