"""Names shown for item kinds, edited fields and audit actions (stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core import audit
from tracker.core.filters import status_label
from tracker.core.labels import label_reader
from tracker.org import assignment
from tracker.plan.models import ContextKind, ItemKind

KIND_LABELS = {
    ItemKind.SECTION.value: _l("章节"),
    ItemKind.TASK.value: _l("主要任务"),
    ItemKind.SUBTASK.value: _l("子任务"),
    ItemKind.PLATFORM.value: _l("重点平台"),
    ItemKind.GOAL.value: _l("具体目标"),
}
kind_label = label_reader(KIND_LABELS)
CONTEXT_KIND_LABELS = {
    ContextKind.HEADING.value: _l("背景标题"),
    ContextKind.TREND.value: _l("发展趋势"),
    ContextKind.ACHIEVEMENT.value: _l("成效"),
    ContextKind.PROBLEM.value: _l("问题"),
    ContextKind.GUIDANCE.value: _l("指导思想"),
    ContextKind.PRINCIPLE.value: _l("基本原则"),
    ContextKind.BOX.value: _l("专栏"),
    ContextKind.BOX_ENTRY.value: _l("专栏条目"),
    ContextKind.INDICATOR_TABLE.value: _l("指标表"),
}
context_kind_label = label_reader(CONTEXT_KIND_LABELS)

# Keyed by the field name written to the audit log (and used in conflict lists).
FIELD_LABELS = {
    "title": _l("标题"),
    "short_name": _l("简称"),
    "outline_no": _l("编号"),
    "mandate": _l("任务内容"),
    "kind": _l("类型"),
    "start_date": _l("开始日期"),
    "due_date": _l("完成期限"),
    "weight": _l("权重"),
    "owner": _l("责任人"),
    "lead_department": _l("牵头部门"),
    "supporting_departments": _l("配合部门"),
    "parent": _l("上级任务"),
    "sort_order": _l("排列位置"),
    "retired": _l("已撤销"),
    "status": _l("状态"),
    "progress": _l("进度"),
    # A status update's late-report fields, audited on the item it reports on.
    "delay_reason": _l("滞后原因"),
    "remedy": _l("整改措施"),
    "expected_completion": _l("预计完成日期"),
    assignment.FIELD: assignment.FIELD_LABEL,
}

field_label = label_reader(FIELD_LABELS)
# A plan's audited fields (its import, tracker.documents.services.import_plan).
PLAN_FIELD_LABELS = {"code": _l("规划代码"), "title": _l("规划名称"), "source": _l("来源文件")}
audit.register_field_labels(audit.AuditEntity.PLAN, label_reader(PLAN_FIELD_LABELS))
audit.register_field_labels(audit.AuditEntity.WORK_ITEM, field_label)
audit.register_value_labels(
    audit.AuditEntity.WORK_ITEM,
    {"kind": kind_label, "status": status_label, "retired": audit.yes_no, assignment.FIELD: assignment.source_label},
)
