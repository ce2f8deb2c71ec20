"""`flask seed plan [PATH]` and `flask seed demo --seed N`."""

from __future__ import annotations

from pathlib import Path

import click

from config import BASE_DIR
from tracker.core.errors import TrackerError
from tracker.extensions import db

DEFAULT_SEED_DIR = BASE_DIR / "seed"


@click.group("seed", help="Load the plan and demo data.")
def seed_cli() -> None:
    pass


@seed_cli.command("plan")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def seed_plan_command(path: Path | None) -> None:
    """Load (or update in place) the plan, departments and indicators from PATH (default: seed/)."""
    from tracker.seeding.loader import load_seed_dir

    try:
        report = load_seed_dir(path or DEFAULT_SEED_DIR)
    except TrackerError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(report.summary())


@seed_cli.command("demo")
@click.option("--seed", "seed_value", default=1, show_default=True, type=int, help="Random seed (deterministic).")
@click.option("--password", default=None, help="Password for every demo account (default: printed).")
def seed_demo_command(seed_value: int, password: str | None) -> None:
    """Add demo users, projects, budgets and a history of status updates to the loaded plan."""
    from seed.demo import generate_demo

    try:
        result = generate_demo(seed_value, password=password)
    except TrackerError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(result.summary())
