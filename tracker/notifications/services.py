"""Telling people: `notify` writes inbox rows, and outbox mail for those who want it at once, in the caller's
transaction (it flushes; the request lifecycle commits). Callers pass plain data, never their own models.

What a notification says is split so that each reader sees it in their own language: `kind` is translated when it
is shown (the inbox in the reader's locale, the mail in the recipient's), while `title` (what it is about: an
item's number and title) and `body` (the office's words, the department's answer) are the users' own text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from tracker.auth.models import User
from tracker.core import clock
from tracker.extensions import db
from tracker.notifications.mail_text import notification_mail
from tracker.notifications.models import MailMessage, MailPreference, Notification, NotificationKind

TITLE_MAX = 300


def _subject_columns(subject: Any) -> dict[str, int | None]:
    """The work item or project a notification is about, from any core Subject (or None)."""
    if subject is None:
        return {}
    return {subject.subject_type.key: subject.id}


def _already_told(user_ids: list[int], dedupe_key: str) -> set[int]:
    query = select(Notification.user_id).where(
        Notification.user_id.in_(user_ids), Notification.dedupe_key == dedupe_key
    )
    return set(db.session.scalars(query))


def notify(
    recipients: Iterable[User],
    kind: NotificationKind,
    title: str,
    *,
    body: str = "",
    link: str = "",
    subject: Any = None,
    actor: User | None = None,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """One notification per active recipient (each person once; never the actor, who knows what they did), and
    a mail in the outbox for each who chose immediate mail and has an address. With `dedupe_key`, a person who
    was already told under that key is not told again (time-based events found by every scan)."""
    people = {user.id: user for user in recipients if user.active and (actor is None or user.id != actor.id)}
    if dedupe_key is not None and people:
        for told in _already_told(list(people), dedupe_key):
            del people[told]
    created = []
    now = clock.now()
    for user in people.values():
        wants = user.mail_preference if user.email else MailPreference.NONE.value
        notification = Notification(
            user=user,
            kind=kind.value,
            title=title[:TITLE_MAX],
            body=body,
            link=link,
            dedupe_key=dedupe_key,
            created_at=now,
            digest_pending=wants == MailPreference.DIGEST.value,
            **_subject_columns(subject),
        )
        db.session.add(notification)
        created.append(notification)
        if wants == MailPreference.IMMEDIATE.value:
            db.session.add(_mail_for(user, notification))
    db.session.flush()
    return created


def _mail_for(user: User, notification: Notification) -> MailMessage:
    with force_locale(user.locale):
        subject, text = notification_mail(notification)
    return MailMessage(user=user, notification=notification, to_address=user.email, subject=subject, body=text)
