"""Who hears of a report's sign-off: the leads when a member's report waits for them, the author when it is
approved or returned. Plain data to tracker.notifications; the link is the subject's page, where the report is."""

from __future__ import annotations

from tracker.auth.models import User
from tracker.core.subjects import Subject
from tracker.notifications.models import NotificationKind
from tracker.notifications.recipients import active_user, leads_of
from tracker.notifications.services import notify
from tracker.plan.outline_paths import subject_heading
from tracker.updates.models import SignOff, StatusUpdate


def sign_off_requested(subject: Subject, update: StatusUpdate) -> None:
    """The author's department's leads: a draft waits for them (its note is what they will read)."""
    notify(
        leads_of(update.author.department_id),
        NotificationKind.SIGN_OFF_REQUESTED,
        subject_heading(subject),
        body=update.note,
        link=subject.url,
        subject=subject,
        actor=update.author,
    )


def signed_off(subject: Subject, update: StatusUpdate, lead: User) -> None:
    """The author: their report was approved, or returned with the lead's comment."""
    approved = update.sign_off == SignOff.APPROVED.value
    notify(
        active_user(update.author_id),
        NotificationKind.REPORT_APPROVED if approved else NotificationKind.REPORT_RETURNED,
        subject_heading(subject),
        body=update.sign_off_comment,
        link=subject.url,
        subject=subject,
        actor=lead,
    )
