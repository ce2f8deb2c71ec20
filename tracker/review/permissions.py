"""Who reads the office's review pages and who records reviews (issue 3 permission table, issue 4 endpoints).

The office and admins review; managers (viewers) read the queue and the compliance table; a department's
lead and members see what the office asked of their department, and a lead sees their department's row of
the compliance table.
"""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role
from tracker.plan.models import WorkItem
from tracker.projects.models import Project

_REVIEWERS = (Role.ADMIN.value, Role.OFFICE.value)
_QUEUE_READERS = (*_REVIEWERS, Role.VIEWER.value)


def can_read_queue(user) -> bool:
    return has_role(user, *_QUEUE_READERS)


def can_review(user, subject: WorkItem | Project | None = None) -> bool:
    """The office and admins; a retired subject is out of the plan and takes no more reviews."""
    if not has_role(user, *_REVIEWERS):
        return False
    return subject is None or not subject.retired


def can_read_all_requests(user) -> bool:
    """Queue readers see every department's open requests; everyone else only their own department's."""
    return can_read_queue(user)


def can_read_compliance(user) -> bool:
    return can_read_queue(user) or compliance_department_id(user) is not None


def compliance_department_id(user) -> int | None:
    """The one department whose row a lead sees; None for those who see every row (and for everyone else)."""
    if has_role(user, Role.LEAD.value) and user.department_id is not None:
        return user.department_id
    return None


TEMPLATE_RULES = {
    "can_read_review_queue": can_read_queue,
    "can_review": can_review,
    "can_read_compliance": can_read_compliance,
}
