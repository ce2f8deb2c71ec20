"""Names shown for department kinds (the stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.org.models import DepartmentKind

KIND_LABELS = {
    DepartmentKind.BUREAU.value: _l("市直部门"),
    DepartmentKind.DISTRICT.value: _l("区、县（市）"),
    DepartmentKind.OFFICE.value: _l("办公室"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
