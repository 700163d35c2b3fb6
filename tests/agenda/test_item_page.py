"""A programme item's own page: what the programme shows of it, and the materials the reader may open."""

from __future__ import annotations

import pytest

from forumops.agenda import operations
from forumops.forums.versions import save_versions
from tests.conftest import count_queries, pdf_bytes


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="kl-2027", organiser=mai, title="Solidarity Economy Forum", timezone="Asia/Kuala_Lumpur")


@pytest.fixture
def panel(forum, create_item):
    return create_item(forum, title="Panel: financing MSMEs", room="Hall A", description="Why **credit** matters.",
                       people=[{"role": "moderator", "name": "Dr Ben Quah", "organisation": "RIPESS"}])


def test_the_item_page_shows_what_the_programme_does_and_its_materials_with_size_and_type(
        client, forum, panel, create_document):
    create_document(forum, "Slides by Dr Ben", target=f"item-{panel.id}", filename="ben.pdf")
    response = client.get(f"/forums/kl-2027/agenda/items/{panel.id}?tz=Europe/Paris")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in ("Panel: financing MSMEs", "Hall A", "Panel", "Moderator:", "Dr Ben Quah", "<strong>credit</strong>",
                  "09:00", "03:00", "your time", f"/forums/kl-2027/agenda/{panel.id}.ics"):
        assert shown in page, shown
    materials = page[page.index('id="materials"'):]
    assert "Slides by Dr Ben" in materials
    assert "PDF" in materials
    assert " KB" in materials


def test_a_visitor_does_not_see_organisers_only_materials_the_organiser_does(
        client, login, mai, forum, panel, create_document):
    create_document(forum, "Public slides", target=f"item-{panel.id}")
    create_document(forum, "Speaker brief", visibility="organisers", target=f"item-{panel.id}",
                    content=pdf_bytes(2), filename="brief.pdf")
    page = client.get(f"/forums/kl-2027/agenda/items/{panel.id}").get_data(as_text=True)
    assert "Public slides" in page
    assert "Speaker brief" not in page
    login(mai)
    assert "Speaker brief" in client.get(f"/forums/kl-2027/agenda/items/{panel.id}").get_data(as_text=True)


def test_the_thai_version_for_a_thai_reader(client, forum, panel, db):
    forum.languages = ["en", "th"]
    save_versions(forum, "th", {("item", panel.id, "title"): "การอภิปราย: การเงินสำหรับ MSMEs"})
    db.session.commit()
    page = client.get(f"/forums/kl-2027/agenda/items/{panel.id}?lang=th").get_data(as_text=True)
    assert "การอภิปราย: การเงินสำหรับ MSMEs" in page
    assert "Panel: financing MSMEs" not in page
    assert 'lang="en"' in page.split('class="item-description"')[1][:20]  # no Thai description: marked English


def test_another_forums_item_and_a_deleted_item_are_not_found(client, create_user, create_forum, create_item, panel,
                                                              db):
    other = create_forum(slug="other", organiser=create_user(email="o@example.org"))
    theirs = create_item(other, title="Their panel")
    assert client.get(f"/forums/kl-2027/agenda/items/{theirs.id}").status_code == 404
    operations.set_status(panel, "deleted")
    db.session.commit()
    assert client.get(f"/forums/kl-2027/agenda/items/{panel.id}").status_code == 404


def test_a_cancelled_item_says_so(client, panel, db):
    operations.set_status(panel, "cancelled")
    db.session.commit()
    response = client.get(f"/forums/kl-2027/agenda/items/{panel.id}")
    assert response.status_code == 200
    assert "This session has been cancelled" in response.get_data(as_text=True)


def test_the_programme_links_each_title_to_its_page(client, panel):
    page = client.get("/forums/kl-2027/agenda").get_data(as_text=True)
    assert f'<a href="/forums/kl-2027/agenda/items/{panel.id}">Panel: financing MSMEs</a>' in page


def test_queries_do_not_grow_with_people_or_materials(client, forum, panel, create_item, create_document, db):
    def visit():
        assert client.get(f"/forums/kl-2027/agenda/items/{panel.id}").status_code == 200

    few = count_queries(db, visit)
    crowded = create_item(forum, title="Crowded", people=[
        {"role": "speaker", "name": f"Speaker {n}"} for n in range(8)])
    for n in range(6):
        create_document(forum, f"Paper {n}", target=f"item-{crowded.id}", content=pdf_bytes(1 + n % 3),
                        filename=f"p{n}.pdf")
    assert count_queries(db, lambda: client.get(f"/forums/kl-2027/agenda/items/{crowded.id}")) == few
