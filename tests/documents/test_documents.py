"""Documents: uploading (several files, refusals named, quota, cut-off uploads), versions, where they show."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import ClientDisconnected

from forumops.core.files import StoredFile
from forumops.documents.models import Document, DocumentVersion
from tests.conftest import count_queries, pdf_bytes

HTML_AS_PDF = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="kl-2027", organiser=mai, title="Solidarity Economy Forum")


def upload(client, path, files, **fields):
    data = {"visibility": "public", **fields, "files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(path, data=data, content_type="multipart/form-data")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_several_files_at_once_each_titled_by_its_cleaned_name(client, login, mai, forum, db):
    login(mai)
    response = upload(client, "/forums/kl-2027/documents/new",
                      [("Concept_note 2027.pdf", pdf_bytes()), ("Logistics note.pdf", pdf_bytes(2))])
    assert response.status_code == 302
    page = client.get("/forums/kl-2027/").get_data(as_text=True)
    assert "Concept note 2027" in page
    assert "Logistics note" in page
    assert "PDF" in page


def test_a_refused_file_is_named_with_its_reason_and_the_others_and_the_form_are_kept(client, login, mai, forum, db):
    login(mai)
    response = upload(client, "/forums/kl-2027/documents/new",
                      [("slides.pdf", pdf_bytes()), ("evil.pdf", HTML_AS_PDF)],
                      description="Shared after the opening panel")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "evil.pdf" in page
    assert "refused" in page
    assert "Shared after the opening panel" in page  # the rest of the form as typed
    assert [d.title for d in db.session.scalars(select(Document))] == ["slides"]


def test_nothing_accepted_is_a_422_and_leaves_no_row(client, login, mai, forum, db):
    login(mai)
    response = upload(client, "/forums/kl-2027/documents/new", [("empty.pdf", b"")])
    assert response.status_code == 422
    assert "empty.pdf" in response.get_data(as_text=True)
    assert count(db, Document) == 0


def test_the_script_gets_json_naming_the_refused_file(client, login, mai, forum):
    login(mai)
    response = client.post("/forums/kl-2027/documents/new", headers={"Accept": "application/json"},
                           data={"visibility": "public", "files": [(io.BytesIO(HTML_AS_PDF), "notes.pdf")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.json["added"] == []
    assert "notes.pdf" in response.json["refused"][0]


def test_over_the_forums_quota_is_refused_and_says_what_is_left(app, client, login, mai, forum, db):
    login(mai)
    app.config["FORUM_QUOTA_BYTES"] = len(pdf_bytes()) + 10
    try:
        assert upload(client, "/forums/kl-2027/documents/new", [("one.pdf", pdf_bytes())]).status_code == 302
        response = upload(client, "/forums/kl-2027/documents/new", [("two.pdf", pdf_bytes(3))])
    finally:
        app.config.pop("FORUM_QUOTA_BYTES")
    assert response.status_code == 422
    assert "two.pdf" in response.get_data(as_text=True)
    assert "quota" in response.get_data(as_text=True)
    assert count(db, Document) == 1
    assert count(db, StoredFile) == 1  # the refused file's chunks went with its savepoint


def test_limits_are_shown_before_upload(client, login, mai, forum, create_document):
    create_document(forum)
    login(mai)
    page = client.get("/forums/kl-2027/documents/new").get_data(as_text=True)
    assert "Up to 25 MB per file;" in page
    assert "of 1 GB left for this forum." in page
    assert 'data-max-file="26214400"' in page


def test_an_upload_cut_off_midway_leaves_nothing_behind(forum, db):
    from forumops.documents import operations
    from forumops.documents.targets import Target

    class CutOff(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise ClientDisconnected()
            return super().read(1024)

    result = operations.add_files(forum, Target("forum", None, "", ""), [(CutOff(pdf_bytes(5)), "deck.pdf")],
                                  {"visibility": "public"}, None)
    assert result.added == []
    assert "deck.pdf" in result.refused[0]
    assert "interrupted" in result.refused[0]
    assert count(db, Document) == 0
    assert count(db, StoredFile) == 0


def test_a_link_needs_a_title(client, login, mai, forum, db):
    login(mai)
    response = client.post("/forums/kl-2027/documents/new", data={"visibility": "public",
                                                                 "url": "https://example.org/recording"})
    assert response.status_code == 422
    assert "Give the link a title." in response.get_data(as_text=True)
    response = client.post("/forums/kl-2027/documents/new", data={
        "visibility": "public", "url": "https://example.org/recording", "title": "Recording of day 1"})
    assert response.status_code == 302
    assert 'href="https://example.org/recording"' in client.get("/forums/kl-2027/").get_data(as_text=True)


def test_replacing_a_file_keeps_the_earlier_for_organisers_only(client, login, mai, forum, create_document,
                                                               create_user, add_role, db):
    document = create_document(forum, "Slides", content=pdf_bytes(1), filename="slides-v1.pdf")
    first = document.versions[0]
    login(mai)
    response = client.post(f"/forums/kl-2027/documents/{document.id}/edit", content_type="multipart/form-data",
                           data={"title": "Slides", "visibility": "public", "description": "",
                                 "file": (io.BytesIO(pdf_bytes(2)), "slides-v2.pdf")})
    assert response.status_code == 302
    edit = client.get(f"/forums/kl-2027/documents/{document.id}/edit").get_data(as_text=True)
    assert edit.index("slides-v2.pdf") < edit.index("slides-v1.pdf")  # newest first, both listed
    current = client.get(f"/forums/kl-2027/documents/{document.id}")
    assert current.data == pdf_bytes(2)
    assert "slides-v2.pdf" in current.headers["Content-Disposition"]
    earlier = client.get(f"/forums/kl-2027/documents/{document.id}/versions/{first.id}")
    assert earlier.status_code == 200
    assert earlier.data == pdf_bytes(1)
    participant = create_user(email="linh@example.org")
    add_role(forum, participant, "participant")
    login(participant)
    assert client.get(f"/forums/kl-2027/documents/{document.id}/versions/{first.id}").status_code == 403


def test_a_refused_replacement_keeps_the_document_as_it_was(client, login, mai, forum, create_document, db):
    document = create_document(forum, "Slides")
    login(mai)
    response = client.post(f"/forums/kl-2027/documents/{document.id}/edit", content_type="multipart/form-data",
                           data={"title": "Renamed", "visibility": "organisers", "description": "",
                                 "file": (io.BytesIO(HTML_AS_PDF), "fake.pdf")})
    assert response.status_code == 422
    assert "fake.pdf" in response.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(Document, document.id)
    assert (kept.title, kept.visibility, len(kept.versions)) == ("Slides", "public", 1)


def test_deleting_removes_the_document_and_its_versions(client, login, mai, forum, create_document, db):
    document = create_document(forum, "Old note")
    login(mai)
    assert client.post(f"/forums/kl-2027/documents/{document.id}/delete").status_code == 302
    assert count(db, Document) == 0
    assert count(db, DocumentVersion) == 0
    assert client.get(f"/forums/kl-2027/documents/{document.id}").status_code == 404


def test_forum_page_lists_100_documents_in_constant_queries(client, forum, create_document, db):
    create_document(forum, "Document 0")
    few = count_queries(db, lambda: client.get("/forums/kl-2027/"))
    for number in range(1, 100):
        create_document(forum, f"Document {number}", content=pdf_bytes(1 + number % 3),
                        filename=f"d{number}.pdf")
    page = client.get("/forums/kl-2027/").get_data(as_text=True)
    assert "Document 99" in page
    assert count_queries(db, lambda: client.get("/forums/kl-2027/")) == few


def test_programme_shows_each_items_materials_with_size_and_type(client, forum, create_item, create_document):
    item = create_item(forum, title="Panel: financing MSMEs")
    create_document(forum, "Slides by Dr Ben", target=f"item-{item.id}", filename="ben.pdf")
    page = client.get("/forums/kl-2027/agenda").get_data(as_text=True)
    materials = page[page.index(f'id="item-{item.id}"'):]
    assert "Slides by Dr Ben" in materials
    assert "PDF" in materials
    assert " KB" in materials


def test_programme_cache_changes_with_materials_and_never_leaks_organisers_files(
        client, login, mai, forum, create_item, create_document, db):
    item = create_item(forum, title="Opening panel")
    assert "Materials" not in client.get("/forums/kl-2027/agenda").get_data(as_text=True)
    create_document(forum, "Public slides", target=f"item-{item.id}")
    create_document(forum, "Speaker brief", visibility="organisers", target=f"item-{item.id}",
                    content=pdf_bytes(2), filename="brief.pdf")
    login(mai)
    assert "Speaker brief" in client.get("/forums/kl-2027/agenda").get_data(as_text=True)  # cached for organisers
    client.post("/account/signout")
    page = client.get("/forums/kl-2027/agenda").get_data(as_text=True)
    assert "Public slides" in page
    assert "Speaker brief" not in page


def test_participant_sees_participants_documents_on_their_home(client, login, forum, create_document,
                                                               create_registration, create_user, db):
    create_document(forum, "Logistics note for participants", visibility="participants")
    linh = create_user(email="linh@example.org", name="Phương Linh")
    create_registration(forum, user=linh, status="confirmed")
    login(linh)
    page = client.get("/forums/kl-2027/").get_data(as_text=True)
    assert "Logistics note for participants" in page


def test_document_title_in_the_forums_other_language(client, forum, create_document, db):
    from forumops.forums.versions import save_versions

    forum.languages = ["en", "vi"]
    document = create_document(forum, "Concept note")
    save_versions(forum, "vi", {("document", document.id, "title"): "Ghi chú khái niệm"})
    db.session.commit()
    page = client.get("/forums/kl-2027/?lang=vi").get_data(as_text=True)
    assert "Ghi chú khái niệm" in page


def test_every_upload_form_carries_a_csrf_token(csrf_app, client, login, mai, forum, create_document):
    document = create_document(forum)
    login(mai)
    for path in ("/forums/kl-2027/documents/new", f"/forums/kl-2027/documents/{document.id}/edit"):
        assert 'name="csrf_token"' in client.get(path).get_data(as_text=True)
    refused = upload(client, "/forums/kl-2027/documents/new", [("a.pdf", pdf_bytes())])
    assert refused.status_code in (400, 422)


def test_cluster_page_and_notes_editor_list_input_papers(client, login, mai, forum, create_cluster, create_notes,
                                                          create_document):
    cluster = create_cluster(forum, "MSME development")
    create_document(forum, "Input paper: MSME finance", target=f"cluster-{cluster.id}", filename="paper.pdf")
    notes = create_notes(cluster, status="draft", title="Breakout 1")
    assert "Input paper: MSME finance" in client.get(
        f"/forums/kl-2027/clusters/{cluster.id}").get_data(as_text=True)
    login(mai)
    editor = client.get(f"/forums/kl-2027/clusters/{cluster.id}/notes/{notes.id}/edit").get_data(as_text=True)
    assert "Input paper: MSME finance" in editor


def test_report_lists_its_public_annexes_on_the_web_and_in_the_pdf(client, login, mai, forum, create_document):
    import subprocess

    create_document(forum, "Annex A: list of participants' organisations", target="report", filename="annex-a.pdf")
    create_document(forum, "Draft annex", target="report", visibility="organisers", filename="draft.pdf",
                    content=pdf_bytes(2))
    login(mai)
    client.post("/forums/kl-2027/report/publish")
    page = client.get("/forums/kl-2027/report").get_data(as_text=True)
    assert "Annex A: list of participants" in page
    assert "Draft annex" not in page
    pdf = client.get("/forums/kl-2027/report.pdf").data
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Annexes" in text
    assert "/forums/kl-2027/documents/" in text


def test_pdf_programme_links_to_each_items_public_materials(client, forum, create_item, create_document):
    from pypdf import PdfReader

    item = create_item(forum, title="Panel on social enterprise")
    document = create_document(forum, "Slides: social enterprise", target=f"item-{item.id}")
    reader = PdfReader(io.BytesIO(client.get("/forums/kl-2027/agenda.pdf").data))
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages
             for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()]
    assert any(link.endswith(f"/forums/kl-2027/documents/{document.id}") for link in links)
    assert "Slides: social enterprise" in "".join(page.extract_text() for page in reader.pages)


def test_sizes_read_as_people_write_them(app):
    from forumops.core.numbers import GB, MB, human_size

    with app.test_request_context():
        assert human_size(300) == "1 KB"
        assert human_size(int(2.4 * MB)) == "2.4 MB"
        assert human_size(GB - 1000) == "1 GB"


def test_a_large_file_is_taken_with_the_form_token_checked(csrf_app, client, login, mai, forum, db):
    """The CSRF check reads the form before the view: the upload's larger limit must already hold then."""
    login(mai)
    page = client.get("/forums/kl-2027/documents/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    big = pdf_bytes() + b"%" + bytes(range(256)) * 24_576  # 6 MB: over the 4 MB every other form keeps
    response = upload(client, "/forums/kl-2027/documents/new", [("Deck.pdf", big)], csrf_token=token)
    assert response.status_code == 302
    assert count(db, Document) == 1
    plain = client.post("/account/", data={"csrf_token": token, "name": "x" * (5 * 1024 * 1024)})
    assert plain.status_code == 413  # a plain form keeps its 4 MB


def test_a_deleted_documents_contents_go_unless_another_still_uses_them(db, forum, create_document, app):
    from forumops.documents import operations

    shared = pdf_bytes(3)
    kept = create_document(forum, "Slides", content=shared)
    twin = create_document(forum, "The same slides", content=shared)
    alone = create_document(forum, "Minutes", content=pdf_bytes(5))
    with app.test_request_context():
        operations.delete_document(twin)
        operations.delete_document(alone)
    db.session.commit()
    assert count(db, StoredFile) == 1  # the shared file stays for "Slides"; the minutes' contents are gone
    assert db.session.scalar(select(StoredFile.id)) == kept.versions[0].stored_file_id


def test_a_download_says_when_its_file_was_stored(app, db, forum, create_document):
    from forumops.core.files import file_response

    document = create_document(forum)
    stored = document.versions[0].stored
    with app.test_request_context():
        first = file_response(stored, "a.pdf", public=True)
        first.close()
        again = file_response(stored, "a.pdf", public=True)  # served from this machine's copy the second time
        again.close()
    assert first.last_modified == again.last_modified == stored.created_at.replace(microsecond=0)
