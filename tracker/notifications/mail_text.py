"""The words of a notification's mail, written in the recipient's locale (the caller wraps it in force_locale)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from tracker.notifications.labels import kind_label
from tracker.notifications.models import Notification

SUBJECT_MAX = 300


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
