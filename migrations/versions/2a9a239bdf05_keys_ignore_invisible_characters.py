"""keys ignore invisible characters

The directory's and the series' matching keys (name_key) now leave out invisible format characters
(zero-width space, joiners, soft hyphen, byte-order mark, direction marks), so "Mekong<ZWSP>Institute"
pasted from a web page finds "MekongInstitute". This recomputes the stored keys.

Data only, and nothing is merged: an entry whose new key another entry (same country, for
organisations) already has, or takes first in id order, keeps its old key. So every existing link
stays as it is and the migration cannot fail on the unique constraints. New registrations match the
entry holding the new key; an entry left on its old key is no longer matched by name (nor found by a
directory search typed without the invisible characters), but keeps everything linked to it. The key function is copied here as it is at this revision:
a migration must not change meaning when the application's code changes later.

Revision ID: 2a9a239bdf05
Revises: a61146f0e5b3
Create Date: 2026-11-23 05:57:14.403431

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2a9a239bdf05'
down_revision = 'a61146f0e5b3'
branch_labels = None
depends_on = None

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _key(name):
    text = unicodedata.normalize("NFC", _CONTROL.sub("", (name or "").replace("\r", " ").replace("\n", " ")))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFC", " ".join(text.casefold().split()))


def _rekey(table, scope):
    """New keys for `table` (rows of id, name, name_key and the `scope` columns the key is unique within)."""
    conn = op.get_bind()
    columns = ", ".join(("id", "name", "name_key", *scope))
    rows = conn.execute(sa.text(f"SELECT {columns} FROM {table} ORDER BY id")).all()
    taken = {(row.name_key, *(getattr(row, c) for c in scope)) for row in rows}
    for row in rows:
        key = _key(row.name)
        if key == row.name_key:
            continue
        scoped = (key, *(getattr(row, c) for c in scope))
        if scoped in taken:
            continue  # another entry already answers to this key: this one keeps its old key
        taken.discard((row.name_key, *(getattr(row, c) for c in scope)))
        taken.add(scoped)
        conn.execute(sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id"), {"key": key, "id": row.id})


def upgrade():
    _rekey("organisations", ("country",))
    _rekey("forum_series", ())


def downgrade():
    pass  # the old keys only held extra invisible characters; the new ones match the same names and more
