"""Recording changes in the audit log. Services call these; they add and never commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import insert

from tracker.core import clock
from tracker.core.models import AuditEvent
from tracker.core.subjects import SubjectType
from tracker.extensions import db


class AuditEntity(StrEnum):
    """What an audit row is about (`audit_events.entity_type`; the stored strings). Subjects keep their type's."""

    WORK_ITEM = SubjectType.WORK_ITEM.value
    PROJECT = SubjectType.PROJECT.value
    USER = "user"
    DEPARTMENT = "department"
    INDICATOR = "indicator"
    PLAN = "plan"
    SIGN_IN = "sign_in"  # a refused sign-in; entity_id is the account's id, 0 when no account has that name


class AuditAction(StrEnum):
    """What happened (`audit_events.action`; the stored strings)."""

    CREATE = "create"
    UPDATE = "update"
    MOVE = "move"
    RETIRE = "retire"
    RESTORE = "restore"
    REPORT = "report"  # a status update that changed no audited field (only its note); new_value is its id
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"


# Keyed by str: an AuditAction is one, and rows written before a name was retired still read.
ACTION_LABELS: dict[str, LazyString] = {
    AuditAction.CREATE: _l("新建"),
    AuditAction.UPDATE: _l("修改"),
    AuditAction.MOVE: _l("移动"),
    AuditAction.RETIRE: _l("撤销"),
    AuditAction.RESTORE: _l("恢复"),
    AuditAction.REPORT: _l("报送进展"),
    AuditAction.LOGIN_FAILED: _l("登录失败"),
    AuditAction.LOGIN_THROTTLED: _l("登录受限"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


# Words for an entity's audited fields, registered by the feature that owns the entity: the audit page (auth) sits
# below plan and projects and cannot import their labels. A reader answers the field's own name where it has none.
_field_readers: dict[str, Callable[[str], str]] = {}


def register_field_labels(entity: AuditEntity, reader: Callable[[str], str]) -> None:
    _field_readers[entity] = reader


def entity_field_label(entity_type: str, field: str) -> str | None:
    """The owning feature's words for `field` of `entity_type`; None where it names none."""
    reader = _field_readers.get(entity_type)
    label = reader(field) if reader is not None else None
    return label if label and label != field else None


# Words for the stored values of some audited fields ("subtask" → 子任务, "True" → 是), registered with the field's
# label by the owning feature: a timeline or the audit page shows the words, the row keeps the stored value.
_value_readers: dict[str, dict[str, Callable[[str], str]]] = {}


def register_value_labels(entity: AuditEntity, readers: dict[str, Callable[[str], str]]) -> None:
    """`readers`: audited field -> a function giving the words for one of its stored values."""
    _value_readers.setdefault(entity, {}).update(readers)


def audit_value(entity_type: str, field: str, value: str | None) -> str | None:
    """An audited value as a person reads it: its registered words, or the value as stored."""
    reader = _value_readers.get(entity_type, {}).get(field)
    if reader is None or value is None:
        return value
    return reader(value)


_YES_NO = {"True": _l("是"), "False": _l("否")}


def yes_no(value: str) -> str:
    """A stored boolean ("True"/"False", as `record` writes it) in words."""
    return str(_YES_NO.get(value, value))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _remote_addr() -> str:
    return (request.remote_addr or "")[:64] if has_request_context() else "cli"


def record(
    actor_id: int | None,
    entity_type: AuditEntity | SubjectType,
    entity_id: int,
    action: AuditAction,
    field: str = "",
    old: Any = None,
    new: Any = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        entity_type=str(entity_type),
        entity_id=entity_id,
        action=str(action),
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        remote_addr=_remote_addr(),
    )
    db.session.add(event)
    return event


def record_created(
    actor_id: int | None, entity_type: AuditEntity | SubjectType, rows: Iterable[tuple[int, str, Any]]
) -> int:
    """One CREATE event per (entity id, field, value) of many new rows, as `record` writes each, in one INSERT
    (an import of thousands of items would otherwise send one per event where the database cannot batch them:
    nothing reads these events back in the same flush). Values that are None or "" are skipped, as a new row's
    empty fields say nothing. Returns the number of events written."""
    created_at, remote_addr = clock.now(), _remote_addr()
    events = [
        {
            "actor_id": actor_id,
            "entity_type": str(entity_type),
            "entity_id": entity_id,
            "action": str(AuditAction.CREATE),
            "field": field,
            "old_value": None,
            "new_value": _text(value),
            "created_at": created_at,
            "remote_addr": remote_addr,
        }
        for entity_id, field, value in rows
        if value not in (None, "")
    ]
    if events:
        db.session.execute(insert(AuditEvent.__table__), events)
    return len(events)


def record_changes(
    actor_id: int | None, entity_type: AuditEntity | SubjectType, entity_id: int, changes: dict[str, tuple[Any, Any]]
) -> list[AuditEvent]:
    """One event per changed field; unchanged fields are skipped. Returns the events recorded."""
    return [
        record(actor_id, entity_type, entity_id, AuditAction.UPDATE, field, old, new)
        for field, (old, new) in changes.items()
        if _text(old) != _text(new)
    ]
