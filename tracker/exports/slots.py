"""At most TRACKER_MAX_CONCURRENT_EXPORTS exports per user at a time, across every worker and host.

A running export holds a numbered slot row in the database (exports.models.ExportSlot). Claims of one user are
serialised (claim_export_slot), the unique (user, slot) pair guards the numbering, and the claim is committed at
once, so that the other workers see it while this one builds and sends the file. The slot is released, in its
own transaction, when the response is closed (sent, failed or abandoned by the client); a worker killed half-way
leaves its slot to lapse after TRACKER_EXPORT_SLOT_SECONDS.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import delete, select

from tracker.auth.models import User
from tracker.db import utcnow
from tracker.exports.models import ExportSlot
from tracker.extensions import db


def claim_export_slot(user_id: int, limit: int, lifetime_seconds: int) -> int | None:
    """The id of a free slot now held by the user, or None when all `limit` are taken. Flushes; the caller commits
    at once.

    Claims of one user are taken one at a time, in a transaction of their own: the request's transaction, which
    has only read so far, ends first. Then on PostgreSQL and MariaDB the user's row is locked, and what follows
    reads after the lock (MariaDB's snapshot starts at the first plain read); SQLite has a single writer, and the
    claim's first statement is a write, which waits out the busy timeout (a write after a read in the same
    transaction would fail at once if another worker committed meanwhile). Slots are deleted by primary key only:
    a range DELETE next to a concurrent release deadlocks on MariaDB."""
    db.session.commit()
    now = utcnow()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(delete(ExportSlot).where(ExportSlot.user_id == user_id, ExportSlot.expires_at <= now))
    else:
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
        lapsed = db.session.scalars(
            select(ExportSlot.id).where(ExportSlot.user_id == user_id, ExportSlot.expires_at <= now)
        ).all()
        if lapsed:
            db.session.execute(delete(ExportSlot).where(ExportSlot.id.in_(lapsed)))
    taken = set(
        db.session.scalars(select(ExportSlot.slot).where(ExportSlot.user_id == user_id, ExportSlot.expires_at > now))
    )
    free = next((number for number in range(1, limit + 1) if number not in taken), None)
    if free is None:
        return None
    slot = ExportSlot(user_id=user_id, slot=free, started_at=now, expires_at=now + timedelta(seconds=lifetime_seconds))
    db.session.add(slot)
    db.session.flush()
    return slot.id


def release_export_slot(app: Flask, slot_id: int) -> None:
    """Free the slot in a transaction of its own: called when the response closes, after the request's context has
    gone."""
    with app.app_context():
        try:
            db.session.execute(delete(ExportSlot).where(ExportSlot.id == slot_id))
            db.session.commit()
        finally:
            db.session.remove()
