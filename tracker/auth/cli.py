"""`flask users create USERNAME [--role ROLE] [--department CODE] [--email ADDR] --password-stdin` and
`flask users token USERNAME [--days N] [--name TEXT] [--write]`."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from tracker.auth import services, tokens
from tracker.auth.models import Role, TokenScope, User
from tracker.core.errors import TrackerError
from tracker.extensions import db
from tracker.org.models import Department


@click.group("users", help="Manage user accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create")
@click.argument("username")
@click.option(
    "--role",
    default=Role.VIEWER.value,
    show_default=True,
    type=click.Choice([r.value for r in Role]),
    help="The least privilege unless given.",
)
@click.option("--department", "department_code", help="Department code (required for lead and member).")
@click.option("--display-name", default="", help="Name shown in the interface.")
@click.option("--email", default=None, help="E-mail address for notifications (checked like the admin form).")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
def create_user_command(
    username: str,
    role: str,
    department_code: str | None,
    display_name: str,
    email: str | None,
    password_stdin: bool,
) -> None:
    password = sys.stdin.readline().rstrip("\r\n")
    department = None
    if department_code:
        department = db.session.scalar(select(Department).where(Department.code == department_code))
        if department is None:
            raise click.ClickException(f"No department with code {department_code!r}.")
    try:
        user = services.create_user(
            services.NewUser(username, password, role, display_name=display_name, department=department, email=email)
        )
    except TrackerError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Created user {user.username} ({user.role}).")


@users_cli.command("token")
@click.argument("username")
@click.option(
    "--days",
    type=click.IntRange(1, tokens.MAX_DAYS),
    default=tokens.DEFAULT_DAYS,
    show_default=True,
    help="Days until the token expires.",
)
@click.option("--name", default="command line", show_default=True, help="What the token is for (shown in lists).")
@click.option("--write", is_flag=True, help="Read-write (the user's role permitting); read-only unless given.")
def token_command(username: str, days: int, name: str, write: bool) -> None:
    """Print a new personal access token of USERNAME: the secret alone on standard output, so that a script can
    capture it, and what it is on standard error. The secret is shown this once."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    scope = TokenScope.WRITE.value if write else TokenScope.READ.value
    try:
        new = tokens.create_token(user, name, scope, days, tokens.now())
    except TrackerError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    expires = new.token.expires_at.strftime("%Y-%m-%d %H:%M UTC") if new.token.expires_at else "never"
    click.echo(f"Token {new.token.prefix}… of {user.username}: {scope}, expires {expires}.", err=True)
    click.echo(new.secret)
