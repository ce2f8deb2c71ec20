"""The "办公室督办" alert on an item's or project's page while a request is in its thread (open or answered)."""

from __future__ import annotations

from tracker.core.clock import today
from tracker.core.hooks import Panel, panel_provider
from tracker.core.subjects import Subject, SubjectType
from tracker.review.rules import is_answer_overdue, is_live
from tracker.review.services import latest_review

PANEL_ORDER = 5  # above every other block: it asks the reader to act


@panel_provider
def request_alert(subject_type: SubjectType | str, subject: Subject) -> Panel | None:
    """One statement: the subject's newest review, shown only while it is a request not yet closed."""
    if SubjectType.parse(subject_type) is None or subject.retired:
        return None
    review = latest_review(subject)
    if not is_live(review):
        return None
    context = {"subject": subject, "review": review, "answer_overdue": is_answer_overdue(review, today())}
    return Panel(PANEL_ORDER, "review/_request_alert.html", context)
