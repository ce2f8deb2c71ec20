"""Daily digests: one mail a day to each person who chose them, listing their notifications that wait for it.

`flask notifications send` writes them into the outbox at its first pass on or after TRACKER_DIGEST_HOUR (local
time); the usual delivery sends them. Each person is handled in a transaction of their own: the digest row for
(person, local day) is unique in the database, so a second sender building the same digest at the same moment
fails its insert and rolls back, flags and all, and nobody gets two digests for one day. Notifications that arrive
after today's digest wait for tomorrow's.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tracker.auth.models import User
from tracker.core.localtime import to_local
from tracker.core.transactions import writing_transaction
from tracker.extensions import db
from tracker.notifications.mail_text import digest_mail
from tracker.notifications.models import MailMessage, MailPreference, Notification


def digest_day(now: datetime) -> date | None:
    """The local day whose digests are due at real time `now` (naive UTC), or None before the digest hour."""
    local = to_local(now)
    return local.date() if local.hour >= current_app.config["TRACKER_DIGEST_HOUR"] else None


def build_digests(now: datetime) -> int:
    """Write the digests due at `now` into the outbox (committing each); how many were written."""
    day = digest_day(now)
    if day is None:
        return 0
    waiting = list(
        db.session.scalars(
            select(Notification.user_id).where(Notification.digest_pending).distinct().order_by(Notification.user_id)
        )
    )
    db.session.commit()
    written = 0
    for user_id in waiting:
        try:
            with writing_transaction():
                written += _digest_for(user_id, day, now)
                db.session.commit()
        except IntegrityError:  # another sender wrote this person's digest for the day first
            db.session.rollback()
    return written


def _clear_pending(ids: list[int]) -> None:
    db.session.execute(
        update(Notification).where(Notification.id.in_(ids), Notification.digest_pending).values(digest_pending=False),
        execution_options={"synchronize_session": False},
    )


def _digest_for(user_id: int, day: date, now: datetime) -> int:
    pending = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.digest_pending)
            .order_by(Notification.created_at, Notification.id)
        )
    )
    user = db.session.get(User, user_id)
    if not pending or user is None:
        return 0
    ids = [notification.id for notification in pending]
    wants_digest = user.active and user.email and user.mail_preference == MailPreference.DIGEST.value
    if not wants_digest:
        # They changed their preference, lost their address or left: the inbox keeps these; no mail waits.
        _clear_pending(ids)
        return 0
    already = select(MailMessage.id).where(MailMessage.user_id == user_id, MailMessage.digest_day == day)
    if db.session.scalar(already) is not None:
        return 0  # today's digest went out; these wait for tomorrow's
    with force_locale(user.locale):
        subject, body = digest_mail(pending, day)
    db.session.add(
        MailMessage(
            user_id=user.id,
            to_address=user.email or "",
            subject=subject,
            body=body,
            digest_day=day,
            created_at=now,
            next_attempt_at=now,
        )
    )
    _clear_pending(ids)
    db.session.flush()
    return 1
