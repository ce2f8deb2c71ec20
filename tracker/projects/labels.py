"""Names shown for a project's audited fields, budget cells ("2013.spent") included."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from tracker.core import audit
from tracker.core.filters import status_label
from tracker.plan.labels import field_label
from tracker.projects.budget import COLUMN_LABELS
from tracker.projects.services import FIELD_LABELS

_BUDGET_CELL = re.compile(r"^(\d{4})\.(approved|allocated|spent)$")


def project_field_label(field: str) -> str:
    """The label for a field audited on a project; anything else is named as the plan names it."""
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    cell = _BUDGET_CELL.match(field)
    if cell:
        return _("%(year)s 年预算·%(column)s", year=cell.group(1), column=COLUMN_LABELS[cell.group(2)])
    return field_label(field)


audit.register_field_labels(audit.AuditEntity.PROJECT, project_field_label)
audit.register_value_labels(audit.AuditEntity.PROJECT, {"status": status_label})
