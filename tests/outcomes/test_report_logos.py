"""Partners' logos on the outcome report's cover and the printed programme's first page; none, no image."""

from __future__ import annotations

import io

from pypdf import PdfReader

from forumops.extensions import db
from forumops.forums import operations as forum_operations
from forumops.organisations.operations import set_organisation_logo
from tests.pdf_images import logo_png, page_images


def forum_with_logos(create_forum, create_user, logos: bool = True):
    mai = create_user(name="Mai")
    forum = create_forum(organiser=mai, title="Mekong Forum on Women's Livelihoods")
    for n, (name, role) in enumerate((("Mekong Women Network", "organiser"), ("ASEAN Foundation", "funder"),
                                      ("Hanoi Women's Union", "partner"))):
        partner = forum_operations.add_partner(forum, name, role, "VN")
        if logos:
            set_organisation_logo(partner.organisation, io.BytesIO(logo_png((300, 120), (40 * n, 90, 160 - 40 * n),
                                                                            name[:5])), f"{n}.png")
    if logos:
        forum_operations.set_forum_logo(forum, io.BytesIO(logo_png((200, 200), (150, 60, 20), "MF")), "forum.png")
    db.session.commit()
    return mai, forum


def test_report_cover_shows_the_partners_logos(db, client, login, create_forum, create_user):
    mai, forum = forum_with_logos(create_forum, create_user)
    login(mai)  # an unpublished report: the organisers' preview
    pdf = client.get(f"/forums/{forum.slug}/report.pdf")
    assert pdf.status_code == 200
    cover = PdfReader(io.BytesIO(pdf.data)).pages[0]
    assert len(page_images(cover)) == 3


def test_a_replaced_logo_is_a_new_programme_pdf(db, client, create_forum, create_user):
    _mai, forum = forum_with_logos(create_forum, create_user)
    first = client.get(f"/forums/{forum.slug}/agenda.pdf")
    assert first.status_code == 200
    page = PdfReader(io.BytesIO(first.data)).pages[0]
    assert len(page_images(page)) == 4  # the forum's own and three partners'
    forum_operations.remove_forum_logo(forum)
    db.session.commit()
    second = client.get(f"/forums/{forum.slug}/agenda.pdf")  # the cache is keyed by the logos' SHA-256
    assert len(page_images(PdfReader(io.BytesIO(second.data)).pages[0])) == 3


def test_without_logos_the_pdfs_print_names_only(db, client, login, create_forum, create_user):
    mai, forum = forum_with_logos(create_forum, create_user, logos=False)
    login(mai)
    for url in (f"/forums/{forum.slug}/agenda.pdf", f"/forums/{forum.slug}/report.pdf"):
        response = client.get(url)
        assert response.status_code == 200
        first = PdfReader(io.BytesIO(response.data)).pages[0]
        assert page_images(first) == []
    assert "Mekong Women Network" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()

