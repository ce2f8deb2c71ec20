"""Who may export and import.

Every signed-in user may export what they can read (everyone reads the plan; the review queue sheet follows the
queue's own reading rule). Importing posts status updates, so viewers may not; which rows a user may change is
decided per row by tracker.updates.permissions.can_post_update. A preview belongs to its uploader alone.
"""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role
from tracker.exports.models import ImportBatch

_IMPORTERS = (Role.ADMIN.value, Role.OFFICE.value, Role.LEAD.value, Role.MEMBER.value)


def can_import(user) -> bool:
    return has_role(user, *_IMPORTERS)


def owns_batch(user, batch: ImportBatch) -> bool:
    """Only the uploader sees or confirms a batch; for anyone else it does not exist (404, not 403)."""
    return bool(getattr(user, "is_authenticated", False)) and batch.user_id == user.id


TEMPLATE_GLOBALS = {"can_import": can_import}
