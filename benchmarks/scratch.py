"""What the benchmarks that run the app in-process share: the scratch database they fill, chosen before config.py
is imported (config reads the URL when it is imported), and a count of the SQL statements a request sends.

    from scratch import StatementCounter, use_scratch_database
    use_scratch_database()   # first: before config, forumops and SQLAlchemy are imported

A temporary SQLite file, removed at exit, unless FORUMOPS_BENCH_DATABASE_URL names a PostgreSQL database, which
is then wiped as the test suite wipes its own: give it a scratch database.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def use_scratch_database() -> str:
    """Point the app's test configuration at the benchmark's database; the URL it uses."""
    folder = tempfile.mkdtemp(prefix="forumops-bench-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = os.environ.get("FORUMOPS_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    os.environ["FORUMOPS_TEST_DATABASE_URL"] = url
    return url


class StatementCounter:
    """SQL statements sent while a function runs (the engine's before_cursor_execute event)."""

    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def _seen(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)

    def __call__(self, fn) -> int:
        """Run fn; how many statements it sent (they are kept in .statements)."""
        from sqlalchemy import event

        self.statements = []
        event.listen(self.engine, "before_cursor_execute", self._seen)
        try:
            fn()
        finally:
            event.remove(self.engine, "before_cursor_execute", self._seen)
        return len(self.statements)

    def count(self, fn) -> tuple[int, list[str]]:
        """Run fn; how many statements it sent, and which."""
        return self(fn), list(self.statements)
