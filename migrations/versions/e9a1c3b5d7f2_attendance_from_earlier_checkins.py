"""Attendance: each registration checked in before attendance was kept day by day gets its day of arrival

Revision ID: e9a1c3b5d7f2
Revises: d8f2a4c6e1b3
Create Date: 2026-12-12 09:00:00.000000

"""
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = 'e9a1c3b5d7f2'
down_revision = 'd8f2a4c6e1b3'
branch_labels = None
depends_on = None


def upgrade():
    # The day is the arrival's date in the forum's own time zone, as the desk counts it now; the arrival time is
    # copied as it is. Registrations that already have a day are left alone.
    bind = op.get_bind()
    arrivals = bind.execute(sa.text(
        "SELECT r.id, r.checked_in_at, f.timezone FROM registrations r JOIN forums f ON f.id = r.forum_id "
        "WHERE r.checked_in_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM attendance_days a WHERE a.registration_id = r.id)"
    ).columns(sa.column("id", sa.Integer), sa.column("checked_in_at", sa.DateTime(timezone=True)),
              sa.column("timezone", sa.String))).all()
    insert = sa.text(
        "INSERT INTO attendance_days (forum_id, registration_id, day, arrived_at) "
        "SELECT forum_id, id, :day, checked_in_at FROM registrations WHERE id = :id"
    ).bindparams(sa.bindparam("day", type_=sa.Date))
    for registration_id, arrived, timezone in arrivals:
        if arrived.tzinfo is None:  # SQLite keeps UTC without its zone
            arrived = arrived.replace(tzinfo=UTC)
        bind.execute(insert, {"id": registration_id, "day": arrived.astimezone(ZoneInfo(timezone)).date()})


def downgrade():
    pass  # the days stay: they are true, and the desk would have written them
