"""Mai reads a survey's results with their charts and puts three of them in the outcome report, on her phone: she
opens the results page (each question a chart with its numbers in a table), goes to the survey's "In the outcome
report" page from its navigation, ticks three questions and two answers (one in Khmer, one in Vietnamese), saves,
and reads the three charts and the quotes in the report's Evaluation chapter; the report's PDF is kept in
test-artifacts/ for a look."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import ARTIFACTS, PHONE_VIEWPORT, VIEWPORT, sign_in

KHMER = "ការប្រជុំនេះមានប្រយោជន៍ណាស់ សូមអរគុណ"
VIETNAMESE = "Hội thảo rất hữu ích và truyền cảm hứng, nhất là phần thảo luận nhóm."
QUESTIONS = ("How useful was the forum for your work?", "Which parts helped you most?",
             "How likely are you to recommend this forum to a colleague?")


def test_mai_reads_the_results_and_puts_three_charts_and_two_quotes_in_the_report(
        create_user, create_forum, create_survey, create_response, create_registration, new_page, shot, live_server):
    mai = create_user(name="Mai Tran", email="mai@example.org")
    forum = create_forum("acf-2027", title="ASEAN Civil Society Forum 2027", organiser=mai, status="concluded")
    survey = create_survey(forum, title="End-of-forum evaluation", items=[
        ("section", "The forum"),
        ("rating", "How useful was the forum for your work?", ["Not useful", "Very useful"]),
        ("multiple", "Which parts helped you most?", ["Plenaries", "Clusters", "Field visit", "Market place"]),
        ("nps", "How likely are you to recommend this forum to a colleague?"),
        ("long", "What should change next year?")])
    _section, rating, multiple, nps, text = survey.items
    said = [KHMER, VIETNAMESE, "Longer breaks <b>please</b>", "More time in the clusters.", "", "", ""]
    for n, words in enumerate(said):
        answers = {rating: 5 - n % 3, multiple: [n % 4, (n + 1) % 4], nps: 10 - n % 5}
        if words:
            answers[text] = words
        person, _token = create_registration(forum, status="confirmed", country="KH" if n % 2 else "VN")
        create_response(survey, answers, registration=person)
    create_registration(forum, status="confirmed")  # asked, and did not answer

    page = new_page(viewport=PHONE_VIEWPORT)
    sign_in(page, "Mai Tran", "mai@example.org")
    page.goto(f"/forums/acf-2027/surveys/{survey.id}/results")
    main = page.get_by_role("main")
    for question in QUESTIONS:  # each a chart, and its numbers in a table beside it
        expect(main.get_by_role("img", name=question)).to_be_visible()
        expect(main.locator("table", has=page.locator("caption", has_text=f"{question}: numbers"))).to_have_count(1)
    expect(main.locator(".report-stats")).to_contain_text("Answered7")
    expect(main.locator(".report-stats")).to_contain_text("People asked8")
    shot("report-evaluation-results-390", page)
    page.get_by_role("navigation", name="This survey").get_by_role("link", name="In the outcome report").click()
    expect(page.get_by_text("Quotes are shown without names.")).to_be_visible()
    for question in QUESTIONS:
        page.locator("article", has_text=question).get_by_role("checkbox", name="Show in the outcome report").check()
    page.locator("li", has_text=KHMER).get_by_role("checkbox", name="Quote in the report").check()
    page.locator("li", has_text=VIETNAMESE).get_by_role("checkbox", name="Quote in the report").check()
    shot("report-evaluation-choose-390", page)
    page.get_by_role("button", name="Save what the report shows").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")

    page.goto("/forums/acf-2027/report#evaluation")
    chapter = page.locator("#evaluation")
    for question in QUESTIONS:
        expect(chapter.get_by_role("heading", name=question)).to_be_visible()
        expect(chapter.get_by_role("img", name=question)).to_be_visible()
    expect(chapter.locator("blockquote", has_text=KHMER)).to_be_visible()
    expect(chapter.locator("blockquote", has_text=VIETNAMESE)).to_be_visible()
    expect(chapter).not_to_contain_text("Longer breaks")
    expect(chapter.locator("svg[role=img]")).to_have_count(3)
    chapter.screenshot(path=str(ARTIFACTS / "report-evaluation-chapter-390.png"))

    wide = new_page(viewport=VIEWPORT)
    sign_in(wide, "Mai Tran", "mai@example.org")
    wide.goto(f"/forums/acf-2027/surveys/{survey.id}/results")
    wide.screenshot(path=str(ARTIFACTS / "report-evaluation-results-1280.png"), full_page=True)
    wide.goto(f"/forums/acf-2027/surveys/{survey.id}/report")
    wide.screenshot(path=str(ARTIFACTS / "report-evaluation-choose-1280.png"), full_page=True)
    wide.goto("/forums/acf-2027/report#evaluation")
    wide.locator("#evaluation").screenshot(path=str(ARTIFACTS / "report-evaluation-chapter-1280.png"))
    pdf = wide.request.get(f"{live_server.url}/forums/acf-2027/report.pdf")
    assert pdf.ok
    (ARTIFACTS / "report-evaluation.pdf").write_bytes(pdf.body())
