"""Throw-away benchmark databases: a SQLite file under /tmp, or a PostgreSQL database the bench creates and drops.

The schema always comes from the migrations (`flask db upgrade`), as in production, never from create_all.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from flask import Flask

from tracker import create_app

BACKENDS = ("sqlite", "postgresql")
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
SQLITE_DIR = Path(os.environ.get("BENCH_SQLITE_DIR") or tempfile.gettempdir())
# Mid-plan: some work is done, some on time, some overdue, some silent.
TODAY = date(2013, 6, 15)


def database_name(items: int, default_items: int) -> str:
    """bench_tracker for the default size, bench_tracker_<n> for another (two sizes can exist side by side)."""
    return "bench_tracker" if items == default_items else f"bench_tracker_{items}"


def database_url(backend: str, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{SQLITE_DIR / (name + '.db')}"
    if backend == "postgresql":
        return PG_URL.format(name=name)
    raise ValueError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")


def create_database(backend: str, name: str) -> str:
    """A new, empty database (an old one of the same name is dropped first); returns its URL."""
    drop_database(backend, name)
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    return database_url(backend, name)


def drop_database(backend: str, name: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(SQLITE_DIR / (name + ".db")) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_app(url: str) -> Flask:
    """The app as production runs it (development config, no debug), with today pinned. CSRF is off so the
    runner can post forms without scraping tokens (checking a token costs microseconds); TESTING makes an error
    in a view fail the run instead of becoming a timed 500 page, and keeps migrations/env.py from reconfiguring
    logging."""
    return create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=url,
        TRACKER_TODAY=TODAY.isoformat(),
        WTF_CSRF_ENABLED=False,
        TESTING=True,
    )


def migrate(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
