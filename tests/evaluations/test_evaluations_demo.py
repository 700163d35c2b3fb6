"""The demo's evaluations: the ASEAN Community Forum 2017's end-of-forum evaluation was answered by most of those who
came, with three questions and two quotes in its outcome report; the Hanoi training's knowledge test shows a gain.
So `make run` has results, a report chapter and a gain to look at; loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from forumops.evaluations.gain_queries import survey_gain
from forumops.evaluations.models import Survey, SurveyAnswer, SurveyItem, SurveyResponse
from forumops.evaluations.results import survey_results
from forumops.forums.models import Forum


def _survey(db, slug: str) -> Survey:
    return db.session.scalar(select(Survey).join(Forum).where(Forum.slug == slug))


def test_the_demo_has_an_answered_evaluation_and_a_test_with_a_gain(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    sheets = db.session.scalar(select(func.count()).select_from(SurveyResponse))
    load_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == sheets  # nothing added

    evaluation = _survey(db, "asean-community-forum-2017")
    results = survey_results(evaluation)
    assert evaluation.anonymous
    assert 60 <= results.rate <= 90
    assert sum(1 for item in evaluation.items if item.in_report) == 3
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer).join(SurveyItem).where(
        SurveyItem.survey_id == evaluation.id, SurveyAnswer.quoted)) == 2

    test = _survey(db, "local-economic-development-training-hanoi-2014")
    gain = survey_gain(test)
    assert gain.average_gain > 0
