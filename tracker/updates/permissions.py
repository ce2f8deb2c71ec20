"""Who may post a status update on a work item or a project (issue 3 permission table)."""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department
from tracker.core.subjects import Subject

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
