"""Config, migrations, SQLite locking, text cleaning, organisations, demo data, error pages."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from forumops.core.text import clean_line, render_markdown
from forumops.extensions import db as _db


def test_production_refuses_default_or_missing_secret(monkeypatch):
    import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", config.DEFAULT_SECRET)
    with pytest.raises(RuntimeError, match="FORUMOPS_SECRET_KEY"):
        config.ProductionConfig.validate()
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "")
    with pytest.raises(RuntimeError, match="FORUMOPS_SECRET_KEY"):
        config.ProductionConfig.validate()
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "k" * 64)
    monkeypatch.setattr(config.ProductionConfig, "DEBUG", True)
    with pytest.raises(RuntimeError, match="DEBUG"):
        config.ProductionConfig.validate()
    monkeypatch.setattr(config.ProductionConfig, "DEBUG", False)
    config.ProductionConfig.validate()
    assert config.ProductionConfig.SESSION_COOKIE_SECURE is True


def test_settings_come_from_forumops_environment_variables(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("FORUMOPS_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1:5432/x")
    monkeypatch.setenv("FORUMOPS_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("FORUMOPS_BASE_URL", "https://forums.example.org")
    monkeypatch.setenv("FORUMOPS_SECRET_KEY", "s" * 40)
    try:
        reloaded = importlib.reload(config)
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")
        assert reloaded.Config.MAIL_SERVER == "smtp.example.org"
        assert reloaded.Config.BASE_URL == "https://forums.example.org"
        assert reloaded.Config.SECRET_KEY == "s" * 40
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_migrations_match_the_models(app):
    """Autogenerate finds nothing to do after `flask db upgrade`: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, _db.metadata)
    assert diff == []


def test_sqlite_connection_settings(app):
    if _db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite; PostgreSQL runs test_postgres_row_lock")
    with _db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_what_a_test_commits_stays_in_its_own_transaction(db, create_user, client):
    """The db fixture rolls each test back: a commit, the app's own included, releases a savepoint inside
    the test's transaction, so another connection sees none of it and nothing outlives the test."""
    from forumops.accounts.models import User

    def count(connection) -> int:
        return connection.scalar(select(func.count(User.id)).where(User.email.like("%@rolled-back.example.org")))

    create_user(email="factory@rolled-back.example.org")
    response = client.post("/account/signup", data={  # a write request: the app commits it
        "name": "Sok Sopheak", "email": "signup@rolled-back.example.org",
        "password": "a long passphrase", "confirm": "a long passphrase"})
    assert response.status_code == 302
    assert count(db.session.connection()) == 2
    with db.engine.connect() as other:
        assert count(other) == 0


def test_foreign_keys_are_enforced(app, db):
    from sqlalchemy.exc import IntegrityError

    from forumops.forums.models import ForumMember

    db.session.add(ForumMember(forum_id=424242, user_id=434343, role="participant"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_check_constraint_on_dates(app, db, create_forum):
    from sqlalchemy.exc import IntegrityError

    forum = create_forum()
    forum.end_date = forum.start_date.replace(year=forum.start_date.year - 1)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.commits  # 20 threads, each on its own connection
def test_concurrent_writers_never_oversell(app, db, create_forum):
    """20 threads each read a count and insert if under 5: with our write locking exactly 5 get in.

    This is the read-count-then-write pattern registration uses. On SQLite the write transaction
    begins IMMEDIATE; on PostgreSQL the forum row is locked FOR UPDATE before counting.
    """
    from forumops.accounts.operations import create_user
    from forumops.core.database import lock_for_update
    from forumops.forums.models import Forum, ForumMember

    forum = create_forum(slug="five-seats")
    users = [create_user(f"P {i}", f"p{i}@example.org", "password123") for i in range(20)]
    db.session.commit()
    forum_id, user_ids = forum.id, [u.id for u in users]
    db.session.rollback()  # this thread holds no transaction while the others race
    barrier = threading.Barrier(20)
    errors = []

    def register(user_id):
        with app.app_context():
            try:
                barrier.wait()
                with app.test_request_context(method="POST"):  # a write request: BEGIN IMMEDIATE
                    _db.session.scalar(lock_for_update(select(Forum).where(Forum.id == forum_id)))
                    taken = _db.session.scalar(select(func.count(ForumMember.id)).where(
                        ForumMember.forum_id == forum_id, ForumMember.role == "participant"))
                    if taken < 5:
                        _db.session.add(ForumMember(forum_id=forum_id, user_id=user_id, role="participant"))
                    _db.session.commit()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(exc))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=register, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    confirmed = db.session.scalar(select(func.count(ForumMember.id)).where(ForumMember.role == "participant"))
    assert confirmed == 5


@pytest.mark.commits  # 12 threads, each on its own connection
def test_without_the_write_lock_the_same_race_oversells(app, db, create_forum):
    """Control run: the test above would catch an oversell. Deferred transactions, no row lock."""
    from forumops.forums.models import ForumMember

    forum = create_forum(slug="control")
    engine = _db.engine
    if engine.dialect.name == "sqlite":
        from sqlalchemy import create_engine

        url = engine.url
        raw = create_engine(url, connect_args={"timeout": 10})  # stock pysqlite: deferred BEGIN
    else:
        raw = engine
    forum_id = forum.id
    from forumops.accounts.operations import create_user

    user_ids = [create_user(f"C {i}", f"c{i}@example.org", "password123").id for i in range(12)]
    db.session.commit()
    db.session.rollback()
    barrier = threading.Barrier(12)
    outcomes = []

    def register(user_id):
        try:
            with raw.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL") if raw.dialect.name == "sqlite" else None
                barrier.wait()
                taken = conn.execute(text(
                    "SELECT count(*) FROM forum_members WHERE forum_id = :f AND role = 'participant'"),
                    {"f": forum_id}).scalar()
                barrier.wait()  # everyone has counted before anyone writes
                if taken < 5:
                    conn.execute(text("INSERT INTO forum_members (forum_id, user_id, role) "
                                      "VALUES (:f, :u, 'participant')"), {"f": forum_id, "u": user_id})
                conn.commit()
                outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=register, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    confirmed = db.session.scalar(
        select(func.count()).select_from(ForumMember).where(ForumMember.role == "participant"))
    assert confirmed > 5, outcomes  # the unprotected pattern lets more than five in


def test_clean_line_and_markdown():
    assert clean_line("  Nguye\u0302\u0303n \t Linh\u202e ") == "Nguyễn Linh"
    html = str(render_markdown("[ok](https://example.org) [mail](mailto:a@example.org) [bad](javascript:x) "
                               "<img src=x onerror=alert(1)> ![i](https://example.org/i.png)"))
    assert 'href="https://example.org"' in html
    assert 'href="mailto:a@example.org"' in html
    assert "javascript:" not in html.replace("[bad](javascript:x)", "")
    assert "<img" not in html
    assert "&lt;img" in html
    assert "onerror" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def test_organisations_are_one_per_name_and_country(db):
    from forumops.organisations.models import Organisation
    from forumops.organisations.operations import find_or_create_organisation

    a = find_or_create_organisation("Vietnam Women\u2019s Union", country="VN", type="cso")
    b = find_or_create_organisation("VIETNAM WOMEN\u2019S  UNION", country="VN")
    c = find_or_create_organisation("Vietnam Women\u2019s Union", country="LA")
    nfd = find_or_create_organisation("Hội Liên hiệp Phụ nữ Việt Nam", country="VN")
    decomposed = "Ho\u0323\u0302i Lie\u0302n hie\u0323\u0302p Phu\u0323 nu\u031b\u0303 Vie\u0323\u0302t Nam"
    nfc = find_or_create_organisation(decomposed, country="VN")
    db.session.commit()
    assert a.id == b.id
    assert a.id != c.id
    assert nfd.id == nfc.id
    assert db.session.scalar(select(func.count(Organisation.id))) == 3


def test_country_choices_put_asean_and_timor_leste_first():
    from forumops.core.reference import ASEAN_FIRST, country_choices

    codes = [code for code, _ in country_choices("en")]
    assert tuple(codes[:11]) == ASEAN_FIRST
    assert dict(country_choices("en"))["VN"] == "Viet Nam"  # ISO 3166 name
    assert "FR" in codes
    assert len(codes) > 240


def test_demo_loads_seed_forums_and_is_safe_twice(app, db):
    from forumops.demo.loader import load_demo
    from forumops.forums.models import Forum
    from forumops.organisations.models import Organisation

    first = load_demo()
    db.session.commit()
    second = load_demo()
    db.session.commit()
    assert first["forums"] >= 2
    assert second == {"organisations": 0, "forums": 0, "users": 0}
    acf = db.session.scalar(select(Forum).where(Forum.slug == "asean-community-forum-2017"))
    assert [t.lower() for t in acf.themes] == ["women empowerment", "rural development", "msme development"]
    cso_count = db.session.scalar(select(func.count(Organisation.id)).where(
        Organisation.type.in_(["cso", "ngo", "coop_social_enterprise"])))
    assert cso_count >= 45
    from forumops.clusters.models import ClusterNotes, ForumRecommendation

    msme_notes = db.session.scalar(select(ClusterNotes).where(ClusterNotes.title.like("MSME%")))
    assert msme_notes.status == "published"
    assert any("SME Academy" in finding for finding in msme_notes.content["findings"])
    assert {r["text"] for r in msme_notes.content["recommendations"]} >= {
        "Improve market access for micro, small and medium enterprises.",
        "Advocate for more business-friendly government regulations for MSMEs."}
    adopted = db.session.scalars(select(ForumRecommendation).where(ForumRecommendation.status == "adopted")).all()
    assert len(adopted) == 3
    assert all(r.sources for r in adopted)
    kl = db.session.scalar(select(Forum).where(Forum.slug == "solidarity-economy-forum-kl-2015"))
    assert "08.00-09.00" in kl.programme_outline
    assert "17.00-17.30" in kl.programme_outline
    assert kl.venue_city == "Kuala Lumpur"


def test_demo_command_prints_logins(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["forumops", "demo"])
    assert result.exit_code == 0, result.output
    assert "mai@example.org" in result.output
    assert "forumops-demo" in result.output
    again = runner.invoke(args=["forumops", "demo", "--if-empty"])
    assert "already holds forums" in again.output


def test_error_pages_are_friendly(client):
    response = client.get("/forums/no-such-forum/")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert "<main" in page


def test_unexpected_error_is_a_friendly_500_and_rolls_back(app, client, monkeypatch):
    from forumops.forums import queries

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "list_public_forums", boom)
    response = client.get("/forums/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/forums/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
