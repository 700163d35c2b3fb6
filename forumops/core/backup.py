"""Consistent backups while the app takes writes, restores, and the integrity check after a restore.

SQLite: Python's sqlite3 online backup API copies the database in one step inside one read
transaction, so the copy is the database as it was at one instant (WAL lets writers carry on
meanwhile); never a file copy, which would miss what sits in the -wal file. The copy is turned into
a single self-contained file (journal_mode=DELETE), checked, made private (0600) and only then
moved to its name, so a half-written backup never looks like a backup.

PostgreSQL: `pg_dump -Fc`, one snapshot of the database, restored by `pg_restore --clean --if-exists
--no-owner --single-transaction` (all or nothing). The connection comes from the SQLAlchemy URL
through libpq's environment (PGHOST, PGUSER, PGPASSWORD...), so no password appears in any argv.

Functions take the engine's URL and paths, not an app, so the CLI, the tests and a cron job share them.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

PG_TIMEOUT = 60 * 60  # seconds: pg_dump or pg_restore of a large database, but never forever
SQLITE_BUSY_MS = 30_000  # a restore waits this long for writers to finish their transaction
_PG_ENV = {"host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
           "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
           "options": "PGOPTIONS", "application_name": "PGAPPNAME"}


class BackupError(Exception):
    """A backup or restore could not be made; the message says why in plain words."""


@dataclass
class IntegrityReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def check(self, passed: bool, message: str) -> None:
        self.ok = self.ok and passed
        self.lines.append(("ok    " if passed else "FAIL  ") + message)


def _url(url: str | URL) -> URL:
    return make_url(url) if isinstance(url, str) else url


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(url.database)


def backup_name(url: str | URL, now: datetime | None = None) -> str:
    """forumops-20270414-023000.sqlite (or .dump for pg_dump's custom format)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"forumops-{stamp}.{'sqlite' if _url(url).get_backend_name() == 'sqlite' else 'dump'}"


def backup_database(url: str | URL, target: str | Path) -> Path:
    """Write a consistent copy of the database to target (a file, or a folder to put a dated file in)."""
    url, target = _url(url), Path(target)
    if target.is_dir():
        target = target / backup_name(url)
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    # participants' personal data: readable by this account only from the first byte written. mkstemp
    # makes it empty, 0600 and under a name no other run uses (a killed run's leftover never blocks the
    # next); pg_dump then truncates it, SQLite takes an empty file as an empty database.
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        elif url.get_backend_name() == "postgresql":
            _run(pg_tool("pg_dump"), ["--format=custom", "--no-password", f"--file={partial}"], url)
        else:
            raise BackupError(f"No backup method for {url.get_backend_name()}.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_database(url: str | URL, source: str | Path) -> None:
    """Replace the database's contents with the backup's. The app may keep running; see README."""
    url, source = _url(url), Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(_sqlite_path(url), source)
    elif url.get_backend_name() == "postgresql":
        with open(source, "rb") as dump:
            magic = dump.read(5)  # not the whole dump into memory
        if magic != b"PGDMP":
            raise BackupError(f"{source} is not a pg_dump custom-format backup; nothing was changed.")
        _run(pg_tool("pg_restore"), ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                     "--no-password", f"--dbname={_conninfo_dbname(url)}", str(source)], url)
    else:
        raise BackupError(f"No restore method for {url.get_backend_name()}.")


def check_integrity(url: str | URL, migrations_dir: str | Path) -> IntegrityReport:
    """After a restore: SQLite's own checks, every table present, and the schema at the migrations' head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from ..extensions import db

    url, report = _url(url), IntegrityReport()
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    heads = set(ScriptDirectory.from_config(config).get_heads())
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if url.get_backend_name() == "sqlite":
                result = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
                report.check(result == ["ok"], "SQLite integrity_check: " + "; ".join(result[:5]))
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                report.check(not broken, f"foreign keys: {len(broken)} rows point at nothing"
                             + (f" (first in {broken[0][0]})" if broken else ""))
            tables = set(inspect(conn).get_table_names())
            missing = sorted(set(db.metadata.tables) - tables)
            report.check(not missing, "every table present" if not missing else f"tables missing: {missing}")
            revisions = set()
            if "alembic_version" in tables:
                revisions = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
            report.check(revisions == heads, f"schema revision {', '.join(sorted(revisions)) or 'none'}"
                         + (" is the migrations' head" if revisions == heads
                            else f", head is {', '.join(sorted(heads))}: run `flask db upgrade`"))
            if "registrations" in tables:
                count = conn.execute(text("SELECT count(*) FROM registrations")).scalar_one()
                report.lines.append(f"      {count} registrations")
    except Exception as error:  # an unreadable database is a failed check, said in one line
        report.check(False, f"database could not be read: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        engine.dispose()
    return report


# --- SQLite -------------------------------------------------------------------------------------------

def _sqlite_backup(path: Path, partial: Path) -> None:
    if not path.is_file():
        raise BackupError(f"The database file {path} does not exist.")
    source = sqlite3.connect(path)
    try:
        source.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # pages=-1: the whole database in one step, one read transaction
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup failed: {error}") from error
    finally:
        source.close()
    if result != ["ok"]:
        raise BackupError("The copy failed SQLite's integrity check: " + "; ".join(result[:5]))


def _sqlite_restore(path: Path, source_path: Path) -> None:
    """Through the backup API into the live file: other connections see the old database or the new one,
    never a mixture, and the -wal file is handled by SQLite itself."""
    try:
        source = sqlite3.connect(source_path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{source_path} cannot be opened: {error}") from error
    try:
        try:
            result = [row[0] for row in source.execute("PRAGMA integrity_check")]
            has_version = source.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source_path} is not a SQLite database ({error}); nothing was changed.") from error
        if result != ["ok"]:
            raise BackupError(f"{source_path} fails SQLite's integrity check; nothing was changed.")
        if not has_version:
            raise BackupError(f"{source_path} is not a ForumOps database (no alembic_version); nothing was changed.")
        live = sqlite3.connect(path)
        try:
            live.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            source.backup(live)
        except sqlite3.Error as error:
            raise BackupError(f"Restore into {path} failed: {error}") from error
        finally:
            live.close()
    finally:
        source.close()


# --- PostgreSQL ---------------------------------------------------------------------------------------

def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: FORUMOPS_PG_BIN, else PATH, else the newest /usr/lib/postgresql/*/bin.

    Both must be at least the server's version (pg_dump refuses a newer server).
    """
    folder = os.environ.get("FORUMOPS_PG_BIN")
    if folder and (Path(folder) / name).is_file():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: [int(part) if part.isdigit() else 0 for part in Path(p).parts[-3].split(".")])
    if versions:
        return versions[-1]
    raise BackupError(f"{name} not found: install PostgreSQL's client tools or set FORUMOPS_PG_BIN.")


def pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for this URL, on top of ours (so PGPASSFILE or a service file still work)."""
    env = dict(os.environ)
    values = {"host": url.host, "port": url.port, "user": url.username, "password": url.password,
              "dbname": url.database}
    for key, given in url.query.items():
        if key in _PG_ENV and given:
            values[key] = given if isinstance(given, str) else given[0]
    names = {**_PG_ENV, "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE"}
    for key, value in values.items():
        if value not in (None, ""):
            env[names[key]] = str(value)
    return env


def _conninfo_dbname(url: URL) -> str:
    """`dbname='name'` in libpq's quoting; host, user and password come from the environment."""
    name = (url.database or "").replace("\\", "\\\\").replace("'", "\\'")
    return f"dbname='{name}'"


def _run(tool: str, args: list[str], url: URL) -> None:
    try:
        done = subprocess.run([tool, *args], env=pg_environment(url), capture_output=True, text=True,
                              timeout=PG_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{Path(tool).name} could not run: {error}") from error
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{Path(tool).name} failed (exit {done.returncode}): " + " / ".join(message[-5:]))
