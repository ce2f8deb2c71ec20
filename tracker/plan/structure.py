"""Changing work items: editing details, adding a child, moving, retiring and restoring.

Each function checks the actor's right itself (the views check first only to answer 403 before showing a
form), validates everything before it writes, records every change in the audit log (field, old → new),
flushes and never commits. Items are never deleted: retiring hides a subtree and keeps its history.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnExpressionArgument, Select, func, select

from tracker.auth.models import User
from tracker.core import audit, clock
from tracker.core.dates import check_date_window
from tracker.core.errors import ConflictError, PermissionDenied, Problems, ValidationError
from tracker.core.transactions import flush
from tracker.extensions import db
from tracker.org.assignment import departments_set_by_office
from tracker.org.models import Department
from tracker.plan.labels import field_label
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.outline import numbered
from tracker.plan.owner_notice import notify_new_owner
from tracker.plan.permissions import can_change_structure, editable_fields, may_assign_owner

ENTITY = audit.AuditEntity.WORK_ITEM
TITLE_MAX = 300
SHORT_NAME_MAX = 40
OUTLINE_MAX = 16
MANDATE_MAX = 20000
WEIGHT_MAX = Decimal(100)
WEIGHT_STEP = Decimal("0.01")
# Shown in a conflict list instead of a long text.
SHOWN_TEXT_MAX = 60

_SINGLE_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MULTILINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Line breaks outside the control characters: NEL, the line and the paragraph separator.
_LINE_SEPARATORS = "\x85\u2028\u2029"

# Form field → the item attribute (and audit field) it sets, where the two differ.
_ATTRIBUTE = {
    "owner_id": "owner",
    "lead_department_id": "lead_department",
    "supporting_department_ids": "supporting_departments",
}
_PLAIN_ATTRIBUTES = ("title", "short_name", "outline_no", "mandate", "start_date", "due_date", "weight")


class Unset(enum.Enum):
    """A field that is not part of an edit (the user may not set it, so the form never read it)."""

    UNSET = "unset"


UNSET = Unset.UNSET
# A select's value: an id, none, or (forged) text the form kept as sent so that the checks refuse it at its field.
SelectedId = int | str | None


@dataclass(frozen=True)
class ItemDetails:
    """An edit of a work item's details, under the edit form's field names (permissions.DETAIL_FIELDS). Only the
    fields given are part of the edit; a user may give only those `editable_fields` grants them."""

    title: str | Unset | None = UNSET
    short_name: str | Unset | None = UNSET
    outline_no: str | Unset | None = UNSET
    mandate: str | Unset | None = UNSET
    start_date: date | Unset | None = UNSET
    due_date: date | Unset | None = UNSET
    weight: Decimal | Unset | None = UNSET
    owner_id: SelectedId | Unset = UNSET
    lead_department_id: SelectedId | Unset = UNSET
    supporting_department_ids: list[SelectedId] | Unset | None = UNSET

    def given(self) -> dict[str, Any]:
        """Field name -> value, for the fields that are part of the edit."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not UNSET}


@dataclass(frozen=True)
class NewChild:
    """A new item under a parent, as the new-child form sends it."""

    kind: str | None = None
    title: str | None = None
    outline_no: str | None = None
    mandate: str | None = None
    start_date: date | None = None
    due_date: date | None = None
    lead_department_id: SelectedId = None


# ---------------------------------------------------------------------------------------------------------------
# Showing values (audit log, conflict lists)


def user_text(user: User | None) -> str | None:
    return None if user is None else f"{user.display_name} (#{user.id})"


def department_text(department: Department | None) -> str | None:
    return None if department is None else department.name


def departments_text(departments: list[Department]) -> str:
    return "、".join(d.name for d in departments)


def item_text(item: WorkItem | None) -> str:
    if item is None:
        return _("（顶层）")
    return numbered(item.shown_outline_no, item.title)


def _audit_value(attribute: str, value: Any) -> Any:
    if attribute == "owner":
        return user_text(value)
    if attribute == "lead_department":
        return department_text(value)
    if attribute == "supporting_departments":
        return departments_text(value)
    return value


def _shown(attribute: str, value: Any) -> str:
    value = _audit_value(attribute, value)
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    return text if len(text) <= SHOWN_TEXT_MAX else text[:SHOWN_TEXT_MAX] + "…"


# ---------------------------------------------------------------------------------------------------------------
# Checking values


def _clean_text(value: Any, field: str, max_length: int, *, required: bool = False, multiline: bool = False) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if multiline:
        # Browsers send textarea line breaks as CRLF; stored text (and the plan's own) uses LF, so that saving
        # an untouched form changes nothing.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if required and not text:
        raise ValidationError(_("此项必填。"), field=field)
    if len(text) > max_length:
        raise ValidationError(_("不能超过 %(max)d 个字符。", max=max_length), field=field)
    if (_MULTILINE_CONTROL if multiline else _SINGLE_LINE_CONTROL).search(text):
        raise ValidationError(_("不能包含控制字符（如 NUL）。"), field=field)
    return text


def _clean_short_name(value: Any) -> str:
    """The name people use: one line (a line break, Unicode's own separators included, would split the name
    beside the title and the export's cell)."""
    text = _clean_text(value, "short_name", SHORT_NAME_MAX)
    if any(ch in _LINE_SEPARATORS for ch in text):
        raise ValidationError(_("简称不能换行。"), field="short_name")
    return text


def _clean_weight(value: Any) -> Decimal:
    try:
        weight = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        weight = Decimal("NaN")
    if not weight.is_finite() or not Decimal(0) <= weight <= WEIGHT_MAX:
        raise ValidationError(_("权重须为 0 到 100 之间的数，最多两位小数。"), field="weight")
    return weight.quantize(WEIGHT_STEP)


def _clean_kind(value: Any) -> str:
    if value not in tuple(ItemKind):
        raise ValidationError(_("请选择有效的类型。"), field="kind")
    return str(value)


def _check_dates(start: date | None, due: date | None) -> None:
    if start is not None and due is not None and due < start:
        raise ValidationError(_("结束日期不能早于开始日期。"), field="due_date")


def _department(department_id: int | None, field: str, current: Department | None = None) -> Department | None:
    """The department chosen; one switched off later may be kept but not chosen anew."""
    if department_id is None:
        return None
    # A forged value the form kept as sent (its own message says so) is never looked up.
    department = db.session.get(Department, department_id) if isinstance(department_id, int) else None
    if department is None:
        raise ValidationError(_("所选部门不存在。"), field=field)
    if not department.active and department is not current:
        raise ValidationError(_("该部门已停用，不能选择。"), field=field)
    return department


def _supporting(ids: list[int], current: list[Department]) -> list[Department]:
    wanted = set(ids)
    if not wanted:
        return []
    if not all(isinstance(i, int) for i in wanted):
        raise ValidationError(_("所选部门不存在。"), field="supporting_department_ids")
    found = list(db.session.scalars(select(Department).where(Department.id.in_(wanted))))
    if len(found) != len(wanted):
        raise ValidationError(_("所选部门不存在。"), field="supporting_department_ids")
    kept = {d.id for d in current}
    if any(not d.active and d.id not in kept for d in found):
        raise ValidationError(_("该部门已停用，不能选择。"), field="supporting_department_ids")
    return sorted(found, key=lambda d: (d.sort_order, d.id))


def _owner(owner_id: int | None, item: WorkItem, actor: User) -> User | None:
    if owner_id is None:
        return None
    if owner_id == item.owner_id:
        return item.owner  # keeping the owner is always allowed, even one who has since left
    owner = db.session.get(User, owner_id) if isinstance(owner_id, int) else None
    if owner is None or not may_assign_owner(actor, owner):
        raise ValidationError(_("只能指定可选范围内的在职用户为责任人。"), field="owner_id")
    return owner


# ---------------------------------------------------------------------------------------------------------------
# Editing details


def _checked_date(value: Any, field: str) -> date | None:
    if value is not None and not isinstance(value, date):
        raise ValidationError(_("请输入有效日期，格式为 YYYY-MM-DD。"), field=field)
    return check_date_window(value, field)


def _resolve(item: WorkItem, details: ItemDetails, actor: User, problems: Problems) -> dict[str, Any]:
    """The edit's fields → checked attribute values (objects instead of ids); each refusal goes to `problems` and
    its attribute is left out."""
    checks = {
        "title": lambda v: _clean_text(v, "title", TITLE_MAX, required=True),
        "short_name": _clean_short_name,
        "outline_no": lambda v: _clean_text(v, "outline_no", OUTLINE_MAX),
        "mandate": lambda v: _clean_text(v, "mandate", MANDATE_MAX, multiline=True),
        "start_date": lambda v: _checked_date(v, "start_date"),
        "due_date": lambda v: _checked_date(v, "due_date"),
        "weight": _clean_weight,
        "owner_id": lambda v: _owner(v, item, actor),
        "lead_department_id": lambda v: _department(v, "lead_department_id", item.lead_department),
        "supporting_department_ids": lambda v: _supporting(list(v or []), item.supporting_departments),
    }
    attributes = {
        "owner_id": "owner",
        "lead_department_id": "lead_department",
        "supporting_department_ids": "supporting_departments",
    }
    resolved: dict[str, Any] = {}
    values = details.given()
    for name, check in checks.items():
        if name not in values:
            continue
        value = problems.check(check, values[name])
        if not problems.has(name):  # every check refuses at its own field name
            resolved[attributes.get(name, name)] = value
    return resolved


def _stored(item: WorkItem, attribute: str) -> Any:
    return getattr(item, attribute)


def _same(attribute: str, old: Any, new: Any) -> bool:
    if attribute in ("owner", "lead_department"):
        return (old.id if old else None) == (new.id if new else None)
    if attribute == "supporting_departments":
        return {d.id for d in old} == {d.id for d in new}
    return old == new


def item_conflict(item: WorkItem, details: ItemDetails, actor: User) -> ConflictError:
    """The refusal shown when someone saved this item after the user loaded it: each submitted field whose
    value differs from the stored one, as (label, your value, stored value)."""
    resolved = _resolve(item, details, actor, Problems())
    changes = [
        (field_label(attribute), _shown(attribute, new), _shown(attribute, _stored(item, attribute)))
        for attribute, new in resolved.items()
        if not _same(attribute, _stored(item, attribute), new)
    ]
    return ConflictError(
        _(
            "保存失败：在您打开此页之后，其他人已修改了这条任务。下面列出您填写的内容与当前保存内容的不同之处；"
            "请核对，如仍要保存您的内容，请再次提交。"
        ),
        changes=changes,
    )


def check_item_edit(item: WorkItem, details: ItemDetails, actor: User) -> dict[str, Any]:
    """The checked attribute values of an edit, or one ValidationError naming every field that is wrong.

    Writes nothing, so a view can run it on a submit the form already refused and show every message at once.
    """
    problems = Problems()
    resolved = _resolve(item, details, actor, problems)
    if not problems.has("start_date") and not problems.has("due_date"):
        problems.check(
            _check_dates, resolved.get("start_date", item.start_date), resolved.get("due_date", item.due_date)
        )
    lead = resolved.get("lead_department", item.lead_department)
    supporting = resolved.get("supporting_departments", item.supporting_departments)
    if lead is not None and any(d.id == lead.id for d in supporting):
        field = "supporting_department_ids" if "supporting_departments" in resolved else "lead_department_id"
        problems.add(_("牵头部门不能同时作为配合部门。"), field)
    problems.raise_if_any()
    return resolved


def edit_item(item: WorkItem, details: ItemDetails, expected_version: int | None, actor: User) -> list[str]:
    """Apply an edit and return the changed attributes.

    A user may give only the fields `editable_fields` grants them: a lead, the owner alone.
    """
    allowed = editable_fields(actor, item)
    if not allowed or not set(details.given()) <= set(allowed):
        raise PermissionDenied(_("您没有修改这些内容的权限。"))
    resolved = check_item_edit(item, details, actor)
    if expected_version != item.version:
        raise item_conflict(item, details, actor)

    previous_owner_id = item.owner_id
    changes: dict[str, tuple[Any, Any]] = {}
    for attribute, new in resolved.items():
        old = _stored(item, attribute)
        if _same(attribute, old, new):
            continue
        changes[attribute] = (_audit_value(attribute, old), _audit_value(attribute, new))
        setattr(item, attribute, list(new) if attribute == "supporting_departments" else new)
    if changes:
        audit.record_changes(actor.id, ENTITY, item.id, changes)
        if {"lead_department", "supporting_departments"} & set(changes):
            departments_set_by_office(item, actor.id, ENTITY)
        # A change to the supporting departments alone touches no column of the item; this moves its version.
        item.updated_at = clock.now()
        flush()
        if "owner" in changes:
            notify_new_owner(item, previous_owner_id, item.owner, actor)
    return list(changes)


# ---------------------------------------------------------------------------------------------------------------
# Structure


def _require_structure_right(actor: User) -> None:
    if not can_change_structure(actor):
        raise PermissionDenied(_("只有信息化办公室和系统管理员可以调整规划结构。"))


def _descendants(item: WorkItem, *conditions: ColumnExpressionArgument[bool]) -> Select[WorkItem]:
    """The items below `item` (by its materialized path, not by walking the plan) that meet `conditions`."""
    return (
        select(WorkItem)
        .where(WorkItem.in_subtree_of(item), WorkItem.id != item.id, *conditions)
        .order_by(WorkItem.path)
    )


def descendant_ids(item: WorkItem) -> set[int]:
    return set(db.session.scalars(_descendants(item).with_only_columns(WorkItem.id)))


def check_new_child(new: NewChild) -> dict[str, Any]:
    """The checked values of a new child (kind, title, outline_no, mandate, start_date, due_date, lead_department),
    or one ValidationError naming every field that is wrong. Writes nothing."""
    problems = Problems()
    checked = {
        "kind": problems.check(_clean_kind, new.kind),
        "title": problems.check(_clean_text, new.title, "title", TITLE_MAX, required=True),
        "outline_no": problems.check(_clean_text, new.outline_no or "", "outline_no", OUTLINE_MAX),
        "mandate": problems.check(_clean_text, new.mandate or "", "mandate", MANDATE_MAX, multiline=True),
        "start_date": problems.check(_checked_date, new.start_date, "start_date"),
        "due_date": problems.check(_checked_date, new.due_date, "due_date"),
        "lead_department": problems.check(_department, new.lead_department_id, "lead_department_id"),
    }
    if not problems.has("start_date") and not problems.has("due_date"):
        problems.check(_check_dates, checked["start_date"], checked["due_date"])
    problems.raise_if_any()
    return checked


def add_child(parent: WorkItem, new: NewChild, actor: User) -> WorkItem:
    """A new item under `parent`, placed after its last sibling."""
    _require_structure_right(actor)
    if parent.retired:
        raise ValidationError(_("已撤销的任务下不能新增子任务。"))
    checked = check_new_child(new)
    last = db.session.scalar(select(func.max(WorkItem.sort_order)).where(WorkItem.parent_id == parent.id))
    child = WorkItem(
        plan_id=parent.plan_id,
        parent=parent,
        sort_order=(last or 0) + 1,
        **checked,
    )
    db.session.add(child)
    flush()
    initial = {
        "title": checked["title"],
        "kind": checked["kind"],
        "outline_no": checked["outline_no"],
        "parent": item_text(parent),
        "start_date": checked["start_date"],
        "due_date": checked["due_date"],
        "lead_department": department_text(checked["lead_department"]),
    }
    for field, value in initial.items():
        if value not in (None, ""):
            audit.record(actor.id, ENTITY, child.id, audit.AuditAction.CREATE, field, None, value)
    return child


def _siblings(plan_id: int, parent_id: int | None, excluding: int) -> list[WorkItem]:
    query = select(WorkItem).where(WorkItem.live_in(plan_id), WorkItem.id != excluding)
    query = query.where(WorkItem.parent_id.is_(None) if parent_id is None else WorkItem.parent_id == parent_id)
    return list(db.session.scalars(query.order_by(WorkItem.sort_order, WorkItem.id)))


def check_move(item: WorkItem, new_parent_id: int | None, position: int | None) -> None:
    """One ValidationError naming every problem with the new place (parent and position). Writes nothing."""
    problems = Problems()
    if new_parent_id is not None:
        # A value the form refused (not an id) reaches here as sent: it names no item.
        new_parent = db.session.get(WorkItem, new_parent_id) if isinstance(new_parent_id, int) else None
        if new_parent is None or new_parent.plan_id != item.plan_id:
            problems.add(_("所选上级任务不在本规划中。"), "parent_id")
        elif new_parent.is_below(item):
            problems.add(_("不能把任务移到它自己或它的下级任务之下。"), "parent_id")
        elif new_parent.retired:
            problems.add(_("不能移到已撤销的任务之下。"), "parent_id")
    if position is not None and position < 1:
        problems.add(_("位置须为不小于 1 的整数。"), "position")
    problems.raise_if_any()


def move_item(
    item: WorkItem, new_parent_id: int | None, position: int | None, expected_version: int | None, actor: User
) -> bool:
    """Put `item` under `new_parent_id` (None: top level) at `position` (1 = first; None: last) among its new
    siblings. Returns whether anything changed."""
    _require_structure_right(actor)
    if item.retired:
        raise ValidationError(_("已撤销的任务不能移动。"))
    if expected_version != item.version:
        raise ConflictError(
            _("保存失败：在您打开此页之后，其他人已修改了这条任务。请核对当前位置后再次提交。"),
            changes=[(field_label("parent"), None, item_text(item.parent))],
        )
    check_move(item, new_parent_id, position)

    old_parent = item.parent
    siblings = _siblings(item.plan_id, new_parent_id, item.id)
    index = len(siblings) if position is None else min(position - 1, len(siblings))
    same_parent = new_parent_id == item.parent_id
    old_index = sum(1 for s in siblings if (s.sort_order, s.id) < (item.sort_order, item.id))  # under the same parent
    if same_parent and old_index == index:
        return False

    if index == len(siblings):
        item.sort_order = (siblings[-1].sort_order + 1) if siblings else 1
    else:
        # Inserting between siblings renumbers them: sort_order is only ever compared among siblings.
        for number, sibling in enumerate([*siblings[:index], item, *siblings[index:]], start=1):
            if sibling.sort_order != number:
                sibling.sort_order = number
    if not same_parent:
        new_parent = db.session.get(WorkItem, new_parent_id) if new_parent_id is not None else None
        item.parent = new_parent
        audit.record(
            actor.id, ENTITY, item.id, audit.AuditAction.MOVE, "parent", item_text(old_parent), item_text(new_parent)
        )
    else:
        audit.record(actor.id, ENTITY, item.id, audit.AuditAction.MOVE, "sort_order", old_index + 1, index + 1)
    item.updated_at = clock.now()
    flush()
    return True


def retire_item(item: WorkItem, actor: User) -> int:
    """Retire the item and its open descendants (hidden from the tree, kept with their history).
    Returns how many items were retired."""
    _require_structure_right(actor)
    if item.retired:
        raise ValidationError(_("该任务已撤销。"))
    targets = [item, *db.session.scalars(_descendants(item, WorkItem.live))]
    for target in targets:
        target.retired = True
        audit.record(actor.id, ENTITY, target.id, audit.AuditAction.RETIRE, "retired", False, True)
    flush()
    return len(targets)


def restore_item(item: WorkItem, actor: User) -> int:
    """Undo a retirement: the item and its retired descendants come back. Returns how many."""
    _require_structure_right(actor)
    if not item.retired:
        raise ValidationError(_("该任务未被撤销。"))
    if item.parent is not None and item.parent.retired:
        raise ValidationError(_("它的上级任务已撤销，请先恢复上级任务。"))
    targets = [item, *db.session.scalars(_descendants(item, ~WorkItem.live))]
    for target in targets:
        target.retired = False
        audit.record(actor.id, ENTITY, target.id, audit.AuditAction.RESTORE, "retired", True, False)
    flush()
    return len(targets)
