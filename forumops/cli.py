"""`flask forumops ...` commands."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from .core.database import write_intent
from .extensions import db


class WritingGroup(AppGroup):
    """Every forumops command writes: its transactions take SQLite's write lock up front."""

    def invoke(self, ctx):
        with write_intent():
            return super().invoke(ctx)


forumops_cli = WritingGroup("forumops", help="ForumOps administration.")


@forumops_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database holds no forum yet.")
def demo_command(if_empty: bool) -> None:
    """Load the demo forums, organisations and accounts (safe to run twice)."""
    from .demo.loader import demo_logins, load_demo
    from .forums.models import Forum

    if if_empty and db.session.scalar(select(Forum.id).limit(1)) is not None:
        click.echo("Database already holds forums; demo not loaded.")
    else:
        created = load_demo()
        db.session.commit()
        click.echo("Demo loaded: " + ", ".join(f"{n} {k}" for k, n in created.items()))
    click.echo("\nDemo logins (sign in at /account/signin):")
    for email, password, roles in demo_logins():
        click.echo(f"  {email:<24} {password:<16} {roles}")


@forumops_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
def create_admin_command(email: str, name: str) -> None:
    """Create a site administrator (asks for the password)."""
    from .accounts.operations import create_user
    from .core.errors import FormError

    password = getpass.getpass("Password (8 characters or more): ")
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    try:
        create_user(name, email, password, is_admin=True, verified=True)  # typed by whoever runs the server
    except FormError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@forumops_cli.command("send-mail")
def send_mail_command() -> None:
    """Retry every queued email in the outbox (run from cron every few minutes)."""
    from .core.outbox import deliver_queued

    sent, pending = deliver_queued()
    click.echo(f"{sent} sent, {pending} still queued.")


@forumops_cli.command("prune")
def prune_command() -> None:
    """Delete expired sign-in throttle events and sessions, and links confirming an address long expired."""
    from sqlalchemy import delete

    from .accounts.models import UserSession
    from .accounts.operations import prune_throttle_events
    from .accounts.verification import prune_links
    from .core.models import utcnow

    events = prune_throttle_events()
    deleted = db.session.execute(delete(UserSession).where(UserSession.expires_at <= utcnow()))
    sessions = deleted.rowcount  # type: ignore[attr-defined]  # DML: a CursorResult
    links = prune_links()
    db.session.commit()
    click.echo(f"{events} throttle events, {sessions} expired sessions and {links} old address links deleted.")


@forumops_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Queue follow-up reminders for action plans whose progress report is due or late (run daily)."""
    from .core.outbox import deliver_queued
    from .followup.reminders import send_reminders

    queued = send_reminders()
    db.session.commit()
    sent, pending = deliver_queued()
    click.echo(f"{queued} reminders queued; {sent} emails sent, {pending} still queued.")


@forumops_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say what would be anonymised; change nothing.")
def purge_command(dry_run: bool) -> None:
    """Anonymise the participants of forums past their retention period (run daily; safe to repeat)."""
    from .privacy.operations import purge

    done = purge(dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    verb = "would anonymise" if dry_run else "anonymised"
    for plan, accounts in done:
        click.echo(f"{plan.forum.slug}: retention ended {plan.expired_on.isoformat()}; {verb} "
                   f"{len(plan.registrations)} registration(s)" + (f", {accounts} account(s)" if accounts else ""))
    total = sum(len(plan.registrations) for plan, _accounts in done)
    click.echo(f"{total} registration(s) {verb}." if done else "Nothing to purge: no forum is past its retention.")


@forumops_cli.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the database consistently while ForumOps runs (PATH: a file, or a folder for a dated file)."""
    from .core.backup import BackupError, backup_database

    try:
        written = backup_database(db.engine.url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {written} ({written.stat().st_size:,} bytes).")


@forumops_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database's contents.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's contents with a backup, then check the result."""
    from flask import current_app

    from .core.backup import BackupError, check_integrity, restore_database

    url = db.engine.url
    if not yes:
        click.confirm(f"Replace everything in {url.render_as_string(hide_password=True)} with {path}?",
                      abort=True)
    db.session.remove()
    db.engine.dispose()  # this process holds no connection (or lock) while the data is replaced
    try:
        restore_database(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path}. Checking the database:")
    report = check_integrity(url, current_app.extensions["migrate"].directory)
    for line in report.lines:
        click.echo("  " + line)
    if not report.ok:
        raise click.ClickException("The restored database failed a check (above).")
    click.echo("Integrity check passed.")
