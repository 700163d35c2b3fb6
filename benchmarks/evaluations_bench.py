"""Time a survey's results for 2,000 responses to 30 questions: the bare aggregation query, survey_results(), and
the whole results page, against the target of issue 22 item 6 (the page under 300 ms after the first request, in a
number of queries that does not grow with the answers).

A published forum with 2,500 confirmed participants (so the response rate is 80 %), 6 clusters, and one anonymous
end-of-forum evaluation of 30 questions in 3 sections (12 ratings, 8 agreements, 4 single and 2 multiple choices,
one 0 to 10 recommendation, 3 long texts), answered 2,000 times by people of 5 genders, 11 countries, 6 categories
and 6 clusters; each answer sheet skips a question now and then, a long text is written by about a third. The
sheets are bulk inserts on a fresh database built from the migrations (as tests/conftest.py does), each counted
into the breakdowns by evaluations.tally.count_sheet, as sending does. Then:

- bare_sql    the aggregation the counts tables save: one GROUP BY over survey_answers joined to survey_responses
              (answers per question and value, overall: a sheet keeps no group, so the breakdowns exist only in
              the counts tables), through SQLAlchemy Core. Every line's time is also given as a ratio to this one.
- counts_read the two statements survey_results() runs for the numbers (the counts per question, value and group;
              the people per question and group, kept as each sheet was sent), executed alone through SQLAlchemy
              Core: the floor of reading what was counted.
- results     forumops.evaluations.results.survey_results(survey): the four queries and the roll-up in Python.
- page_first  GET /forums/<slug>/surveys/<id>/results as the worker's first request after an answer arrived (its
              cache of computed results emptied): the queries, the roll-up, charts and tables rendered.
- page_warm   the same GET again, nothing changed: the median of --runs requests. Target: under 300 ms.
- page_by     the same with a breakdown chosen (?by=country), warm.
- csv         GET .../results.csv, the whole streamed file, warm.
- report_first GET /forums/<slug>/report (the outcome report, its evaluation chapter drawing 10 chosen questions
              and 5 quotes of the survey) with the kept numbers emptied: counted again.
- report_warm the same GET again, nothing changed: it reads the results page's kept numbers. Target: under 300 ms.
- report_pdf  GET /forums/<slug>/report.pdf, warm (the rendered PDF is kept while its data are the same).

SQL statements per request are counted with the engine's before_cursor_execute event. It is a report: the exit
code is 0 whatever the numbers; a time over its target is marked ABOVE TARGET.

    cd /work/main && PYTHONPATH=. python benchmarks/evaluations_bench.py           # temporary SQLite file
    FORUMOPS_BENCH_DATABASE_URL=postgresql+psycopg://... PYTHONPATH=. python benchmarks/evaluations_bench.py

The PostgreSQL database named by FORUMOPS_BENCH_DATABASE_URL is wiped (DROP SCHEMA public CASCADE), as the
test suite does with its own: give it a scratch database.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from scratch import StatementCounter, use_scratch_database  # noqa: E402

use_scratch_database()  # before config.py is imported: it reads the URL then

from sqlalchemy import insert, select  # noqa: E402

from config import TestingConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema  # noqa: E402
from forumops.extensions import db  # noqa: E402

SLUG = "evaluation-bench-2027"
PARTICIPANTS = 2_500
RESPONSES = 2_000
RUNS = 9
TARGET_MS = 300
REPORT_QUESTIONS = 10  # charts the report's evaluation chapter draws
REPORT_QUOTES = 5
CLUSTERS = ("Women empowerment", "Rural development", "MSME development", "Food sovereignty", "Social protection",
            "Climate resilience")
COUNTRIES = ("VN", "TH", "KH", "MM", "LA", "ID", "MY", "PH", "SG", "BN", "TL")
GENDERS = ("woman", "man", "non_binary", "prefer_not_to_say", "")
CATEGORIES = ("civil_society", "government", "resource_person", "observer", "media", "organiser_staff")
KINDS = ["section"] + ["rating"] * 6 + ["agreement"] * 4 + ["single"] * 2 + ["long"] \
    + ["section"] + ["rating"] * 6 + ["agreement"] * 4 + ["single"] * 2 + ["multiple"] + ["long"] \
    + ["section"] + ["multiple", "nps", "long"]
CHOICES = ["Plenary talks", "Field visit", "Breakout clusters", "Market place", "Networking dinner"]
SENTENCE = ("More time for the field visit & the clusters, and interpreters for Lao and Khmer in every room; "
            "the hotel was far from the venue <so> the mornings were rushed.")


def build(app) -> int:
    """The forum, its participants, the survey and its 2,000 answer sheets. Returns the survey's id."""
    from forumops.accounts.operations import create_user
    from forumops.clusters.operations import create_cluster
    from forumops.evaluations.models import Survey, SurveyAnswer, SurveyItem, SurveyResponse, new_response_id
    from forumops.evaluations.tally import Groups, count_sheet
    from forumops.forums import operations as forums
    from forumops.registration.models import Registration

    rng = random.Random(22)
    with app.app_context():
        organiser = create_user("Bench Organiser", "organiser@bench.example", "correct horse battery", verified=True)
        forum = forums.create_forum({
            "title": "Mekong Synthesis and Evaluation Workshop", "slug": SLUG, "start_date": date(2027, 3, 8),
            "end_date": date(2027, 3, 10), "timezone": "Asia/Bangkok", "mode": "in_person",
        }, organiser)
        forums.change_status(forum, "published")
        clusters = [create_cluster(forum, name) for name in CLUSTERS]
        db.session.execute(insert(Registration), [
            {"forum_id": forum.id, "name": f"Participant {n}", "email": f"p{n}@bench.example", "status": "confirmed",
             "country": rng.choice(COUNTRIES), "gender": rng.choice(GENDERS), "category": rng.choice(CATEGORIES),
             "manage_token_hash": f"{n:064x}"} for n in range(PARTICIPANTS)])
        survey = Survey(forum_id=forum.id, title="End-of-forum evaluation", anonymous=True,
                        opens_at=datetime.now(UTC) - timedelta(days=2))
        for position, kind in enumerate(KINDS):
            options = {"rating": ["Not useful", "Very useful"], "single": CHOICES[:4],
                       "multiple": CHOICES}.get(kind, [])
            survey.items.append(SurveyItem(kind=kind, text=f"Question {position}: how was part {position} of the "
                                           "forum for your organisation's work?", options=options, position=position))
        db.session.add(survey)
        db.session.flush()
        questions = [item for item in survey.items if item.is_question]
        assert len(questions) == 30, len(questions)
        responses, answers = [], []
        multiple = {item.id for item in questions if item.kind == "multiple"}
        for _ in range(RESPONSES):
            rid = new_response_id()
            responses.append({"id": rid, "survey_id": survey.id, "phase": "", "submitted_on": date(2027, 3, 10)})
            groups = Groups(rng.choice(GENDERS), rng.choice(COUNTRIES), rng.choice(CATEGORIES),
                            rng.choice(clusters).id)
            first = len(answers)
            for item in questions:
                if rng.random() < 0.05:  # skipped
                    continue
                row = {"response_id": rid, "item_id": item.id, "choice": 0, "number": None, "text": None,
                       "quoted": False}
                if item.kind == "long":
                    if rng.random() < 0.33:
                        answers.append({**row, "text": f"{SENTENCE} ({rng.randrange(1000)})"})
                elif item.kind == "multiple":
                    for choice in sorted(rng.sample(range(len(CHOICES)), rng.randint(1, 3))):
                        answers.append({**row, "choice": choice, "number": choice})
                elif item.kind == "single":
                    answers.append({**row, "number": rng.randrange(4)})
                elif item.kind == "nps":
                    answers.append({**row, "number": min(10, max(0, round(rng.gauss(8, 2))))})
                else:
                    answers.append({**row, "number": min(5, max(1, round(rng.gauss(3.8, 1))))})
            counted: dict = {}
            for answer in answers[first:]:
                if answer["text"] is not None:
                    counted[answer["item_id"]] = answer["text"]
                elif answer["item_id"] in multiple:
                    counted.setdefault(answer["item_id"], []).append(answer["number"])
                else:
                    counted[answer["item_id"]] = answer["number"]
            count_sheet(survey.id, "", groups, counted)
        for item in [item for item in questions if item.kind not in ("long", "short")][:REPORT_QUESTIONS]:
            item.in_report = True  # chosen for the outcome report's evaluation chapter
        quoted = 0
        for answer in answers:
            if answer["text"] and quoted < REPORT_QUOTES:
                answer["quoted"], quoted = True, quoted + 1
        db.session.execute(insert(SurveyResponse), responses)
        db.session.execute(insert(SurveyAnswer), answers)
        db.session.commit()
        return survey.id


def bare_aggregation(survey_id: int) -> int:
    """Aggregate the answers table itself (what the counts tables save): the answers per question and value, one
    GROUP BY through SQLAlchemy Core; the rows it gives. (Only the overall distribution: a sheet keeps no group,
    which is in the counts tables alone, so the breakdowns could not be aggregated from the answers at all.)"""
    from sqlalchemy import func

    from forumops.evaluations.models import SurveyAnswer as A
    from forumops.evaluations.models import SurveyResponse as R

    with db.engine.connect() as connection:
        return len(connection.execute(
            select(A.item_id, A.number, func.count())
            .join(R, R.id == A.response_id).where(R.survey_id == survey_id, R.phase == "")
            .group_by(A.item_id, A.number)).all())


def counts_read(survey_id: int) -> int:
    """The two statements reading survey_results()' counts alone, through SQLAlchemy Core; the rows they give."""
    from forumops.evaluations.models import SurveyRespondentCount as C
    from forumops.evaluations.models import SurveyValueCount as V

    with db.engine.connect() as connection:
        counts = connection.execute(
            select(V.item_id, V.dimension, V.group_key, V.number, V.n)
            .where(V.survey_id == survey_id, V.phase == "")).all()
        people = connection.execute(
            select(C.item_id, C.dimension, C.group_key, C.n).where(C.survey_id == survey_id, C.phase == "")).all()
    return len(counts) + len(people)


def timed(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median_of(runs: int, fn) -> tuple[float, float, float]:
    """Median, best and worst of `runs` timed calls, in milliseconds."""
    times = [timed(fn) for _ in range(runs)]
    return statistics.median(times), min(times), max(times)



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()

    app = create_app(TestingConfig)
    t0 = time.perf_counter()
    rebuild_schema(app)
    survey_id = build(app)
    print(f"built {RESPONSES:,} responses to 30 questions ({os.environ['FORUMOPS_TEST_DATABASE_URL'].split(':')[0]}) "
          f"in {time.perf_counter() - t0:.1f} s")

    from forumops.accounts.models import User
    from forumops.evaluations import numbers
    from forumops.evaluations.models import Survey
    from forumops.evaluations.results import survey_results
    from tests.conftest import sign_in

    with app.app_context():
        engine = db.engine
        rows = counts_read(survey_id)
        grouped = bare_aggregation(survey_id)
        organiser = db.session.scalar(select(User).where(User.email == "organiser@bench.example"))
        client = app.test_client()
        sign_in(client, organiser)
    path = f"/forums/{SLUG}/surveys/{survey_id}/results"

    def bare():
        with app.app_context():
            bare_aggregation(survey_id)

    def read_counts():
        with app.app_context():
            counts_read(survey_id)

    def results():
        with app.app_context():
            survey_results(db.session.get(Survey, survey_id))

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        return response

    def first_page():
        numbers.clear_cache()  # as after an answer arrived: the numbers are counted again
        get(path)

    report = f"/forums/{SLUG}/report"

    def first_report():
        numbers.clear_cache()
        get(report)

    count = StatementCounter(engine)
    lines = [("bare_sql", "GROUP BY over the answers themselves (Core)", bare, None),
             ("counts_read", "the two reads of the counts alone (Core)", read_counts, None),
             ("results", "survey_results(): four queries and the roll-up", results, None),
             ("page_first", "results page, numbers counted (first request)", first_page,
              count(first_page)),
             ("page_warm", "results page, nothing changed", lambda: get(path), count(lambda: get(path))),
             ("page_by", "results page ?by=country, nothing changed", lambda: get(path + "?by=country"),
              count(lambda: get(path + "?by=country"))),
             ("csv", "answers CSV, whole file", lambda: get(path + ".csv").data,
              count(lambda: get(path + ".csv").data)),
             ("report_first", "outcome report, numbers counted", first_report, count(first_report)),
             ("report_warm", "outcome report with the chapter, nothing changed", lambda: get(report),
              count(lambda: get(report))),
             ("report_pdf", "outcome report PDF, nothing changed", lambda: get(report + ".pdf").data,
              count(lambda: get(report + ".pdf").data))]
    print(f"the counts are {rows:,} rows, the bare aggregation {grouped:,}; page body {len(get(path).data):,} bytes\n")
    print(f"{'line':12} {'what':48} {'median ms':>10} {'best':>8} {'worst':>8} {'queries':>8} {'x bare':>7}")
    bare_median = None
    for name, what, fn, queries in lines:
        fn()  # warm-up: templates compiled, fonts of the charts' numbers formatted once
        median, best, worst = median_of(args.runs, fn)
        bare_median = bare_median or median  # the first line is the bare aggregation
        mark = "  ABOVE TARGET" if name in ("page_warm", "report_warm") and median > TARGET_MS else ""
        print(f"{name:12} {what:48} {median:10.1f} {best:8.1f} {worst:8.1f} {queries if queries else '':>8} "
              f"{median / bare_median:7.2f}{mark}")
    print(f"\ntarget: page_warm and report_warm under {TARGET_MS} ms, queries the same for 1 or 2,000 answers "
          "(tests/evaluations/test_results_page.py)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
