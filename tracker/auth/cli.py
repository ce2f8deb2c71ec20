"""`flask users create USERNAME [--role ROLE] [--department CODE] [--email ADDR] --password-stdin`."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from tracker.auth import services
from tracker.auth.models import Role
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
