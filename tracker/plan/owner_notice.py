"""Telling a person they were made an item's or a project's owner (the projects service uses it too)."""

from __future__ import annotations

from flask import current_app, has_request_context

from tracker.auth.models import User
from tracker.core.subjects import Subject
from tracker.notifications.models import NotificationKind
from tracker.notifications.services import notify
from tracker.plan.outline_paths import subject_heading


def notify_new_owner(subject: Subject, previous_owner_id: int | None, owner: User | None, actor: User) -> None:
    """The new owner hears of it, linked to the subject; nobody when the owner is unchanged or removed, and not a
    person who assigned themselves (notify never tells the actor)."""
    if owner is None or owner.id == previous_owner_id:
        return
    notify(
        [owner],
        NotificationKind.OWNER_ASSIGNED,
        subject_heading(subject),
        link=_link(subject),
        subject=subject,
        actor=actor,
    )


def _link(subject: Subject) -> str:
    """The subject's page; url_for needs a request, which a service called from a command or a test may lack."""
    if has_request_context():
        return subject.url
    with current_app.test_request_context():
        return subject.url
