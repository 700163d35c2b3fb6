"""The outcome report's evaluation chapter: the questions and quotes organisers chose, in the web page and the PDF,
and nothing they did not choose; overall numbers only (an anonymous survey's small groups never appear); user text
escaped; Khmer and Vietnamese quotes drawn in their fonts; queries that do not grow with the answers."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from forumops.evaluations.models import SurveyAnswer
from forumops.extensions import db as _db
from tests.conftest import count_queries

SCRIPT = "<script>alert(1)</script> More breaks & shorter panels"
KHMER = "ការប្រជុំនេះមានប្រយោជន៍ណាស់"
VIETNAMESE = "Hội thảo rất hữu ích và truyền cảm hứng"


def pdf_text(pdf: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                                   check=True).stdout.decode().split())


def pdf_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        names.update(str(ref.get_object()["/BaseFont"]).split("+")[-1] for ref in fonts.values())
    return names


def evaluation_part(html: str) -> str:
    start = html.index('<section id="evaluation"')
    return html[start:html.index("</section>", start)]


def choose(survey, questions=(), quotes=()):
    """Tick what the report shows, as the choosing page saves it."""
    from forumops.evaluations.chapter_operations import save_chapter

    save_chapter(survey, [item.id for item in questions],
                 [(a.response_id, a.item_id) for a in _db.session.query(SurveyAnswer).filter(
                     SurveyAnswer.text.in_(quotes))])
    _db.session.commit()


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(mai, create_forum):
    return create_forum(slug="acf", organiser=mai, status="concluded")


@pytest.fixture
def survey(forum, create_survey, create_response):
    """An anonymous evaluation: 6 answers, 4 of them from Cambodia (a group under 5) and 2 from Viet Nam."""
    survey = create_survey(forum, anonymous=True, items=[
        ("rating", "How useful was the forum?", ["Not useful", "Very useful"]),
        ("agreement", "UNCHOSEN QUESTION about the venue"),
        ("long", "What should change next year?")])
    rating, agreement, text = survey.items
    texts = [SCRIPT, KHMER, VIETNAMESE, "UNCHOSEN ANSWER", "", ""]
    for n, said in enumerate(texts):
        answers = {rating: 5 - n % 3, agreement: 4}
        if said:
            answers[text] = said
        create_response(survey, answers, country="KH" if n < 4 else "VN", gender="female" if n < 4 else "male")
    choose(survey, [rating], [SCRIPT, KHMER, VIETNAMESE])
    return survey


def test_the_web_report_shows_the_chosen_charts_and_quotes_only(client, login, mai, survey):
    login(mai)
    html = client.get("/forums/acf/report").get_data(as_text=True)
    part = evaluation_part(html)
    rating = survey.items[0]
    assert '<a href="#evaluation">Evaluation</a>' in html  # in the contents
    assert "How useful was the forum?" in part
    assert f'id="chart-question-{rating.id}"' in part  # the chart, and its numbers in a table beside it
    assert "<caption class=\"visually-hidden\">How useful was the forum?: numbers</caption>" in part
    assert "5 – Very useful" in part
    assert "6 answers" in part
    assert "Mean 4" in part
    assert part.count("<blockquote") == 3
    assert KHMER in part
    assert VIETNAMESE in part
    assert "UNCHOSEN QUESTION" not in html
    assert "UNCHOSEN ANSWER" not in html
    # the chapter comes after the findings and before the forum's recommendations
    assert html.index('id="clusters"') < html.index('id="evaluation"') < html.index('id="recommendations"')


def test_a_quote_is_shown_as_text_never_as_markup(client, login, mai, survey):
    login(mai)
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; More breaks &amp; shorter panels" in part
    assert "<script>alert(1)" not in part


def test_an_anonymous_surveys_chapter_shows_no_group_at_all(client, login, mai, survey):
    login(mai)
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    for group in ("Cambodia", "Viet Nam", "KH", "VN", "By country", "By gender", "Female", "Other"):
        assert group not in part
    assert "never by gender, country, category or cluster" in part


def test_the_pdf_holds_the_chapter_with_its_quotes_in_their_scripts(client, login, mai, survey):
    login(mai)
    pdf = client.get("/forums/acf/report.pdf").data
    text = pdf_text(pdf)
    assert text.count("Evaluation") >= 2  # in the contents and as the chapter's heading
    assert "How useful was the forum?" in text
    assert "5 – Very useful" in text
    assert "<script>alert(1)</script> More breaks & shorter panels" in text  # printed as typed, not interpreted
    assert VIETNAMESE in text
    assert any(name.startswith("NotoSansKhmer") for name in pdf_fonts(pdf))  # the Khmer quote in its font
    assert "UNCHOSEN" not in text
    assert "Cambodia" not in text


def test_with_nothing_chosen_there_is_no_chapter(client, login, mai, survey):
    choose(survey)
    login(mai)
    html = client.get("/forums/acf/report").get_data(as_text=True)
    assert 'id="evaluation"' not in html
    assert 'href="#evaluation"' not in html
    assert "How useful was the forum?" not in pdf_text(client.get("/forums/acf/report.pdf").data)


def test_queries_do_not_grow_with_the_answers(client, login, mai, create_forum, create_survey, create_response, db):
    def build(slug: str, answers: int) -> None:  # keeps no forum object: each page loads its own
        survey = create_survey(create_forum(slug=slug, organiser=mai, status="concluded"), items=[
            ("rating", "Useful?"), ("multiple", "What helped?", ["Talks", "Visits"]), ("long", "What should change?")])
        rating, multiple, text = survey.items
        for n in range(answers):
            create_response(survey, {rating: 1 + n % 5, multiple: [0, 1], text: f"Answer {n}"}, country="VN")
        choose(survey, [rating, multiple], ["Answer 1", "Answer 2"])

    build("few", 5)  # the fewest an anonymous survey shows and quotes
    build("many", 30)
    login(mai)

    def counts(slug: str) -> dict[str, int]:
        client.get(f"/forums/{slug}/report")  # what the first request of each forum loads once
        return {page: count_queries(db, lambda page=page: client.get(f"/forums/{slug}/{page}"))
                for page in ("report", "report.pdf")}

    assert counts("many") == counts("few")
    assert "Answer 2" in client.get("/forums/many/report").get_data(as_text=True)


def test_the_chapter_reads_the_kept_numbers_in_queries_that_do_not_grow_with_the_surveys(
        client, login, mai, create_forum, create_survey, create_response, db):
    """The report (web page and PDF) reads each chosen survey's numbers through the results page's kept counts:
    once they are kept, a forum with three chosen surveys costs the same queries as one with one."""
    def build(slug: str, surveys: int) -> None:
        forum = create_forum(slug=slug, organiser=mai, status="concluded")
        for number in range(surveys):
            survey = create_survey(forum, title=f"Survey {number}", items=[("rating", f"Useful {number}?"),
                                                                           ("long", "What should change?")])
            rating, text = survey.items
            for n in range(6):
                create_response(survey, {rating: 1 + n % 5, text: f"Said {number}.{n}"})
            choose(survey, [rating], [f"Said {number}.1"])

    build("one", 1)
    build("three", 3)
    login(mai)

    def counts(slug: str) -> dict[str, int]:
        client.get(f"/forums/{slug}/report")  # the first request counts the numbers once
        return {page: count_queries(db, lambda page=page: client.get(f"/forums/{slug}/{page}"))
                for page in ("report", "report.pdf")}

    assert counts("three") == counts("one")
    html = client.get("/forums/three/report").get_data(as_text=True)
    assert all(f"Useful {number}?" in html and f"Said {number}.1" in html for number in range(3))


def test_a_new_answer_or_a_new_quote_shows_in_the_report_at_once(client, login, mai, survey, create_response):
    """The kept numbers never hide a change: a sheet sent after the report was read is counted on the next view,
    and a quote chosen or dropped shows (or goes) at once."""
    login(mai)
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    assert "6 answers" in part
    assert KHMER in part
    rating = survey.items[0]
    create_response(survey, {rating: 1})
    choose(survey, [rating], [VIETNAMESE])
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    assert "7 answers" in part
    assert KHMER not in part
    assert VIETNAMESE in part


def test_a_quotes_khmer_question_is_printed_in_the_khmer_font(client, login, mai, forum, create_survey,
                                                              create_response):
    """"Answering: <question>" under a quote goes through fonts.markup: a Khmer question is drawn in its font,
    not as boxes, even when the quote itself is in Latin letters."""
    survey = create_survey(forum, items=[("long", KHMER)], anonymous=False)  # named: one sheet can be quoted
    [question] = survey.items
    create_response(survey, {question: "Plain words in English"})
    choose(survey, [], ["Plain words in English"])
    login(mai)
    pdf = client.get("/forums/acf/report.pdf").data
    assert "Plain words in English" in pdf_text(pdf)
    assert any(name.startswith("NotoSansKhmer") for name in pdf_fonts(pdf))


def _word_left(pdf: bytes, word: str) -> list[float]:
    """Where each occurrence of a word starts on the page (pdftotext -bbox), in points from the left."""
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    return [float(line.split('xMin="')[1].split('"')[0]) for line in html.splitlines() if f">{word}</word>" in line]


def test_each_quotes_question_is_indented_under_it_beside_nothing_else(client, login, mai, forum, create_survey,
                                                                       create_response):
    """"Answering: ..." starts where its quote's words start, in from the margin where "In their own words"
    starts; a quote of many short lines longer than a page still prints."""
    survey = create_survey(forum, items=[("long", "What was most useful?")], anonymous=False)
    [question] = survey.items
    create_response(survey, {question: "Quotedword one."})
    create_response(survey, {question: "\n".join(["Line"] * 120)})
    choose(survey, [], ["Quotedword one.", "\n".join(["Line"] * 120)])
    login(mai)
    pdf = client.get("/forums/acf/report.pdf").data
    [margin] = _word_left(pdf, "In")
    [quote] = _word_left(pdf, "Quotedword")
    answering = _word_left(pdf, "Answering:")
    assert len(answering) == 2
    assert quote > margin + 8
    assert all(abs(left - quote) < 0.5 for left in answering)


def test_a_recommendation_score_says_what_it_means_on_the_web_and_in_the_pdf(client, login, mai, forum,
                                                                              create_survey, create_response):
    survey = create_survey(forum, items=[("nps", "Would you recommend the forum?"), ("rating", "Useful?")])
    score, rating = survey.items
    for said in (10, 9, 10, 9, 3, 3):  # 4 promoters, 2 detractors of 6: 67 % - 33 %
        create_response(survey, {score: said, rating: 4})
    explained = ("Recommendation score: the percentage of promoters (9–10) minus that of detractors (0–6), from "
                 "−100 to 100.")
    choose(survey, [rating])
    login(mai)
    assert explained not in evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    choose(survey, [score, rating])
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    assert "Recommendation score 33" in part
    assert part.count(explained) == 1
    # the minus sign is not in the PDF's font: a hyphen-minus stands in for it, so "−100" is not printed "100"
    assert explained.replace("\u2212", "-") in pdf_text(client.get("/forums/acf/report.pdf").data)


def test_a_recommendation_chart_shows_its_three_bands_on_the_web_and_in_the_pdf(client, login, mai, forum,
                                                                                 create_survey, create_response):
    """As the results page draws it: detractors, passives and promoters named, each in its own colour."""
    survey = create_survey(forum, items=[("nps", "Would you recommend the forum?")])
    [score] = survey.items
    for said in (10, 9, 8, 7, 3):
        create_response(survey, {score: said})
    choose(survey, [score])
    login(mai)
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    for band in ("Detractors (0–6)", "Passives (7–8)", "Promoters (9–10)"):
        assert band in part
    assert 'fill="#5f6b7a"' in part  # the passives' grey, as on the results page
    text = pdf_text(client.get("/forums/acf/report.pdf").data)
    for band in ("Detractors (0–6)", "Passives (7–8)", "Promoters (9–10)"):
        assert band in text


def test_a_pdf_chart_colours_each_band_and_names_them_in_its_legend():
    from reportlab.lib.colors import HexColor

    from forumops.core.charts import Band, ChartRow
    from forumops.pdf.charts import BarChartFlowable

    rows = [ChartRow(str(n), (1,)) for n in range(3)]
    bands = [Band("Low", 0, 1, "#b3541e"), Band("High", 2, 2, "#0b5563")]
    chart = BarChartFlowable(rows, 400, ["Answers"], bands=bands)
    assert [label for label, _colour in chart.legend] == ["Low", "High"]
    fills = [shape.fillColor for shape in chart.drawing.contents if getattr(shape, "height", 0) == 6.5]
    assert fills == [HexColor("#b3541e"), HexColor("#b3541e"), HexColor("#0b5563")]


def test_the_same_words_ticked_twice_are_quoted_once(client, login, mai, survey, create_response):
    """Two people wrote the same sentence and both answers were ticked: the report quotes it once."""
    rating, _agreement, text = survey.items
    create_response(survey, {rating: 4, text: VIETNAMESE}, country="VN")
    choose(survey, [rating], [KHMER, VIETNAMESE])
    assert _db.session.query(SurveyAnswer).filter_by(text=VIETNAMESE, quoted=True).count() == 2
    login(mai)
    part = evaluation_part(client.get("/forums/acf/report").get_data(as_text=True))
    assert part.count(VIETNAMESE) == 1
    assert part.count("<blockquote") == 2
