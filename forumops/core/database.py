"""Engine set-up: SQLite pragmas and BEGIN IMMEDIATE for writes; PostgreSQL needs nothing special."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from flask import Flask, g, has_request_context, request
from sqlalchemy import bindparam, column, event, inspect, select, table

from ..extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_write_intent: ContextVar[bool] = ContextVar("forumops_write_intent", default=False)
_reads_first: ContextVar[bool] = ContextVar("forumops_reads_first", default=False)


@contextmanager
def write_intent() -> Iterator[None]:
    """Outside a request (CLI commands, jobs), mark transactions begun inside as writes."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


@contextmanager
def reads_before_writes() -> Iterator[None]:
    """Outside a request (the worker's long jobs), what defer_write_lock() is to a request: transactions
    begun inside read without SQLite's write lock and take it with take_write_lock() (lock_forum does) just
    before they write, so a job of many short transactions leaves the lock free while it prepares each."""
    token = _reads_first.set(True)
    try:
        yield
    finally:
        _reads_first.reset(token)


def _lock_deferred() -> bool:
    return bool(_reads_first.get() or (has_request_context() and g.get("defer_write_lock")))


def wants_write_lock() -> bool:
    """Writes take SQLite's write lock up front: any non-GET request, or code under write_intent().

    A deferred transaction that reads and then writes can fail with "database is locked" when
    another writer got in between; BEGIN IMMEDIATE waits for the lock (busy timeout) instead,
    which is what keeps capacity counts honest. Reads stay deferred so pages never queue, and so
    does idle code outside a request, which would otherwise hold the write lock while it thinks.
    """
    if _write_intent.get():
        return True
    if _reads_first.get():
        return False
    if has_request_context():
        return request.method not in SAFE_METHODS and not g.get("defer_write_lock")
    return False


def defer_write_lock() -> None:
    """This request reads first and takes the write lock itself, with take_write_lock(), just before it writes.

    For a hot write path (the public registration POST): its form building and validation then run beside
    other writers instead of queueing behind SQLite's single write lock. BaseView clears the flag after
    the request's commit.
    """
    g.defer_write_lock = True


def take_write_lock() -> None:
    """In a request that deferred the write lock (defer_write_lock), take it now, before the first write:
    on SQLite, end the read-only snapshot and BEGIN IMMEDIATE, which waits (busy timeout) for other
    writers, so everything decided after this call sees every earlier commit.

    Everywhere else it is a no-op: write requests and commands already hold the lock from their first
    statement, PostgreSQL serialises writers on rows (lock_for_update). Objects read before the call stay
    in the session: re-read what a decision depends on (populate_existing).
    """
    if not _lock_deferred() or db.engine.dialect.name != "sqlite":
        return
    connection = db.session.connection()
    if connection.info.get("write_lock"):
        return
    if db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("take_write_lock() must come before the transaction's first write")
    connection.exec_driver_sql("COMMIT")  # the request has only read so far: this ends the read snapshot
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    connection.info["write_lock"] = True


def lock_forum(forum_id: int) -> None:
    """Serialise the writers of one forum that count or compare before they write (seats, cluster places,
    the report's version): on SQLite the database's write lock (taken now when the request deferred it,
    see take_write_lock), on PostgreSQL the forum's row, SELECT ... FOR UPDATE, until the commit.

    Whatever is read after this call is as committed now: make the decision on that, not on earlier reads.
    """
    if db.engine.dialect.name == "sqlite":
        take_write_lock()
    else:
        db.session.execute(_forum_row_for_update(), {"forum_id": forum_id})


@cache  # it runs under the lock on every seat decision: built once (building a select costs more than running it)
def _forum_row_for_update():
    forums = table("forums", column("id"))
    return select(forums.c.id).where(forums.c.id == bindparam("forum_id")).with_for_update()


def keep_despite_rollback(row) -> None:
    """A row that stands whatever becomes of this request: an attempt counted against password guessing
    stays counted when the sign-in form is refused. When the base view rolls the request back (a refused
    form, an answer of 400 or more), it writes a copy of the row again, in a transaction of its own.
    Outside a request it does nothing: there the caller commits or rolls back itself."""
    if has_request_context():
        g.setdefault("kept_rows", []).append(row)


def write_kept_rows() -> None:
    """After a request's rollback: write again what keep_despite_rollback() named, and commit it.

    Copies without their primary key: the rolled-back ids may be taken by another writer meanwhile.
    """
    rows = g.pop("kept_rows", []) if has_request_context() else []
    if not rows:
        return
    for row in rows:
        mapper = inspect(row).mapper
        db.session.add(type(row)(**{attr.key: getattr(row, attr.key) for attr in mapper.column_attrs
                                    if not any(column.primary_key for column in attr.columns)}))
    db.session.commit()


def configure_sqlite(app: Flask) -> None:
    """Turn pysqlite's implicit transactions off and emit our own BEGIN, with WAL and FK on."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    busy_ms = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 10000))

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = wants_write_lock()
        connection.info["write_lock"] = immediate
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _dialect_insert():
    """The INSERT with ON CONFLICT of the database in use (PostgreSQL's or SQLite's)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def insert_if_absent(model, values: dict, unique: list[str]) -> bool:
    """INSERT ... ON CONFLICT (unique) DO NOTHING, for rows that two requests may write at once (the
    organisation directory, a person's arrival on a day scanned at two desks). True when this call inserted.

    Each forum's seat lock serialises only that forum: on PostgreSQL two forums' registrations can create
    the same new directory entry at once. The second INSERT then waits for the first transaction and
    inserts nothing, where a plain INSERT would fail the request on the unique index. Read the row after.
    """
    insert = _dialect_insert()
    # RETURNING says whether a row was written: rowcount is not reliable for ON CONFLICT on every driver
    # (psycopg counted the statement that inserted nothing as one row)
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=unique)
    return db.session.execute(statement.returning(*model.__table__.primary_key.columns)).first() is not None


def insert_all_if_absent(model, rows: list[dict], unique: list[str]) -> set[tuple]:
    """insert_if_absent for many rows in one statement: INSERT ... VALUES (...), (...) ON CONFLICT (unique) DO
    NOTHING RETURNING the unique columns. The set of `unique` values (tuples, in that order) this call wrote.

    The rows are written in key order, so two transactions writing overlapping rows at once take their locks in
    the same order and never deadlock (PostgreSQL makes the second wait; SQLite has one writer). No two rows may
    share a key. At most a few hundred rows: every value is a bound parameter.
    """
    if not rows:
        return set()
    ordered = sorted(rows, key=lambda row: tuple(row[key] for key in unique))
    statement = (_dialect_insert()(model).values(ordered).on_conflict_do_nothing(index_elements=unique)
                 .returning(*(getattr(model, key) for key in unique)))
    return {tuple(row) for row in db.session.execute(statement)}


def count_up(model, rows: list[dict], keys: list[str], counter: str = "n") -> None:
    """Add one to `counter` of each row (its `keys` columns), writing it with 1 where it is new: an
    INSERT ... ON CONFLICT (keys) DO UPDATE SET counter = counter + 1 executed for every row, so two requests
    counting into the same row at once both count (PostgreSQL makes the second wait for the first; SQLite has
    one writer). The rows are written in key order, so two transactions counting into the same rows lock them
    in the same order: no deadlock.
    """
    if not rows:
        return
    statement = _dialect_insert()(model).on_conflict_do_update(
        index_elements=keys, set_={counter: getattr(model, counter) + 1})
    ordered = sorted(rows, key=lambda row: tuple(row[key] for key in keys))
    # one statement, compiled once and cached, executed for each row (executemany)
    db.session.execute(statement, [{**row, counter: 1} for row in ordered])


def lock_for_update(query):
    """Serialise writers on a row: SELECT ... FOR UPDATE on PostgreSQL.

    On SQLite the whole write transaction already holds the database's write lock
    (BEGIN IMMEDIATE), so the plain SELECT is enough.
    """
    if db.engine.dialect.name == "sqlite":
        return query
    return query.with_for_update()


def rebuild_schema(app: Flask) -> None:
    """Drop every table of a throwaway database, then build the schema from the migrations.

    For the test suite and the benchmarks only: it destroys all data. Going through the migrations
    (not create_all) means every run also proves they build the schema from nothing.
    """
    from flask_migrate import upgrade
    from sqlalchemy import text

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            with engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


def database_unavailable(error: BaseException) -> bool:
    """The database could not be reached, or its lock was not granted in time: a 503 to retry, not a bug.

    On SQLite only "locked", "busy" and "cannot open" count (its OperationalError also means a bad
    statement, which stays a 500); on PostgreSQL every OperationalError is about the server or the
    connection (refused, dropped, lock or statement timeout), and a bad statement is a ProgrammingError.
    """
    import sqlite3

    from sqlalchemy.exc import DBAPIError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    if isinstance(error.orig, sqlite3.Error):
        message = str(error.orig).lower()
        return any(word in message for word in ("locked", "busy", "unable to open", "disk i/o"))
    return True
