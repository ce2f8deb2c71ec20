"""At most TRACKER_MAX_CONCURRENT_EXPORTS exports per user at a time, across every worker and host.

A running export holds a numbered slot row in the database (exports.models.ExportSlot). Claiming one is a plain
insert that the unique (user, slot) pair lets only one worker win; the claim is committed at once, so that the
other workers see it while this one builds and sends the file. The slot is released, in its own transaction, when
the response is closed (sent, failed or abandoned by the client); a worker killed half-way leaves its slot to lapse
after TRACKER_EXPORT_SLOT_SECONDS.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker.db import utcnow
from tracker.exports.models import ExportSlot
from tracker.extensions import db


def claim_export_slot(user_id: int, limit: int, lifetime_seconds: int) -> int | None:
    """The id of a free slot now held by the user, or None when all `limit` are taken. Flushes."""
    now = utcnow()
    db.session.execute(delete(ExportSlot).where(ExportSlot.user_id == user_id, ExportSlot.expires_at <= now))
    taken = set(db.session.scalars(select(ExportSlot.slot).where(ExportSlot.user_id == user_id)))
    for number in range(1, limit + 1):
        if number in taken:
            continue
        slot = ExportSlot(
            user_id=user_id, slot=number, started_at=now, expires_at=now + timedelta(seconds=lifetime_seconds)
        )
        try:
            with db.session.begin_nested():
                db.session.add(slot)
        except IntegrityError:  # another worker took this number a moment ago
            continue
        return slot.id
    return None


def release_export_slot(app: Flask, slot_id: int) -> None:
    """Free the slot in a transaction of its own: called when the response closes, after the request's context has
    gone."""
    with app.app_context():
        try:
            db.session.execute(delete(ExportSlot).where(ExportSlot.id == slot_id))
            db.session.commit()
        finally:
            db.session.remove()
