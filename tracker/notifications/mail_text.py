"""The words of a notification's mail, written in the recipient's locale (the caller wraps it in force_locale)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.notifications.labels import kind_label
from tracker.notifications.models import Notification

SUBJECT_MAX = 300
# The inbox as a path: the sender runs outside any request, where url_for cannot build one without SERVER_NAME.
INBOX_PATH = "/inbox"


def absolute_link(link: str) -> str:
    """The app path as an address a mail reader can open: TRACKER_BASE_URL in front (the path alone without it)."""
    base = (current_app.config.get("TRACKER_BASE_URL") or "").rstrip("/")
    return f"{base}{link}" if link else base


def notification_mail(notification: Notification) -> tuple[str, str]:
    """(subject, plain text body)."""
    label = kind_label(notification.kind)
    subject = _("%(what)s：%(title)s", what=label, title=notification.title)[:SUBJECT_MAX]
    lines = [label, notification.title]
    if notification.body:
        lines += ["", notification.body]
    if notification.link:
        lines += ["", _("查看：%(link)s", link=absolute_link(notification.link))]
    lines += ["", _("此邮件由规划任务跟踪系统发出，请勿直接回复。")]
    return subject, "\n".join(lines)


def digest_mail(notifications: list[Notification], day: date) -> tuple[str, str]:
    """(subject, plain text body) of one person's daily digest: each notification's label, title and link."""
    count = len(notifications)
    subject = ngettext(
        "规划任务跟踪系统：%(day)s 有 %(num)d 条新通知",
        "规划任务跟踪系统：%(day)s 有 %(num)d 条新通知",
        count,
        day=day.isoformat(),
    )[:SUBJECT_MAX]
    lines = [subject, ""]
    for number, notification in enumerate(notifications, start=1):
        what = _("%(what)s：%(title)s", what=kind_label(notification.kind), title=notification.title)
        lines.append(f"{number}. {what}")
        if notification.body:
            lines.append(f"   {notification.body.replace(chr(10), chr(10) + '   ')}")
        if notification.link:
            lines.append(f"   {absolute_link(notification.link)}")
    lines += ["", _("查看全部：%(link)s", link=absolute_link(INBOX_PATH))]
    lines += ["", _("此邮件由规划任务跟踪系统发出，请勿直接回复。")]
    return subject, "\n".join(lines)
