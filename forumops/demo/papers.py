"""Certificates and letters in the demo. The Hanoi training's certificate of attendance is published to everyone
who came at least two of its three days (Phương Linh downloads hers), signed by its director with a signature
image; the ASEAN Community Forum 2027 offers invitation letters, and Sopheak's request (for his employer's
approval) waits for Mai.
What is there already is left alone, so loading twice adds nothing."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from sqlalchemy import select

from ..accounts.models import User
from ..certificates import operations as certificates
from ..certificates import queries as certificate_queries
from ..certificates.letters import operations as letters
from ..certificates.letters import queries as letter_queries
from ..certificates.letters.text import default_texts
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .attendance import TRAINING

COMMUNITY_FORUM = "asean-community-forum-2027"
ORGANISER = "mai@example.org"


def signature_png(seed: int) -> bytes:
    """A hand-drawn-looking signature: a few joined loops in dark blue ink on a transparent ground."""
    image = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    points = [(30 + i * 14, 95 + ((i * (7 + seed)) % 23) * (-1) ** i * 2) for i in range(30)]
    pen.line(points, fill=(24, 39, 110, 255), width=5, joint="curve")
    pen.line([(60, 120), (420, 112)], fill=(24, 39, 110, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _certificate(forum: Forum, organiser: User) -> None:
    if certificate_queries.get_template(forum) is not None:
        return
    director = certificates.add_signatory(
        forum, {"name": "Dr Nguyễn Văn Hùng", "title": "Director, Institute for Local Economic Development"},
        (io.BytesIO(signature_png(1)), "signature-director.png"))
    certificates.save_design(forum, {
        "title": "Certificate of attendance",
        "body": "This is to certify that {name} of {organisation} took part in {forum}, held in Hanoi on {dates}, "
                "and attended {days_attended} of its {days_total} days.",
        "signatories": [director.id], "logos": ["forum"]}, ["forum"] if forum.logo is not None else [])
    certificates.save_recipients(forum, "days", 2, [], [])
    certificates.publish(forum, organiser)


def _letters(forum: Forum) -> None:
    settings = letter_queries.get_settings(forum)
    if settings.is_open:
        return
    signer = certificates.add_signatory(
        forum, {"name": "Ms Shinta Dewi", "title": "Programme Director, ASEAN Foundation"},
        (io.BytesIO(signature_png(2)), "signature-shinta.png"))
    subject, body = default_texts()
    letters.save_settings(forum, {"is_open": True, "subject": str(subject), "body": str(body),
                                  "with_forum_logo": forum.logo is not None, "partner_logo_ids": [],
                                  "signatory_id": signer.id})
    sopheak = db.session.scalar(select(Registration).where(Registration.forum_id == forum.id,
                                                           Registration.email == "sopheak@example.org"))
    if sopheak is not None and sopheak.status in ("confirmed", "pending"):
        letters.submit_request(forum, sopheak, {
            "purpose": "employer", "passport_name": "SOK SOPHEAK", "nationality": "KH", "passport_number": "",
            "birth_date": None, "authority_name": "The Board, Cambodia Women Entrepreneur Association",
            "authority_address": "Phnom Penh, Cambodia", "language": sopheak.language or "en"})


def load_papers(forums: dict[str, Forum], users: dict[str, User]) -> None:
    """The demo's certificate and letters, where their forums are loaded."""
    organiser = users.get(ORGANISER)
    if TRAINING in forums and organiser is not None:
        _certificate(forums[TRAINING], organiser)
    if COMMUNITY_FORUM in forums:
        _letters(forums[COMMUNITY_FORUM])
