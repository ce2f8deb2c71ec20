"""Who may read and add evidence files (used by views and templates alike)."""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department
from tracker.core.subjects import Subject

# Those who report on a subject add its evidence: the same people as tracker.updates.permissions.can_post_update
# (a test keeps the two rules together; this feature sits below updates and cannot import it).
_DEPARTMENT_REPORTERS = (Role.LEAD.value, Role.MEMBER.value, Role.OFFICE.value)


def can_read_files(user, subject: Subject | None = None) -> bool:
    """Anyone who may read the subject: today every signed-in active user reads everything (DESIGN.md)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_download(user, attachment) -> bool:
    """Whoever may read the file's subject. Everyone signed in reads every subject, so the subject is not loaded
    for the question; when that changes, load it here."""
    return can_read_files(user)


def can_add_files(user, subject: Subject) -> bool:
    """Admin anywhere; lead, member and office where their department is responsible; never a viewer, and nothing
    more on a retired item or project."""
    if subject.retired or not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMIN.value):
        return True
    return has_role(user, *_DEPARTMENT_REPORTERS) and in_department(user, subject.responsible_department_id)


TEMPLATE_GLOBALS = {"can_read_files": can_read_files, "can_add_files": can_add_files}
