"""Who hears of the office's reviews and of a request's thread, and what the notification says.

The department hears of what the office decides (its leads and the subject's owner); the office hears of the
department's answers (the reviewer who asked, and whoever asked again). tracker.notifications.notify leaves out
the actor and inactive people. The title names the subject as a list names it: its full outline and title.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import select

from tracker.auth.models import User
from tracker.core.subjects import Subject
from tracker.extensions import db
from tracker.notifications.models import NotificationKind
from tracker.notifications.recipients import active_user, leads_of
from tracker.notifications.services import notify
from tracker.plan.outline_paths import subject_heading
from tracker.review.models import MessageKind, Outcome, RequestMessage, Review

# What a review's outcome tells the department, when it tells it anything (acknowledged tells nobody).
_OUTCOME_KINDS = {
    Outcome.FOLLOW_UP.value: NotificationKind.FOLLOW_UP,
    Outcome.ESCALATED.value: NotificationKind.ESCALATED,
    Outcome.EXTENSION.value: NotificationKind.EXTENSION,
    Outcome.CLOSED.value: NotificationKind.REVIEW_CLOSED,
}


def request_link(review: Review) -> str:
    return url_for("review.request_page", review_id=review.id)


def _department_of(subject: Subject) -> list[User]:
    """The responsible department's leads and the subject's owner."""
    return [*leads_of(subject.responsible_department_id), *active_user(subject.owner_id)]  # type: ignore[attr-defined]


def _askers(review: Review) -> list[User]:
    """The reviewer who asked and everyone in the office who asked again since: one statement."""
    again = select(RequestMessage.author_id).where(
        RequestMessage.review_id == review.id, RequestMessage.kind == MessageKind.ASK_AGAIN.value
    )
    return [review.reviewer, *db.session.scalars(select(User).where(User.id.in_(again)).order_by(User.id))]


def _tell(people: Iterable[User], kind: NotificationKind, subject: Subject, link: str, body: str, actor: User):
    notify(people, kind, subject_heading(subject), body=body, link=link, subject=subject, actor=actor)


def review_recorded(review: Review, subject: Subject, actor: User) -> None:
    kind = _OUTCOME_KINDS.get(review.outcome)
    if kind is None:
        return
    link = request_link(review) if review.request_state is not None else subject.url
    _tell(_department_of(subject), kind, subject, link, review.comment, actor)


def request_answered(review: Review, subject: Subject, body: str, actor: User) -> None:
    _tell(_askers(review), NotificationKind.ANSWERED, subject, request_link(review), body, actor)


def answer_accepted(review: Review, subject: Subject, body: str, actor: User) -> None:
    _tell(_department_of(subject), NotificationKind.REVIEW_CLOSED, subject, request_link(review), body, actor)


def asked_again(review: Review, subject: Subject, body: str, actor: User) -> None:
    _tell(_department_of(subject), NotificationKind.ASKED_AGAIN, subject, request_link(review), body, actor)
