"""Reading the audit log for the admin page. Nothing here (or anywhere) edits or deletes audit rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from tracker.auth.models import User
from tracker.core.audit import AuditEntity, action_label, entity_field_label
from tracker.core.labels import label_reader
from tracker.core.localtime import utc_start_of
from tracker.core.models import AuditEvent
from tracker.extensions import db

ENTITY_LABELS: dict[str, object] = {
    AuditEntity.USER: _l("用户"),
    AuditEntity.DEPARTMENT: _l("部门"),
    AuditEntity.WORK_ITEM: _l("工作任务"),
    AuditEntity.PROJECT: _l("项目"),
    AuditEntity.INDICATOR: _l("指标"),
    AuditEntity.PLAN: _l("规划"),
    AuditEntity.SIGN_IN: _l("登录"),
}

# Fields of the entities this feature audits; other features' field names are shown as they are stored.
FIELD_LABELS = {
    "username": _l("用户名"),
    "display_name": _l("姓名"),
    "email": _l("电子邮箱"),
    "role": _l("角色"),
    "department": _l("部门"),
    "active": _l("启用"),
    "password": _l("密码"),
    "code": _l("代码"),
    "name": _l("名称"),
    "short_name": _l("简称"),
    "kind": _l("类别"),
    "sort_order": _l("排序"),
    "status": _l("状态"),
    "progress": _l("进度"),
    "delay_reason": _l("滞后原因"),
    "remedy": _l("整改措施"),
    "expected_completion": _l("预计完成日期"),
}


def field_label(entity_type: str, field: str) -> str | None:
    """Words for an audited field: the owning feature's (work items, projects), else this feature's; None if none."""
    label = entity_field_label(entity_type, field) or FIELD_LABELS.get(field)
    return str(label) if label is not None else None


entity_label = label_reader(ENTITY_LABELS)
# What the audit page's template calls to show the stored names in words.
TEMPLATE_HELPERS = {"entity_label": entity_label, "action_label": action_label, "field_label": field_label}


@dataclass
class AuditFilter:
    entity_type: str | None = None
    entity_id: int | None = None
    actor_id: int | None = None
    # Inclusive calendar days in the configured zone, the days the page shows the (UTC) stored times on.
    date_from: date | None = None
    date_to: date | None = None


def audit_query(criteria: AuditFilter) -> Select:
    """Rows of (AuditEvent, actor User or None), newest first."""
    query = select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.actor_id)
    if criteria.entity_type:
        query = query.where(AuditEvent.entity_type == criteria.entity_type)
    if criteria.entity_id is not None:
        query = query.where(AuditEvent.entity_id == criteria.entity_id)
    if criteria.actor_id is not None:
        query = query.where(AuditEvent.actor_id == criteria.actor_id)
    if criteria.date_from is not None:
        query = query.where(AuditEvent.created_at >= utc_start_of(criteria.date_from))
    if criteria.date_to is not None and criteria.date_to < date.max:
        query = query.where(AuditEvent.created_at < utc_start_of(criteria.date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def entity_types() -> list[str]:
    """Every type that has rows, plus the known ones, for the filter's choices."""
    present = db.session.scalars(select(AuditEvent.entity_type).distinct())
    return sorted(set(present) | set(ENTITY_LABELS))
