"""Who reads the office's review pages and who records reviews (issue 3 permission table, issue 4 endpoints).

The office and admins review. Everyone signed in reads the queue and the compliance table (DESIGN: everyone
reads everything); the requests page opens on the reader's own department unless they oversee all of them.
"""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role
from tracker.core.subjects import Subject

_REVIEWERS = (Role.ADMIN.value, Role.OFFICE.value)
# Those who oversee every department: their requests page lists all of them.
_OVERSEERS = (*_REVIEWERS, Role.VIEWER.value)


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


TEMPLATE_RULES = {
    "can_read_review_queue": can_read_queue,
    "can_review": can_review,
    "can_read_compliance": can_read_compliance,
    "can_remind_departments": can_remind_departments,
}
