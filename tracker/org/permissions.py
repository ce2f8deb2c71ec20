"""Who may manage departments. Org sits below auth, so roles are compared as their stored strings."""

from __future__ import annotations

from tracker.core.permissions import has_role

DEPARTMENT_ADMIN_ROLES = ("admin",)


def can_manage_departments(user) -> bool:
    return has_role(user, *DEPARTMENT_ADMIN_ROLES)


# Who confirms the office's default departments of items and indicators (or sets others): the office decides the
# division of work, so a department lead may not confirm their own assignment.
ASSIGNMENT_CONFIRM_ROLES = ("admin", "office")


def can_confirm_assignments(user) -> bool:
    return has_role(user, *ASSIGNMENT_CONFIRM_ROLES)
