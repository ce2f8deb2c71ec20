"""The token owner's notifications: the inbox's list and its two actions, through the inbox's own functions
(tracker.notifications.inbox). Another person's notification does not exist here, as on the pages (404)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from tracker.api.present import moment, page_answer
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.schemas import DATETIME, INTEGER, STRING, component, enum, nullable, obj, one, page_of
from tracker.core.paging import paginate
from tracker.core.subjects import SubjectType
from tracker.notifications import inbox
from tracker.notifications.models import Notification, NotificationKind

NOTIFICATION = component(
    "Notification",
    obj(
        {
            "id": INTEGER,
            "kind": enum(tuple(NotificationKind), "What happened"),
            "title": STRING,
            "body": STRING,
            "link": {"type": "string", "description": "A path on this site (/items/12); empty when there is none"},
            "created_at": DATETIME,
            "read_at": nullable(DATETIME),
            "subject": nullable(
                obj(
                    {"type": enum(tuple(SubjectType)), "id": INTEGER},
                    description="The work item or project it is about",
                )
            ),
        }
    ),
)
MARKED = component(
    "MarkedRead",
    obj({"marked": {"type": "integer", "minimum": 0, "description": "How many were unread and are now read"}}),
)
UNREAD = Param("unread", "boolean", "true: unread ones only; false: read ones only")


def notification_json(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.id,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "created_at": moment(notification.created_at),
        "read_at": moment(notification.read_at),
        "subject": _subject(notification),
    }


def _subject(notification: Notification) -> dict[str, Any] | None:
    if notification.work_item_id is not None:
        return {"type": SubjectType.WORK_ITEM.value, "id": notification.work_item_id}
    if notification.project_id is not None:
        return {"type": SubjectType.PROJECT.value, "id": notification.project_id}
    return None


@operation(
    "/notifications",
    summary="My notifications",
    tag="notifications",
    query=(UNREAD, *PAGING),
    response=page_of(NOTIFICATION),
)
def list_notifications(query: dict[str, Any]) -> ResponseReturnValue:
    """The token owner's inbox: unread first, then newest."""
    notifications = inbox.inbox_query(current_user)
    if query["unread"] is not None:
        read_at = Notification.read_at
        notifications = notifications.where(read_at.is_(None) if query["unread"] else read_at.is_not(None))
    page = paginate(notifications, query["page"], query["per_page"], scalars=True)
    return page_answer(page, [notification_json(n) for n in page.rows])


@operation(
    "/notifications/<int:notification_id>/read",
    "POST",
    summary="Mark one notification read",
    tag="notifications",
    response=one(NOTIFICATION),
    errors=(404,),
)
def mark_notification_read(notification_id: int) -> ResponseReturnValue:
    """Read once: marking it again keeps the first time. Someone else's notification is 404."""
    notification = inbox.own_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    inbox.mark_read(notification)
    return {"data": notification_json(notification)}


@operation(
    "/notifications/read-all",
    "POST",
    summary="Mark all my notifications read",
    tag="notifications",
    response=one(MARKED),
)
def mark_all_notifications_read() -> ResponseReturnValue:
    return {"data": {"marked": inbox.mark_all_read(current_user)}}
