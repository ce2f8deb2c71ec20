"""Who reads the office's review pages and who records reviews (issue 3 permission table, issue 4 endpoints).

The office and admins review. Everyone signed in reads the queue and the compliance table (DESIGN: everyone
reads everything); the requests page opens on the reader's own department unless they oversee all of them.
A request's thread (issue 10): the responsible department's leads and members answer it; the office and admins
accept the answer or ask again. Whether the request's state allows the step is the service's rule
(tracker.review.threads); the `*_now` rules below join both for the page, which offers only what would work.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department
from tracker.core.subjects import Subject
from tracker.review.models import RequestState, Review

_REVIEWERS = (Role.ADMIN.value, Role.OFFICE.value)
# Those who oversee every department: their requests page lists all of them.
_OVERSEERS = (*_REVIEWERS, Role.VIEWER.value)
# Who answers for the responsible department.
_ANSWERERS = (Role.LEAD.value, Role.MEMBER.value)


def can_read_queue(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_review(user, subject: Subject | None = None) -> bool:
    """The office and admins; a retired subject is out of the plan and takes no more reviews."""
    if not has_role(user, *_REVIEWERS):
        return False
    return subject is None or not subject.retired


def can_read_all_requests(user) -> bool:
    """Overseers see every department's open requests; a department's people see their own department's."""
    return has_role(user, *_OVERSEERS)


def can_read_compliance(user) -> bool:
    return can_read_queue(user)


def can_remind_departments(user) -> bool:
    """The office and admins remind departments of their missing reports (the compliance page's button)."""
    return has_role(user, *_REVIEWERS)


def can_read_request(user, review: Review | None = None) -> bool:
    """Everyone signed in reads every request and its thread (DESIGN: everyone reads everything)."""
    return bool(getattr(user, "is_authenticated", False))


def may_answer_for(user, subject: Subject) -> bool:
    """A lead or member of the department responsible for the subject."""
    return has_role(user, *_ANSWERERS) and in_department(user, subject.responsible_department_id)


def may_settle(user) -> bool:
    """The office and admins accept answers and ask again (the reviewer who asked or any other)."""
    return has_role(user, *_REVIEWERS)


def _subject_of(review: Review) -> Subject:
    subject = review.work_item or review.project
    assert subject is not None  # a review has exactly one subject (check constraint one_subject)
    return subject


def can_answer_now(user, review: Review) -> bool:
    live = review.request_state in (RequestState.OPEN.value, RequestState.ANSWERED.value)
    return live and may_answer_for(user, _subject_of(review))


def can_settle_now(user, review: Review) -> bool:
    """Accept or ask again: only once the department has answered."""
    return review.request_state == RequestState.ANSWERED.value and may_settle(user)


TEMPLATE_RULES: dict[str, Callable[..., bool]] = {
    "can_read_request": can_read_request,
    "can_answer_now": can_answer_now,
    "can_settle_now": can_settle_now,
    "can_read_review_queue": can_read_queue,
    "can_review": can_review,
    "can_read_compliance": can_read_compliance,
    "can_remind_departments": can_remind_departments,
}
