"""The page a download answers when a paper's code can no longer be printed (issuing.PaperCodeLost: the key codes
are derived under changed since it was issued). Registered as an error handler on the certificates and letters
blueprints, so every download path (a person's certificate or letter, the organisers' PDF, ZIP or letter) refuses
the same way instead of printing a code that verifies as never issued."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..core import permissions
from ..extensions import db
from ..forums.models import Forum
from .issuing import PaperCodeLost


def code_lost_page(error: PaperCodeLost):
    """503: for the forum's organisers, what happened and how the site's administrator puts it right; for the
    person, that nothing was downloaded and whom to write to. The error itself is logged by issuing.code_of."""
    forum = db.session.get(Forum, error.forum_id)
    organiser = forum is not None and permissions.can(current_user, "certificates.view_issued", forum)
    return render_template("certificates/code_lost.html", forum=forum, organiser=organiser), 503
