"""The public verification page (issue 21, item 4): anyone holding a certificate or letter checks it by its printed
code or its QR code, and learns what the paper says and whether it still holds, and nothing more."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from forumops.core.i18n import day_in_zone, format_day

FORUM = dict(title="Mekong Regional Training on Evaluation", start_date=date(2027, 4, 14),
             end_date=date(2027, 4, 16), venue_city="Hanoi", venue_country="VN", timezone="Asia/Ho_Chi_Minh")


@pytest.fixture
def forum(create_forum, create_user):
    return create_forum(slug="mekong-eval", organiser=create_user(name="Mai Tran", email="mai@example.org"), **FORUM)


def text_of(response) -> str:
    """The page's visible words, tags dropped and white space collapsed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_a_valid_certificate_shows_what_it_prints_and_that_it_holds(client, forum, issue_paper):
    _paper, code = issue_paper(forum, holder_name="Nguyễn Phương Linh")
    response = client.get(f"/verify/{code}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Valid" in page
    assert "Certificate of attendance" in page
    assert "Nguyễn Phương Linh" in page
    assert "Mekong Regional Training on Evaluation" in page
    assert "14 April 2027 – 16 April 2027" in page  # the forum's dates
    assert "Hanoi" not in page  # a certificate prints no place, so its page shows none
    with client.application.test_request_context():  # today, as an English page writes it
        issued_on = format_day(day_in_zone("Asia/Ho_Chi_Minh"), "long")
    assert f"Issued on {issued_on}" in page
    assert code in page  # the code, as printed, to compare with the paper
    assert "Revoked" not in page


def test_a_revoked_paper_says_so_with_its_date_and_reason(client, forum, issue_paper, db):
    from forumops.certificates.issuing import revoke

    paper, code = issue_paper(forum)
    revoke(paper, "Issued in error: she attended one day of three.", None)
    db.session.commit()
    response = client.get(f"/verify/{code}")
    assert response.status_code == 200  # the paper exists: what it says is the answer
    page = text_of(response)
    assert "Revoked" in page
    assert "no longer counts" in page
    assert "Issued in error: she attended one day of three." in page
    assert re.search(r"Revoked on \d+ \w+ \d{4}: Issued in error", page)
    assert "Valid" not in page


def test_a_code_never_issued_is_a_404_that_says_so_and_keeps_what_was_typed(client, forum, issue_paper):
    issue_paper(forum)
    typed = "7k2m 9qxd abcd efgh jkmn pqrs tvwx"  # a code's shape, but never issued
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 404
    page = text_of(response)
    assert "No certificate or letter was issued with this code. Check the code as printed" in page
    html = response.get_data(as_text=True)
    assert re.search(rf'<input [^>]*aria-invalid="true"[^>]*autofocus[^>]*value="{typed}"', html)  # kept, to correct
    assert "Nguyễn Phương Linh" not in page
    # the same through the address a QR code holds
    assert client.get("/verify/7K2M-9QXD-ABCD-EFGH-JKMN-PQRS-TVWX").status_code == 404


def test_a_code_of_the_wrong_length_is_told_how_long_a_code_is(client):
    response = client.get("/verify", query_string={"code": "7K2M-9QXD-ABC"})
    assert response.status_code == 404
    assert "A code has 28 letters and digits, in groups of four; this one has 11." in text_of(response)
    assert 'value="7K2M-9QXD-ABC"' in response.get_data(as_text=True)


def test_a_code_typed_in_small_letters_with_spaces_and_o_for_zero_verifies(client, forum, issue_paper):
    _paper, code = issue_paper(forum, holder_name="Sok Sopheak")
    typed = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 200
    page = text_of(response)
    assert "Valid" in page
    assert "Sok Sopheak" in page


def test_a_very_long_code_is_cut_to_what_a_person_could_type(client):
    response = client.get("/verify", query_string={"code": "A" * 100_000})
    assert response.status_code == 404
    assert "this one has 200" in text_of(response)
    assert re.search(r'<input [^>]*value="(A+)"', response.get_data(as_text=True)).group(1) == "A" * 200


def test_the_empty_form_asks_for_the_code(client):
    response = client.get("/verify")
    assert response.status_code == 200
    page = text_of(response)
    assert "Check a certificate or letter" in page
    assert "Code" in page
    assert 'method="get"' in response.get_data(as_text=True)


def test_the_page_tells_nothing_the_paper_does_not_print(client, forum, issue_paper, create_registration):
    registration, _token = create_registration(forum, name="Sok Sopheak", email="sopheak@example.org",
                                               organisation="Cambodia Women Entrepreneurs Association",
                                               job_title="Programme manager", notify=False, status="confirmed")
    _letter, code = issue_paper(forum, kind="letter", registration=registration, holder_name="SOK SOPHEAK",
                                details={"passport_name": "SOK SOPHEAK", "nationality": "Cambodian",
                                         "passport_number": "N01234567", "authority": "Embassy of Vietnam",
                                         "organisation": "Cambodia Women Entrepreneurs Association"})
    response = client.get(f"/verify/{code}")
    html = response.get_data(as_text=True)
    page = text_of(response)
    assert response.status_code == 200
    assert "Invitation letter" in page
    assert "SOK SOPHEAK" in page
    assert "Mekong Regional Training on Evaluation" in page
    for private in ("sopheak@example.org", "N01234567", "Cambodian", "Embassy of Vietnam", "Cambodia Women",
                    "Programme manager", f"/registration/{registration.id}"):
        assert private not in html, private


def test_a_certificate_shows_the_organisation_only_when_it_printed_one(client, forum, issue_paper,
                                                                        create_registration):
    registration, _token = create_registration(forum, organisation="Vietnam Women's Union", notify=False,
                                               status="confirmed")
    _plain, plain_code = issue_paper(forum, registration=registration)
    _printed, printed_code = issue_paper(forum, registration=registration,
                                         details={"organisation": "Vietnam Women's Union", "days_attended": 3})
    assert "Vietnam Women" not in client.get(f"/verify/{plain_code}").get_data(as_text=True)
    assert "Organisation Vietnam Women's Union" in text_of(client.get(f"/verify/{printed_code}"))


def test_the_page_is_never_indexed_nor_cached(client, forum, issue_paper):
    _paper, code = issue_paper(forum)
    for path in ("/verify", f"/verify/{code}", "/verify/NOT-A-CODE"):
        response = client.get(path)
        assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True), path
        assert response.headers["X-Robots-Tag"] == "noindex", path
        assert response.headers["Cache-Control"] == "no-store", path


def test_the_page_is_in_the_readers_language_with_the_forums_title_in_it(client, forum, issue_paper, db):
    from forumops.forums.models import ContentVersion
    from forumops.forums.versions import FORUM as FORUM_TEXT
    from forumops.forums.versions import digest

    forum.languages = ["en", "vi", "km"]
    db.session.add(ContentVersion(forum_id=forum.id, kind=FORUM_TEXT, object_id=forum.id, field="title",
                                  language="vi", text="Tập huấn khu vực Mê Kông về đánh giá",
                                  original_digest=digest(forum.title)))
    db.session.commit()
    _paper, code = issue_paper(forum)
    vietnamese = client.get(f"/verify/{code}?lang=vi")
    assert '<html lang="vi">' in vietnamese.get_data(as_text=True)
    assert "Tập huấn khu vực Mê Kông về đánh giá" in text_of(vietnamese)
    # a participant's page: Khmer is not turned into English, as an organiser's page would be
    khmer = client.get(f"/verify/{code}?lang=km")
    assert '<html lang="km">' in khmer.get_data(as_text=True)
    assert "not translated into" not in text_of(khmer)


def test_lookups_are_limited_per_client_address(app, client, forum, issue_paper, db):
    """Every lookup counts, found or not (guessing makes unknown codes); over 30 a minute the page says to wait,
    with the code kept; another address is not held back."""
    _paper, code = issue_paper(forum, holder_name="Siti Nurhaliza")
    assert app.config["VERIFY_LOOKUPS_PER_CLIENT"] == 30
    assert app.config["VERIFY_LOOKUPS_WINDOW_SECONDS"] == 60

    def look_up(path: str, **options):
        response = client.get(path, **options)
        # what the end of a real request does to whatever it did not commit (a test's requests share its session):
        # a lookup is a read, never committed, so its count must be written on its own
        db.session.rollback()
        return response

    client.environ_base["REMOTE_ADDR"] = "10.21.0.1"
    for n in range(29):
        assert look_up(f"/verify/GUESS-{n:04d}-0000-0000-0000-0000-0000").status_code == 404
    assert look_up(f"/verify/{code}").status_code == 200  # the 30th
    refused = look_up("/verify", query_string={"code": code.lower()})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60  # the first lookup counted leaves the window by then
    page = text_of(refused)
    assert "Many codes were checked from this connection in the last minute. Please wait 1 minute" in page
    assert "Siti Nurhaliza" not in page  # nothing looked up
    assert f'value="{code.lower()}"' in refused.get_data(as_text=True)
    assert client.get("/verify").status_code == 200  # the empty form looks nothing up
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.21.0.2"
    assert other.get(f"/verify/{code}").status_code == 200


def test_a_paper_erased_with_its_registration_no_longer_verifies(client, forum, issue_paper, db):
    """Erasure (privacy) deletes the papers issued to the person: the page shows their name no more."""
    from forumops.privacy.operations import erase_registration
    from forumops.registration.models import Registration

    paper, code = issue_paper(forum, holder_name="Budi Santoso")
    erase_registration(forum, db.session.get(Registration, paper.registration_id))
    db.session.commit()
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert "Budi Santoso" not in response.get_data(as_text=True)
