"""`flask notifications send [--once | --loop] [--interval SECONDS]`: deliver the mail outbox."""

from __future__ import annotations

import click
from sqlalchemy.exc import DBAPIError

from tracker.notifications.worker import run


@click.group("notifications", help="Notifications: deliver the mail outbox.")
def notifications_cli() -> None:
    pass


@notifications_cli.command("send")
@click.option("--once/--loop", default=True, help="One pass (the default, for cron) or keep running (a service).")
@click.option(
    "--interval",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds between passes with --loop.",
)
def send_command(once: bool, interval: float) -> None:
    """Write due daily digests, then send due mail: retries wait longer each time; several senders may run."""
    try:
        configured = run(loop=not once, interval=interval, echo=click.echo)
    except DBAPIError as error:  # one pass (--once): cron runs the next; the rows wait unchanged or claimed
        raise click.ClickException(f"The database is not available: {error.orig or error}") from error
    if not configured:
        click.echo("Mail is not configured (TRACKER_MAIL_SERVER is not set): nothing sent, the outbox is untouched.")
