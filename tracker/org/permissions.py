"""Who may manage departments. Org sits below auth, so roles are compared as their stored strings."""

from __future__ import annotations

from tracker.core.permissions import has_role

DEPARTMENT_ADMIN_ROLES = ("admin",)


def can_manage_departments(user) -> bool:
    return has_role(user, *DEPARTMENT_ADMIN_ROLES)
