"""Recording changes in the audit log. Services call these; they add and never commit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l

from tracker.core.models import AuditEvent
from tracker.extensions import db

ACTION_LABELS = {
    "create": _l("新建"),
    "update": _l("修改"),
    "move": _l("移动"),
    "retire": _l("撤销"),
    "restore": _l("恢复"),
    "login_failed": _l("登录失败"),
    "login_throttled": _l("登录受限"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


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
    entity_type: str,
    entity_id: int,
    action: str,
    field: str = "",
    old: Any = None,
    new: Any = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        remote_addr=_remote_addr(),
    )
    db.session.add(event)
    return event


def record_changes(actor_id: int | None, entity_type: str, entity_id: int, changes: dict[str, tuple[Any, Any]]) -> None:
    """One event per changed field; unchanged fields are skipped."""
    for field, (old, new) in changes.items():
        if _text(old) != _text(new):
            record(actor_id, entity_type, entity_id, "update", field, old, new)
