"""The inbox: a person's notifications, unread first then newest, and marking them read. Services flush; the
request lifecycle commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, select, update

from tracker.auth.models import User
from tracker.core import clock
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.permissions import can_see_notification, readable_subject


def _shown_to(user: User) -> ColumnElement[bool]:
    return and_(Notification.user_id == user.id, readable_subject(user))


def inbox_query(user: User) -> Select[Notification]:
    """Unread first, then newest (the id breaks ties between notifications of one event)."""
    return (
        select(Notification)
        .where(_shown_to(user))
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user: User) -> int:
    """One COUNT over the (user_id, read_at) index: the navigation asks on every page."""
    query = select(func.count()).select_from(Notification).where(_shown_to(user), Notification.read_at.is_(None))
    return db.session.scalar(query) or 0


def own_notification(user: User, notification_id: int) -> Notification | None:
    """The user's notification with that id, or None (someone else's reads as missing, not as forbidden)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or not can_see_notification(user, notification):
        return None
    return notification


def mark_read(notification: Notification, now: datetime | None = None) -> None:
    """Read once: a second click keeps the first time."""
    if notification.read_at is None:
        notification.read_at = now or clock.now()
        db.session.flush()


def mark_all_read(user: User, now: datetime | None = None) -> int:
    """Every unread notification shown to the user, in one statement; how many."""
    result = db.session.execute(
        update(Notification).where(_shown_to(user), Notification.read_at.is_(None)).values(read_at=now or clock.now()),
        execution_options={"synchronize_session": False},
    )
    db.session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
