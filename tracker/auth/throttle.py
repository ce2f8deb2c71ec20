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

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

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
    """Add one failure to `key` and return the failures in its current window (1 when a new window starts)."""
    if _bump(key, now, limit) == 0:
        try:
            with db.session.begin_nested():
                db.session.execute(LoginThrottle.__table__.insert().values(key=key, failures=1, window_started_at=now))
        except IntegrityError:  # another worker inserted it first: count on its row
            _bump(key, now, limit)
    return db.session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == key)) or 0


def _bump(key: str, now: datetime, limit: Limit) -> int:
    table = LoginThrottle.__table__
    ended = table.c.window_started_at <= now - limit.window
    # MariaDB evaluates SET assignments in order, seeing the new values: window_started_at must come last.
    statement = (
        update(table)
        .where(table.c.key == key)
        .ordered_values(
            (table.c.failures, case((ended, 1), else_=table.c.failures + 1)),
            (table.c.locked_until, case((ended, None), else_=table.c.locked_until)),
            (table.c.window_started_at, case((ended, now), else_=table.c.window_started_at)),
        )
    )
    return db.session.execute(statement).rowcount


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


def sweep(now: datetime, longest_window: timedelta) -> None:
    """Delete rows whose window has passed and which hold no lock that is still running."""
    table = LoginThrottle.__table__
    db.session.execute(
        delete(table).where(
            and_(
                table.c.window_started_at <= now - longest_window,
                or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
            )
        )
    )
