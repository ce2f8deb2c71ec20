"""Sign-in throttling counters, kept in the database so every worker on every host sees the same counts.

A row per key: "addr:<client address>" counts failed sign-ins from one client whatever the names,
"user:<name>@<client address>" counts one name's failures from that client (so a guesser locks a name
for themselves, not for its owner at another desk). Counting is one UPDATE … SET failures = failures + 1
read back afterwards, never a value computed in the process, so attempts served at the same moment by
different workers all count. A window starts at the first failure and ends `window` later; rows whose
window and lock have both ended are deleted at the next sign-in, so names typed once do not pile up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, case, delete, or_, select, update
from sqlalchemy.dialects import mysql, postgresql, sqlite

from tracker.auth.models import LoginThrottle
from tracker.extensions import db


@dataclass(frozen=True)
class Limit:
    max_failures: int
    window: timedelta


def address_key(address: str) -> str:
    return f"addr:{address}"


def name_key(name: str, address: str) -> str:
    return f"user:{name}@{address}"


def count(key: str, now: datetime, limit: Limit) -> int:
    """Add one failure to `key` and return the failures in its current window (1 when a new window starts).

    One INSERT … ON CONFLICT/ON DUPLICATE KEY UPDATE: attempts at the same moment on several workers queue on
    the row and each sees its own count; an UPDATE-then-INSERT would deadlock on MariaDB for a new key.
    """
    table = LoginThrottle.__table__
    ended = table.c.window_started_at <= now - limit.window
    # In this order: MariaDB evaluates the assignments in turn, each seeing the ones before, so the window
    # start, which the others test, changes last.
    assignments = [
        (table.c.failures, case((ended, 1), else_=table.c.failures + 1)),
        (table.c.locked_until, case((ended, None), else_=table.c.locked_until)),
        (table.c.window_started_at, case((ended, now), else_=table.c.window_started_at)),
    ]
    dialect = db.session.get_bind().dialect.name
    statement: mysql.Insert | postgresql.Insert | sqlite.Insert
    if dialect in ("mysql", "mariadb"):
        statement = mysql.insert(table).on_duplicate_key_update([(column.name, value) for column, value in assignments])
    else:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table).on_conflict_do_update(
            index_elements=[table.c.key], set_={column.name: value for column, value in assignments}
        )
    db.session.execute(statement.values(key=key, failures=1, window_started_at=now))
    return db.session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == key)) or 0


def forgive(key: str) -> None:
    """Take back one counted attempt (it turned out to be a successful sign-in)."""
    table = LoginThrottle.__table__
    db.session.execute(
        update(table).where(table.c.key == key, table.c.failures > 0).values(failures=table.c.failures - 1)
    )


def lock(key: str, until: datetime) -> None:
    table = LoginThrottle.__table__
    db.session.execute(update(table).where(table.c.key == key).values(locked_until=until))


def clear(key: str) -> None:
    db.session.execute(delete(LoginThrottle.__table__).where(LoginThrottle.__table__.c.key == key))


def locked_until(key: str, now: datetime) -> datetime | None:
    until = db.session.scalar(select(LoginThrottle.locked_until).where(LoginThrottle.key == key))
    return until if until is not None and until > now else None


def seconds_left(key: str, now: datetime, window: timedelta) -> int:
    """Whole seconds until the current window of `key` ends (at least 1): the Retry-After of a refusal."""
    started = db.session.scalar(select(LoginThrottle.window_started_at).where(LoginThrottle.key == key))
    if started is None:
        return 1
    return max(1, math.ceil((started + window - now).total_seconds()))


def without_gap_locks() -> None:
    """Call first in a transaction that sweeps: on MariaDB, read committed.

    Under MariaDB's default REPEATABLE READ the sweep's scan locks the gaps between rows, and two
    sign-ins that each swept and then insert their own new row wait on each other's gaps: a deadlock.
    READ COMMITTED takes no gap locks. PostgreSQL reads committed already; SQLite has a single writer.
    A session bound to a connection opened elsewhere (the tests' rolled-back transaction) keeps its level.
    """
    bind = db.session.get_bind()
    if bind.dialect.name in ("mysql", "mariadb") and isinstance(bind, Engine) and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "READ COMMITTED"})


def sweep(now: datetime, longest_window: timedelta, batch: int = 200) -> None:
    """Delete rows whose window has passed and which hold no lock that is still running.

    Rows another sign-in holds are skipped (they are not expired for long, or the next sweep takes
    them), so a sweep never waits on, or deadlocks with, the sign-ins it runs beside. Locks are
    taken in one order everywhere: swept rows, then a name's row, then the address's row. `batch`
    bounds one sweep's work after a long quiet spell; the next sign-ins take the rest.
    """
    table = LoginThrottle.__table__
    ended = (
        table.c.window_started_at <= now - longest_window,
        or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
    )
    if db.session.get_bind().dialect.name == "sqlite":
        # One writer at a time, and a transaction that reads before it writes cannot wait for its turn: write first.
        db.session.execute(delete(table).where(*ended))
        return
    keys = db.session.scalars(select(table.c.key).where(*ended).limit(batch).with_for_update(skip_locked=True)).all()
    if keys:
        db.session.execute(delete(table).where(table.c.key.in_(keys)))
