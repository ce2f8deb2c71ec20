"""Building reports and reviews at chosen moments, and reading the review pages back."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import func, select

from tracker.plan.models import WorkItem
from tracker.review.models import Review
from tracker.updates.models import StatusUpdate


def report(session, subject, at: datetime, author, delay_reason: str = "") -> StatusUpdate:
    """A status update made at `at` (the service stamps the real clock; these tests need 2013)."""
    update = StatusUpdate(
        work_item=subject if isinstance(subject, WorkItem) else None,
        project=None if isinstance(subject, WorkItem) else subject,
        author=author,
        created_at=at,
        status_before=subject.status,
        status_after=subject.status,
        progress_before=subject.progress or 0,
        progress_after=subject.progress or 0,
        delay_reason=delay_reason,
    )
    session.add(update)
    subject.last_update_at = at
    session.flush()
    return update


def add_review(session, subject, reviewer, outcome, at, comment="", follow_up=None, new_due=None, state=None) -> Review:
    """A review made at `at`; a follow-up or escalation is an open request unless `state` says otherwise."""
    if state is None and outcome in ("follow_up", "escalated"):
        state = "open"
    review = Review(
        request_state=state,
        work_item=subject if isinstance(subject, WorkItem) else None,
        project=None if isinstance(subject, WorkItem) else subject,
        reviewer=reviewer,
        outcome=outcome,
        created_at=at,
        comment=comment,
        follow_up_date=follow_up,
        new_due_date=new_due,
    )
    session.add(review)
    session.flush()
    return review


def review_count(session, subject=None) -> int:
    query = select(func.count()).select_from(Review)
    if subject is not None:
        column = Review.work_item_id if isinstance(subject, WorkItem) else Review.project_id
        query = query.where(column == subject.id)
    return session.scalar(query)


def queue_subjects(html: str) -> list[str]:
    """The data-subject of each queue row, in page order ("work_item-12", "project-3")."""
    table = html.split('data-testid="review-queue"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-subject="([a-z_]+-\d+)"', table)


def key(subject) -> str:
    return f"{'work_item' if isinstance(subject, WorkItem) else 'project'}-{subject.id}"


def names(world, keys: list[str]) -> list[str]:
    by_key = {key(v): name for name, v in world.items() if hasattr(v, "version") and hasattr(v, "retired")}
    return [by_key.get(k, k) for k in keys]


__all__ = ["date"]
