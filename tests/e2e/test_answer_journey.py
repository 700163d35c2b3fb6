"""Phương Linh answers the end-of-forum evaluation on her phone, in Vietnamese: she finds it on her private page,
sends too early (a required question empty: the message is at the question, her words kept), saves and comes
back, then sends; the page says so and her registration page lists it as sent. Screenshots at 390 and 1280 px.

The forum, its survey (with the organisers' Vietnamese versions) and Linh's confirmed registration are made with
the factory fixtures; everything after that goes through the UI."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from .conftest import PHONE_VIEWPORT

SLUG = "mekong-synthesis-2027"


@pytest.fixture
def evaluation(create_forum, create_registration, create_survey, db):
    from forumops.forums.versions import SURVEY, SURVEY_ITEM, save_versions

    forum = create_forum(SLUG, title="Mekong Synthesis and Evaluation Workshop", timezone="Asia/Ho_Chi_Minh")
    forum.languages = ["en", "vi"]
    _registration, token = create_registration(forum, status="confirmed", name="Nguyễn Phương Linh",
                                               email="linh@example.org", notify=False)
    survey = create_survey(forum, anonymous=True, items=[
        ("section", "The training"),
        {"kind": "rating", "text": "How useful was the training for your work?", "required": True,
         "options": ["Not useful", "Very useful"]},
        ("agreement", "The facilitators explained things clearly."),
        ("nps", "How likely are you to recommend this training to a colleague?"),
        ("multiple", "Which parts helped most?", ["Field visit", "Group work", "Talks"]),
        ("long", "What should we change next time?"),
    ])
    section, rating, agreement, nps, multiple, long = survey.items
    save_versions(forum, "vi", {
        (SURVEY, survey.id, "title"): "Đánh giá cuối khóa",
        (SURVEY_ITEM, section.id, "text"): "Khóa đào tạo",
        (SURVEY_ITEM, rating.id, "text"): "Khóa đào tạo hữu ích như thế nào cho công việc của bạn?",
        (SURVEY_ITEM, rating.id, "options"): "Không hữu ích\nRất hữu ích",
        (SURVEY_ITEM, agreement.id, "text"): "Các giảng viên giải thích rõ ràng.",
        (SURVEY_ITEM, nps.id, "text"): "Bạn có giới thiệu khóa đào tạo này cho đồng nghiệp không?",
        (SURVEY_ITEM, multiple.id, "text"): "Phần nào hữu ích nhất?",
        (SURVEY_ITEM, multiple.id, "options"): "Chuyến thực địa\nLàm việc nhóm\nBài giảng",
        (SURVEY_ITEM, long.id, "text"): "Lần sau chúng tôi nên thay đổi điều gì?",
    })
    db.session.commit()
    return SimpleNamespace(forum=forum, token=token, survey=survey)


def test_linh_answers_the_evaluation_on_her_phone_in_vietnamese(new_page, shot, evaluation, db):
    from forumops.evaluations.models import SurveyResponse

    phone: Page = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="vi-VN")
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"/forums/{SLUG}/registration/{evaluation.token}?lang=vi")
    panel = phone.locator(".participant-surveys")
    expect(panel).to_contain_text("Đánh giá cuối khóa")
    panel.get_by_role("link", name="Đánh giá cuối khóa").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Đánh giá cuối khóa")
    phone.get_by_role("group", name="Các giảng viên giải thích rõ ràng.").locator("label").nth(3).click()
    phone.get_by_label("Lần sau chúng tôi nên thay đổi điều gì?").fill("Thêm thời gian cho chuyến thực địa.")
    phone.locator("button[value=send]").click()  # the rating, required, is left empty
    expect(phone.locator(".error-summary")).to_be_visible()
    expect(phone.locator(".survey-rating .error-message")).to_be_visible()
    expect(phone.get_by_label("Lần sau chúng tôi nên thay đổi điều gì?")).to_have_value(
        "Thêm thời gian cho chuyến thực địa.")
    shot("answer-phone-vi-refused", phone)

    phone.locator(".survey-rating label.scale-point").nth(4).click()
    phone.locator(".survey-multiple label").first.click()
    phone.locator("button[value=save]").click()
    phone.reload()
    expect(phone.get_by_label("Lần sau chúng tôi nên thay đổi điều gì?")).to_have_value(
        "Thêm thời gian cho chuyến thực địa.")
    expect(phone.locator(".survey-rating input[value='5']")).to_be_checked()
    shot("answer-phone-vi-draft", phone)

    desktop: Page = new_page(locale="vi-VN")
    desktop.goto(phone.url)
    expect(desktop.locator(".survey-rating input[value='5']")).to_be_checked()
    shot("answer-desktop-vi-draft", desktop)

    phone.locator("button[value=send]").click()
    expect(phone.locator(".survey-sent")).to_be_visible()
    shot("answer-phone-vi-sent", phone)
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    phone.goto(f"/forums/{SLUG}/registration/{evaluation.token}")
    expect(phone.locator(".participant-surveys .badge")).to_have_class("badge badge-survey-sent")
    assert errors == []


def test_the_english_page_at_desktop_width(new_page, shot, evaluation):
    desktop: Page = new_page()
    desktop.goto(f"/forums/{SLUG}/registration/{evaluation.token}/surveys/{evaluation.survey.id}?lang=en")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("End-of-forum evaluation")
    expect(desktop.get_by_role("radiogroup").or_(desktop.get_by_role("group")).first).to_be_visible()
    shot("answer-desktop-en", desktop)
    phone: Page = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    phone.goto(desktop.url)
    shot("answer-phone-en", phone)
