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


@forumops_cli.command("worker")
@click.option("--once", is_flag=True, help="One pass (due jobs, then every due message), then exit.")
def worker_command(once: bool) -> None:
    """Send the outbox and run the periodic jobs until stopped; replaces cron. SIGTERM or Ctrl+C finish the
    message being sent, then stop."""
    from flask import current_app

    from .core.worker import Worker

    worker = Worker(current_app._get_current_object())  # type: ignore[attr-defined]  # the proxied app
    if once:
        outcome = worker.run_pass()
        click.echo(f"{outcome.sent} sent, {outcome.failed} failed attempts.")
        return
    if not current_app.config["MAIL_SERVER"]:
        click.echo("FORUMOPS_MAIL_SERVER is empty: mail stays in the outbox; jobs still run.")
    worker.install_signal_handlers()
    worker.run_forever()


@forumops_cli.command("jobs")
def jobs_command() -> None:
    """List the periodic jobs the worker runs, with their last run."""
    from .core.jobs import JobRun, registered_jobs

    runs = {run.name: run for run in db.session.scalars(select(JobRun))}
    for job in registered_jobs():
        run = runs.get(job.name)
        finished = run.last_finished_at.strftime("%Y-%m-%d %H:%M UTC") if run and run.last_finished_at else "never"
        detail = (f"failed: {run.last_error}" if run.last_error else run.last_result) if run else ""
        click.echo(f"{job.name:<24} every {job.every}  last done {finished}  {detail}".rstrip())


def _send_due_mail() -> str:
    from flask import current_app

    from .core.outbox import OutboxMessage
    from .core.worker import Worker

    outcome = Worker(current_app._get_current_object(), run_jobs=False).send_due_mail()  # type: ignore[attr-defined]  # proxied app
    queued = db.session.scalar(select(db.func.count(OutboxMessage.id)).where(OutboxMessage.status == "queued"))
    return f"{outcome.sent} sent, {queued} still queued"


@forumops_cli.command("send-mail")
@click.option("--retry-failed", is_flag=True,
              help="First queue every failed email again (after a mail-server problem), then send.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%d %H:%M"]), default=None,
              help="With --retry-failed: only failed emails queued at or after this date (UTC).")
def send_mail_command(retry_failed: bool, since) -> None:
    """Send every due email in the outbox once (the worker does this continuously)."""
    from datetime import UTC

    from .core.outbox import requeue_failed

    if since is not None and not retry_failed:
        raise click.UsageError("--since goes with --retry-failed.")
    if retry_failed:
        retried = requeue_failed(since.replace(tzinfo=UTC) if since is not None else None)
        db.session.commit()
        click.echo(f"{retried} failed message{'' if retried == 1 else 's'} queued again.")
    click.echo(_send_due_mail() + ".")


@forumops_cli.command("prune")
def prune_command() -> None:
    """Delete expired throttle events, sessions and old address links (the daily "accounts-prune" job, once)."""
    from .core.jobs import get_job, run_now

    click.echo(run_now(get_job("accounts-prune")) + ".")


@forumops_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Queue follow-up progress reminders, then send due mail (the worker's daily "progress-reminders" job, once)."""
    from .core.jobs import get_job, run_now

    queued = run_now(get_job("progress-reminders"))
    click.echo(f"{queued}; emails: {_send_due_mail()}.")


@forumops_cli.command("send-automatic")
def send_automatic_command() -> None:
    """Queue the automatic messages and change digests that are due, then send due mail (the worker's
    "automatic-messages" and "change-notices" jobs, once)."""
    from .core.jobs import get_job, run_now

    messages = run_now(get_job("automatic-messages"))
    people = run_now(get_job("change-notices"))
    click.echo(f"{messages}; {people}; emails: {_send_due_mail()}.")


@forumops_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say what would be anonymised; change nothing.")
def purge_command(dry_run: bool) -> None:
    """Anonymise the participants of forums past their retention period (the worker's daily "privacy-purge"
    job does this; safe to repeat)."""
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
