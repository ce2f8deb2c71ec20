"""Names shown for department kinds (the stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core import audit
from tracker.core.labels import label_reader
from tracker.org.models import DepartmentKind

KIND_LABELS = {
    DepartmentKind.BUREAU.value: _l("市直部门"),
    DepartmentKind.DISTRICT.value: _l("区、县（市）"),
    DepartmentKind.OFFICE.value: _l("办公室"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# A department's audited fields (tracker.org.services.DepartmentData), keyed by the name the audit log stores.
FIELD_LABELS = {
    "code": _l("代码"),
    "name": _l("名称"),
    "short_name": _l("简称"),
    "kind": _l("类别"),
    "sort_order": _l("排序"),
    "active": _l("启用"),
    "reports_need_sign_off": _l("成员进展须经负责人审核"),
}

audit.register_field_labels(audit.AuditEntity.DEPARTMENT, label_reader(FIELD_LABELS))
audit.register_value_labels(
    audit.AuditEntity.DEPARTMENT, {"kind": kind_label, "active": audit.yes_no, "reports_need_sign_off": audit.yes_no}
)
