"""The organisers' register of every certificate and letter issued for their forum (issue 21, item 4): newest
first, filtered and searched, paged, downloadable as CSV, and where a paper is revoked with a reason."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from forumops.certificates.models import IssuedDocument
from forumops.core.models import utcnow
from tests.certificates.test_verify import text_of
from tests.conftest import count_queries


@pytest.fixture
def mai(create_user):
    return create_user(name="Mai Tran", email="mai@example.org")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="hanoi-training", title="Hanoi Training", organiser=mai)


def issued_ago(db, paper, hours: int) -> None:
    """Date a paper back, so the order newest first is the test's, not the clock's."""
    paper.issued_at = utcnow() - timedelta(hours=hours)
    db.session.commit()


def rows_of(response) -> list[str]:
    """The names printed on the papers in the register's table, in its order: the one under "Name printed:" when
    the paper printed another name than the person's registration (a letter's passport name), else the person's."""
    names = []
    for row in re.findall(r'<th scope="row".*?</th>', response.get_data(as_text=True), flags=re.S):
        printed = re.search(r'issued-printed">[^<]*<span dir="auto">([^<]+)</span>', row)
        names.append(printed.group(1) if printed else re.search(r'<a [^>]*dir="auto">([^<]+)</a>', row).group(1))
    return names


def test_the_register_lists_every_paper_newest_first_with_who_issued_it(client, login, db, forum, mai, issue_paper):
    from forumops.certificates.issuing import revoke

    linh, _code = issue_paper(forum, holder_name="Nguyễn Phương Linh", language="vi", by=mai)
    sopheak, _code = issue_paper(forum, kind="letter", holder_name="SOK SOPHEAK", language="km", by=mai)
    budi, _code = issue_paper(forum, holder_name="Budi Santoso", by=mai)
    for paper, hours in ((linh, 3), (sopheak, 2), (budi, 1)):
        issued_ago(db, paper, hours)
    revoke(budi, "Issued in error: he came on one day only.", mai.id)
    db.session.commit()
    login(mai)

    response = client.get("/forums/hanoi-training/papers")

    assert response.status_code == 200
    assert rows_of(response) == ["Budi Santoso", "SOK SOPHEAK", "Nguyễn Phương Linh"]
    page = text_of(response)
    for counted in ("3 issued in all", "2 certificates", "1 letter", "1 revoked"):
        assert counted in page
    for kind in ("Invitation letter", "Certificate of attendance"):
        assert kind in page
    for language in ("Vietnamese", "Khmer"):  # the language each was written in
        assert language in page
    assert "by Mai Tran" in page
    assert "Issued in error: he came on one day only." in page
    html = response.get_data(as_text=True)
    assert html.count("/revoke") == 2  # the revoked one offers no second revoking
    assert f"/forums/hanoi-training/papers/{linh.id}/revoke" in html
    assert "/verify/" in html  # each paper's public page, to see what anyone sees


def test_the_register_filters_by_kind_status_and_name_with_or_without_accents(client, login, db, forum, mai,
                                                                              issue_paper):
    from forumops.certificates.issuing import revoke

    issue_paper(forum, holder_name="Nguyễn Phương Linh")
    issue_paper(forum, kind="letter", holder_name="Nguyễn Văn An")
    revoked, _code = issue_paper(forum, holder_name="Siti Nurhaliza")
    revoke(revoked, "Duplicate", None)
    db.session.commit()
    login(mai)

    def names(**args):
        return sorted(rows_of(client.get("/forums/hanoi-training/papers", query_string=args)))

    assert names(q="nguyen") == ["Nguyễn Phương Linh", "Nguyễn Văn An"]
    assert names(q="phuong linh") == ["Nguyễn Phương Linh"]
    assert names(kind="letter") == ["Nguyễn Văn An"]
    assert names(kind="certificate", status="valid") == ["Nguyễn Phương Linh"]
    assert names(status="revoked") == ["Siti Nurhaliza"]
    assert names(kind="nonsense") == names()  # a filter not on offer is dropped, never an error page
    response = client.get("/forums/hanoi-training/papers", query_string={"q": "nobody"})
    assert "No certificate or letter matches these filters." in text_of(response)
    assert "1 of 3 match." in text_of(client.get("/forums/hanoi-training/papers?status=revoked"))


def test_the_register_pages_by_fifty(client, login, db, forum, mai, issue_paper, create_registration):
    registration, _token = create_registration(forum, notify=False, status="confirmed")
    for n in range(52):
        issue_paper(forum, registration=registration, holder_name=f"Person {n:02d}")
    db.session.execute(IssuedDocument.__table__.update().values(
        issued_at=utcnow() - timedelta(days=1)))  # all at once: the newer id first
    db.session.commit()
    login(mai)
    first = client.get("/forums/hanoi-training/papers")
    assert len(rows_of(first)) == 50
    assert rows_of(first)[0] == "Person 51"
    assert "Page 1 of 2" in text_of(first)
    second = client.get("/forums/hanoi-training/papers?page=2&q=person")
    assert rows_of(second) == ["Person 01", "Person 00"]
    assert 'href="/forums/hanoi-training/papers?q=person&amp;page=1"' in second.get_data(as_text=True)
    assert rows_of(client.get("/forums/hanoi-training/papers?page=99")) == ["Person 01", "Person 00"]


def test_the_register_costs_the_same_queries_for_3_papers_and_for_30(app, client, login, db, forum, mai,
                                                                      issue_paper, create_registration, create_user):
    from forumops.certificates.issuing import revoke

    login(mai)
    others = [create_user(name=f"Organiser {n}") for n in range(3)]

    def issue(count: int) -> None:
        registration, _token = create_registration(forum, notify=False, status="confirmed")
        for n in range(count):
            paper, _code = issue_paper(forum, registration=registration, holder_name=f"Holder {n}",
                                       kind="letter" if n % 3 else "certificate", by=others[n % 3])
            if n % 4 == 0:
                revoke(paper, "Duplicate", others[(n + 1) % 3].id)
        db.session.commit()

    page, download = "/forums/hanoi-training/papers", "/forums/hanoi-training/papers.csv"

    def measure() -> tuple[int, int]:
        db.session.expire_all()  # each request starts as a real one does, nothing of the test's session loaded
        return count_queries(db, lambda: client.get(page)), count_queries(db, lambda: client.get(download))

    issue(3)
    client.get(page)  # warm the per-process caches
    few = measure()
    issue(27)
    many = measure()
    assert len(rows_of(client.get(page))) == 30
    assert few == many


def test_revoking_needs_a_reason_shown_at_the_field_and_then_the_page_says_revoked(client, login, db, forum, mai,
                                                                                  issue_paper):
    paper, code = issue_paper(forum, holder_name="Nguyễn Phương Linh")
    login(mai)
    path = f"/forums/hanoi-training/papers/{paper.id}/revoke"
    form = client.get(path)
    assert form.status_code == 200
    assert "Nguyễn Phương Linh" in text_of(form)

    empty = client.post(path, data={"reason": "   "})
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert re.search(r'id="reason-error">Say why it is revoked: the verification page shows the reason.', html)
    db.session.expire_all()
    assert db.session.get(IssuedDocument, paper.id).revoked_at is None

    done = client.post(path, data={"reason": "Issued in error: she attended one day of three."})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/forums/hanoi-training/papers?revoked={paper.id}")
    register = client.get(done.headers["Location"])
    assert "Certificate of attendance of Nguyễn Phương Linh revoked" in text_of(register)
    db.session.expire_all()
    revoked = db.session.get(IssuedDocument, paper.id)
    assert revoked.revoked_reason == "Issued in error: she attended one day of three."
    assert revoked.revoked_by_id == mai.id
    public = text_of(client.get(f"/verify/{code}"))
    assert "Revoked on" in public
    assert "Issued in error: she attended one day of three." in public


def test_revoking_twice_keeps_the_first_date_and_reason(client, login, db, forum, mai, issue_paper):
    paper, _code = issue_paper(forum)
    login(mai)
    path = f"/forums/hanoi-training/papers/{paper.id}/revoke"
    assert client.post(path, data={"reason": "Duplicate of another certificate"}).status_code == 302
    db.session.expire_all()
    first_at = db.session.get(IssuedDocument, paper.id).revoked_at
    again = client.post(path, data={"reason": "Another reason"}, follow_redirects=True)
    assert again.status_code == 200
    assert "This paper was already revoked on" in text_of(again)
    db.session.expire_all()
    revoked = db.session.get(IssuedDocument, paper.id)
    assert (revoked.revoked_at, revoked.revoked_reason) == (first_at, "Duplicate of another certificate")
    page = text_of(client.get(path))  # its page shows the revocation, no form
    assert "Duplicate of another certificate" in page
    assert "Reason for revoking" not in page


def test_revoking_needs_the_form_token(csrf_app, client, login, db, forum, mai, issue_paper):
    paper, _code = issue_paper(forum)
    login(mai)
    response = client.post(f"/forums/hanoi-training/papers/{paper.id}/revoke", data={"reason": "Duplicate"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(IssuedDocument, paper.id).revoked_at is None


def test_another_forums_paper_is_not_found_from_this_forums_register(client, login, db, forum, mai, create_forum,
                                                                      create_user, issue_paper):
    elsewhere = create_forum(slug="elsewhere", organiser=create_user())
    paper, _code = issue_paper(elsewhere)
    login(mai)
    assert client.get(f"/forums/hanoi-training/papers/{paper.id}/revoke").status_code == 404
    assert client.post(f"/forums/hanoi-training/papers/{paper.id}/revoke",
                       data={"reason": "Not mine"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(IssuedDocument, paper.id).revoked_at is None


def test_the_csv_has_every_matching_paper_and_cannot_run_a_formula(client, login, db, forum, mai, issue_paper):
    from forumops.certificates.issuing import revoke

    issue_paper(forum, holder_name="=HYPERLINK(\"http://evil.example\",\"Click\")", by=mai)
    letter, _code = issue_paper(forum, kind="letter", holder_name="SOK SOPHEAK", language="km", by=mai,
                                details={"passport_number": "N01234567"})
    revoke(letter, "+Issued twice", mai.id)
    db.session.commit()
    login(mai)

    response = client.get("/forums/hanoi-training/papers.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="hanoi-training-papers-issued.csv"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the names right
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Kind", "Name", "Language", "Issued (Asia/Jakarta)", "Issued by", "Status",
                       "Revoked (Asia/Jakarta)", "Revoked by", "Reason for revoking"]
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"'=HYPERLINK(\"http://evil.example\",\"Click\")", "SOK SOPHEAK"}
    letter_row = by_name["SOK SOPHEAK"]
    kind, _name, language, _issued, issued_by, status, _revoked, revoked_by, reason = letter_row
    assert (kind, language, issued_by, status, revoked_by) == ("Invitation letter", "Khmer", "Mai Tran", "Revoked",
                                                               "Mai Tran")
    assert reason == "'+Issued twice"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", letter_row[6])
    assert b"N01234567" not in response.data  # a letter's private details are not the register's
    revoked_only = client.get("/forums/hanoi-training/papers.csv?status=revoked").data.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(revoked_only)))) == 2


def test_revoking_returns_to_the_same_filters_and_page_with_the_confirmation_on_top_and_the_row_marked(
        client, login, db, forum, mai, issue_paper, create_registration):
    registration, _token = create_registration(forum, notify=False, status="confirmed")
    papers = [issue_paper(forum, registration=registration, holder_name=f"Person {n:02d}")[0] for n in range(52)]
    issue_paper(forum, holder_name="Budi Santoso")
    db.session.execute(IssuedDocument.__table__.update().values(issued_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    login(mai)
    register = client.get("/forums/hanoi-training/papers?q=person&kind=certificate&page=2")
    html = register.get_data(as_text=True)
    target = papers[1]  # "Person 01", on the second page
    revoke_link = re.search(rf'href="(/forums/hanoi-training/papers/{target.id}/revoke\?[^"]+)"', html).group(1)
    revoke_page = client.get(revoke_link.replace("&amp;", "&"))
    assert 'href="/forums/hanoi-training/papers?q=person&amp;kind=certificate&amp;page=2"' in \
        revoke_page.get_data(as_text=True)  # back and cancel keep them too

    done = client.post(revoke_link.replace("&amp;", "&"), data={"reason": "Duplicate"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(
        f"/forums/hanoi-training/papers?q=person&kind=certificate&page=2&revoked={target.id}")
    back = client.get(done.headers["Location"])
    html = back.get_data(as_text=True)
    assert rows_of(back) == ["Person 01", "Person 00"]  # the same filters, the same page
    confirmation = html.index("Certificate of attendance of Person 01 revoked")
    assert confirmation < html.index('<table class="table issued-table">')  # above the list, seen first
    assert "#paper-" not in done.headers["Location"]  # nothing scrolls it away
    assert re.search(rf'<tr id="paper-{target.id}" class="issued-revoked issued-just-revoked">', html)
