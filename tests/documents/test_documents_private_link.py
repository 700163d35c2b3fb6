"""A participant registered without an account opens the documents kept for participants through their private
link (documents.open_by_link): only while the registration is confirmed, never an organisers-only file, and the
link never leaks into logs or a Referer."""

from __future__ import annotations

import logging
import re

import pytest

from tests.conftest import count_queries, pdf_bytes


@pytest.fixture
def forum(create_forum, create_user):
    return create_forum(slug="kl-2027", organiser=create_user(email="mai@example.org", name="Mai"))


def private_page(client, token):
    return client.get(f"/forums/kl-2027/registration/{token}").get_data(as_text=True)


def link_of(page: str, title: str) -> str:
    """The address the private page's documents panel gives the document of this title."""
    return re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(title)}</a>', page).group(1)


def test_a_confirmed_link_holder_opens_a_participants_file_from_their_page(client, forum, create_document,
                                                                          create_registration, caplog):
    content = pdf_bytes(3)
    document = create_document(forum, "Logistics note", visibility="participants", content=content,
                               filename="logistics.pdf")
    _registration, token = create_registration(forum, status="confirmed")
    caplog.set_level(logging.DEBUG)
    page = private_page(client, token)
    assert "Sign in with the account of your registration" not in page
    address = link_of(page, "Logistics note")
    assert address == f"/forums/kl-2027/registration/{token}/documents/{document.id}"
    response = client.get(address)
    assert response.status_code == 200
    assert response.data == content
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert token not in caplog.text
    # the same address without the link still asks for an account
    assert client.get(f"/forums/kl-2027/documents/{document.id}").status_code == 302


@pytest.mark.parametrize("status", ["pending", "waitlisted", "cancelled"])
def test_a_registration_not_confirmed_opens_nothing(client, forum, create_document, create_registration, status,
                                                    caplog):
    document = create_document(forum, "Logistics note", visibility="participants")
    _registration, token = create_registration(forum, status=status)
    caplog.set_level(logging.DEBUG)
    assert "Logistics note" not in private_page(client, token)
    assert client.get(f"/forums/kl-2027/registration/{token}/documents/{document.id}").status_code == 404
    assert token not in caplog.text


def test_an_erased_replaced_or_wrong_link_opens_nothing(client, forum, create_document, create_registration, db):
    from forumops.privacy.operations import erase_registration
    from forumops.registration.links import replace_links

    document = create_document(forum, "Logistics note", visibility="participants")
    erased, erased_token = create_registration(forum, status="confirmed")
    erase_registration(forum, erased)
    replaced, old_token = create_registration(forum, status="confirmed")
    new_token = replace_links(forum, replaced)
    db.session.commit()
    for token in (erased_token, old_token, "not-a-real-token"):
        assert client.get(f"/forums/kl-2027/registration/{token}/documents/{document.id}").status_code == 404
    assert client.get(f"/forums/kl-2027/registration/{new_token}/documents/{document.id}").status_code == 200


def test_an_organisers_only_file_never_opens_through_a_link(client, forum, create_document, create_registration):
    brief = create_document(forum, "Speaker brief", visibility="organisers", filename="brief.pdf")
    _registration, token = create_registration(forum, status="confirmed")
    assert "Speaker brief" not in private_page(client, token)
    assert client.get(f"/forums/kl-2027/registration/{token}/documents/{brief.id}").status_code == 404


def test_another_forums_link_opens_nothing_here(client, forum, create_forum, create_user, create_document,
                                                create_registration):
    document = create_document(forum, "Logistics note", visibility="participants")
    other = create_forum(slug="hcmc-2027", organiser=create_user(email="an@example.org"))
    _registration, token = create_registration(other, status="confirmed")
    assert client.get(f"/forums/kl-2027/registration/{token}/documents/{document.id}").status_code == 404


def test_the_private_page_lists_many_documents_in_constant_queries(client, forum, create_document,
                                                                   create_registration, db):
    create_document(forum, "Document 0", visibility="participants")
    _registration, token = create_registration(forum, status="confirmed")
    few = count_queries(db, lambda: client.get(f"/forums/kl-2027/registration/{token}"))
    for number in range(1, 30):
        create_document(forum, f"Document {number}", visibility="participants", content=pdf_bytes(1 + number % 3),
                        filename=f"d{number}.pdf")
    assert "Document 29" in private_page(client, token)
    assert count_queries(db, lambda: client.get(f"/forums/kl-2027/registration/{token}")) == few
