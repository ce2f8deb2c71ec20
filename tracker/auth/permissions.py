"""Who may manage accounts and read the audit log: admins only."""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role

USER_ADMIN_ROLES = (Role.ADMIN.value,)


def can_manage_users(user) -> bool:
    return has_role(user, *USER_ADMIN_ROLES)


def can_read_audit_log(user) -> bool:
    return has_role(user, *USER_ADMIN_ROLES)
