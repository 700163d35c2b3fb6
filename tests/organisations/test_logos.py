"""Logos: an organisation's (set by its forums' organisers or the administrator) and a forum's own, uploaded as
pictures only, stored without their metadata, shown on the forum page and served scaled with a long cache."""

from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import select

from forumops.core.files import FileChunk, StoredFile
from forumops.forums import operations as forum_operations
from forumops.organisations.models import OrganisationLogo

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'


def logo_png(size=(240, 120), colour=(20, 90, 160), gps: bool = False) -> bytes:
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "CameraMaker"
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.0)}  # where the photo was taken
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", exif=exif.tobytes())
    return out.getvalue()


def forum_with_partner(create_forum, create_user, name="Mekong Women Network"):
    mai = create_user(name="Mai")
    forum = create_forum(organiser=mai)
    partner = forum_operations.add_partner(forum, name, "co_organiser", "VN", "MWN")
    from forumops.extensions import db
    db.session.commit()
    return mai, forum, partner


def upload(client, url, content: bytes, filename: str, **extra):
    return client.post(url, data={"logo": (io.BytesIO(content), filename), "upload": "Upload logo", **extra},
                       content_type="multipart/form-data")


def stored_bytes(db, stored: StoredFile) -> bytes:
    return b"".join(db.session.scalars(select(FileChunk.data).filter_by(file_id=stored.id).order_by(FileChunk.seq)))


def test_organiser_uploads_a_partner_logo_stored_without_its_location(db, client, login, create_forum,
                                                                      create_user):
    mai, forum, partner = forum_with_partner(create_forum, create_user)
    login(mai)
    photo = logo_png(gps=True)
    assert b"CameraMaker" in photo
    url = f"/forums/{forum.slug}/partners/{partner.id}/logo"
    assert "No logo yet" in client.get(url).get_data(as_text=True)
    response = upload(client, url, photo, "../../etc/mwn logo.png")
    assert response.status_code == 302, response.get_data(as_text=True)
    logo = db.session.get(OrganisationLogo, partner.organisation_id)
    assert logo.filename == "mwn logo.png"
    content = stored_bytes(db, logo.stored_file)
    assert b"CameraMaker" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (240, 120)
        assert not image.getexif()

    page = client.get(f"/forums/{forum.slug}/").get_data(as_text=True)
    img = re.search(r'<img class="logo partner-logo" src="([^"]+)"[^>]*alt="Mekong Women Network"', page)
    assert img, page
    picture = client.get(img.group(1))
    assert picture.status_code == 200
    assert picture.mimetype == "image/png"
    assert picture.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in picture.headers["Cache-Control"]
    assert "immutable" in picture.headers["Cache-Control"]
    with Image.open(io.BytesIO(picture.data)) as scaled:
        assert max(scaled.size) == 160  # scaled on the server for its box
    again = client.get(img.group(1), headers={"If-None-Match": picture.headers["ETag"]})
    assert again.status_code == 304


def test_an_svg_is_refused_beside_the_field_and_nothing_is_kept(db, client, login, create_forum, create_user):
    mai, forum, partner = forum_with_partner(create_forum, create_user)
    login(mai)
    files_before = db.session.scalar(select(StoredFile.id).order_by(StoredFile.id.desc()).limit(1))
    response = upload(client, f"/forums/{forum.slug}/partners/{partner.id}/logo", SVG, "logo.svg")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'<p class="error-message" id="logo-error">([^<]+)</p>', page)
    assert error
    assert "logo.svg" in error.group(1)
    assert "SVG images are not accepted" in error.group(1)
    assert db.session.get(OrganisationLogo, partner.organisation_id) is None
    assert db.session.scalar(select(StoredFile.id).order_by(StoredFile.id.desc()).limit(1)) == files_before


def test_the_forum_logo_is_set_from_the_edit_page_and_an_svg_keeps_the_concept_note(db, client, login,
                                                                                   create_forum, create_user):
    mai = create_user(name="Mai")
    forum = create_forum(organiser=mai, title="Mekong Forum on Women's Livelihoods")
    login(mai)
    refused = upload(client, f"/forums/{forum.slug}/logo", SVG, "forum.svg")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert re.search(r'id="logo-error">[^<]*forum.svg', page)
    assert 'value="Mekong Forum on Women&#39;s Livelihoods"' in page  # the concept note's form, as saved
    assert upload(client, f"/forums/{forum.slug}/logo", logo_png(), "forum.png").status_code == 302
    detail = client.get(f"/forums/{forum.slug}/").get_data(as_text=True)
    assert re.search(r'<h1[^>]*class="with-logo"><img class="logo forum-logo" src="/logos/[0-9a-f]{64}-160.png"',
                     detail)
    removed = client.post(f"/forums/{forum.slug}/logo", data={"remove": "Remove logo"})
    assert removed.status_code == 302
    assert "forum-logo" not in client.get(f"/forums/{forum.slug}/").get_data(as_text=True)


def test_who_may_change_a_logo(db, client, login, create_forum, create_user, add_role):
    mai, forum, partner = forum_with_partner(create_forum, create_user)
    other = create_user(name="Other organiser")
    create_forum(organiser=other)
    facilitator = create_user(name="Ben")
    add_role(forum, facilitator, "facilitator")
    url = f"/forums/{forum.slug}/partners/{partner.id}/logo"
    for person in (other, facilitator):
        login(person)
        assert upload(client, url, logo_png(), "x.png").status_code == 403
    directory_url = f"/organisations/{partner.organisation_id}/logo"
    login(mai)  # an organiser changes their partners' logos, not the directory's
    assert client.get(directory_url).status_code == 403
    login(create_user(name="Admin", is_admin=True))
    assert upload(client, directory_url, logo_png(), "mwn.png").status_code == 302
    directory = client.get("/organisations/").get_data(as_text=True)
    assert 'alt="Mekong Women Network"' in directory


def test_only_logos_are_served_at_logo_addresses(db, client, create_forum, create_user):
    from forumops.core.uploads import store_upload

    _mai, forum, partner = forum_with_partner(create_forum, create_user)
    private = store_upload(io.BytesIO(logo_png(colour=(1, 2, 3))), "participant-photo.png")  # a document's image
    db.session.commit()
    assert client.get(f"/logos/{private.sha256}-160.png").status_code == 404
    forum_operations.set_forum_logo(forum, io.BytesIO(logo_png()), "f.png")
    db.session.commit()
    sha = forum.logo.stored_file.sha256
    assert client.get(f"/logos/{sha}-160.png").status_code == 200
    assert client.get(f"/logos/{sha}-161.png").status_code == 404  # only the sizes pages use: no resizing on demand


def test_a_logo_other_forums_show_is_not_changed_by_one_forums_organisers(db, client, login, create_forum,
                                                                            create_user):
    mai, forum, partner = forum_with_partner(create_forum, create_user)
    url = f"/forums/{forum.slug}/partners/{partner.id}/logo"
    login(mai)
    assert upload(client, url, logo_png(), "mwn.png").status_code == 302  # none yet: Mai gives it one
    first = db.session.get(OrganisationLogo, partner.organisation_id).stored_file_id
    other = create_user(name="Somchai")
    elsewhere = create_forum(organiser=other)
    forum_operations.add_partner(elsewhere, "Mekong Women Network", "partner", "VN", "MWN")
    db.session.commit()
    response = upload(client, url, logo_png(colour=(200, 0, 0)), "new.png")
    assert response.status_code == 422
    assert "only the site administrator can change it" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(OrganisationLogo, partner.organisation_id).stored_file_id == first
