"""Who sees which notification. A person sees only their own; and a notification about a work item or project is
shown only while its reader may read that subject, so that a notification never reveals what its reader may not
read (should a department's work ever become private, this is the one rule to tighten)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from tracker.auth.models import User
from tracker.notifications.models import Notification


def readable_subject(user: User) -> ColumnElement[bool]:
    """SQL: the notification's work item or project (if any) is one `user` may read. Everyone signed in reads
    everything today (DESIGN.md, Domain), so it holds for every row."""
    return true()


def may_read_subject(user: User, notification: Notification) -> bool:
    """The same rule for one loaded notification."""
    return True


def can_see_notification(user: User, notification: Notification) -> bool:
    return notification.user_id == user.id and may_read_subject(user, notification)
