"""Feedback on sessions in the demo: in the ASEAN Community Forum 2017 (concluded, with a programme and the days its
participants came recorded, see attendance.py) the participants rated the sessions of the days they came, some with a
comment, through the same operation the rating form uses, as of each session's end. So its organisers' feedback page
and its sessions' pages have something to show. A forum with any feedback already is left alone, so loading twice
adds nothing."""

from __future__ import annotations

from sqlalchemy import select

from ..evaluations.feedback_operations import save_feedback
from ..evaluations.feedback_queries import attended_item_ids, forum_feedback, forum_rating_count
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration

FORUM = "asean-community-forum-2017"
SESSIONS_RATED = 5  # the forum's first sessions; later ones stay unrated, as many are in real life
RATINGS = (5, 4, 4, 3, 5, 4, 2, 5, 4, 3)  # cycled through the people who came
COMMENTS = {
    0: "The examples from Thai and Philippine networks were the most useful part for our union.",
    3: "Too much time on slides; I would have liked more time for questions from the room.",
    5: "Clear and practical. Please share the presentation.",
    8: "Hearing how other organisations work with small enterprises gave me ideas for our own plan.",
}


def load_feedback(forums: dict[str, Forum]) -> None:
    """Ratings and comments of the forum's first sessions by the participants who attended them."""
    forum = forums.get(FORUM)
    if forum is None or forum_rating_count(forum) > 0:
        return
    sessions = [row.item for row in forum_feedback(forum)][:SESSIONS_RATED]
    people = list(db.session.scalars(select(Registration).where(
        Registration.forum_id == forum.id, Registration.status == "confirmed").order_by(Registration.id)))
    for person_index, person in enumerate(people):
        attended = attended_item_ids(forum, person)
        for session_index, item in enumerate(sessions):
            turn = person_index + session_index
            if item.id not in attended or turn % 4 == 3:  # about one in four who came did not rate it
                continue
            save_feedback(forum, person, item, RATINGS[turn % len(RATINGS)], COMMENTS.get(turn % 10, ""),
                          now=item.end_at)
    db.session.flush()
