"""Who may post a status update on a work item or a project (issue 3 permission table), whose reports wait for
their lead, and who signs them off (issue 10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department
from tracker.core.subjects import Subject

if TYPE_CHECKING:
    from tracker.updates.models import StatusUpdate

# Roles that report for their own department; the office reports like a lead where its department is responsible.
_DEPARTMENT_REPORTERS = (Role.LEAD.value, Role.MEMBER.value, Role.OFFICE.value)


def can_post_update(user, subject: Subject) -> bool:
    """Admin anywhere; lead, member and office only where their department is responsible; never a viewer.

    Retired items and projects take no more reports, whoever asks.
    """
    if subject.retired or not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMIN.value):
        return True
    return has_role(user, *_DEPARTMENT_REPORTERS) and in_department(user, subject.responsible_department_id)


def needs_sign_off(user) -> bool:
    """A member's reports are drafts until their lead approves them, where their department says so. Leads',
    the office's and admins' reports take effect at once."""
    department = getattr(user, "department", None)
    return (
        getattr(user, "role", None) == Role.MEMBER.value and department is not None and department.reports_need_sign_off
    )


def can_sign_off(user, update: StatusUpdate) -> bool:
    """A lead of the report author's department who may report on the subject themselves (not an admin, not the
    office: the sign-off is the department's own check before its report counts)."""
    subject = update.work_item or update.project
    return (
        subject is not None
        and has_role(user, Role.LEAD.value)
        and in_department(user, update.author.department_id)
        and can_post_update(user, subject)
    )
