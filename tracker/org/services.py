"""Departments: creating, editing and switching off. A department is never deleted: items,
projects, users and audit rows keep pointing at it, so an admin deactivates it instead."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.core import audit, clock
from tracker.core.errors import Problems
from tracker.extensions import db
from tracker.org.models import Department, DepartmentFormerName, DepartmentKind

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LIMITS = {"name": 100, "short_name": 40}
SORT_ORDER_MAX = 999_999_999


@dataclass
class DepartmentData:
    code: str
    name: str
    short_name: str
    kind: str
    sort_order: int
    active: bool
    # Members' reports wait for the lead's sign-off (tracker.updates.sign_off); off unless the admin says so.
    reports_need_sign_off: bool = False


def departments(*, include_inactive: bool = True) -> list[Department]:
    query = select(Department).order_by(Department.sort_order, Department.code)
    if not include_inactive:
        query = query.where(Department.active.is_(True))
    return list(db.session.scalars(query))


def check_department(data: DepartmentData, department: Department | None) -> DepartmentData:
    """The data as stored, or one ValidationError naming every field that is wrong. Writes nothing."""
    data = DepartmentData(**asdict(data))
    data.code, data.name, data.short_name = ((value or "").strip() for value in (data.code, data.name, data.short_name))
    problems = Problems()
    if not _CODE.match(data.code):
        problems.add(_("代码须为 1 到 32 个半角字母、数字、“-”或“_”。"), "code")
    for field, limit in LIMITS.items():
        value = getattr(data, field)
        if not value:
            problems.add(_("此项必填。"), field)
        elif len(value) > limit:
            problems.add(_("不能超过 %(max)d 个字符。", max=limit), field)
        elif _CONTROL.search(value):
            problems.add(_("不能包含控制字符（如 NUL）。"), field)
    if data.kind not in tuple(DepartmentKind):
        problems.add(_("无效的部门类别。"), "kind")
    if not isinstance(data.sort_order, int) or not 0 <= data.sort_order <= SORT_ORDER_MAX:
        problems.add(_("排序须为 0 到 %(n)d 之间的整数。", n=SORT_ORDER_MAX), "sort_order")
    if not problems.has("code"):
        # Case-insensitive, as MariaDB's unique index is: "JXW" and "jxw" are the same code everywhere.
        clash = select(Department.id).where(func.lower(Department.code) == data.code.lower())
        if department is not None:
            clash = clash.where(Department.id != department.id)
        if db.session.scalar(clash) is not None:
            problems.add(_("代码 %(code)s 已被其他部门使用。", code=data.code), "code")
    problems.raise_if_any()
    return data


def create_department(data: DepartmentData, actor_id: int | None) -> Department:
    data = check_department(data, None)
    department = Department(**asdict(data))
    db.session.add(department)
    db.session.flush()
    for field, value in asdict(data).items():
        audit.record(
            actor_id, audit.AuditEntity.DEPARTMENT, department.id, audit.AuditAction.CREATE, field, None, value
        )
    return department


def update_department(
    department: Department, data: DepartmentData, actor_id: int | None, actor_name: str = ""
) -> dict[str, tuple[object, object]]:
    """Apply the edit and audit each changed field; returns the changes. A rename (full or short name) keeps the
    names it replaces as a former name (曾用名), so that documents written before it still find the department."""
    data = check_department(data, department)
    changed = {
        field: (getattr(department, field), value)
        for field, value in asdict(data).items()
        if getattr(department, field) != value
    }
    if "name" in changed or "short_name" in changed:
        department.former_names.insert(
            0,
            DepartmentFormerName(
                name=department.name,
                short_name=department.short_name,
                until=clock.now(),
                renamed_by_id=actor_id,
                renamed_by=actor_name[:100],
            ),
        )
    for field, (_old, new) in changed.items():
        setattr(department, field, new)
    audit.record_changes(actor_id, audit.AuditEntity.DEPARTMENT, department.id, changed)
    db.session.flush()
    return changed


def name_key(name: str) -> str:
    """A department name as compared: full-width forms folded to half-width (NFKC: （ → (, Ａ → A), every space
    removed (documents set names with stray and ideographic spaces), letters case-folded."""
    return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


class DepartmentNames:
    """Every department found by any name it carries or carried, read once (two statements) for many look-ups,
    as a document importer needs. Names are not unique: a look-up gives every candidate, and a caller that needs
    one department decides what several (or a switched-off one) mean; nothing here picks the first."""

    def __init__(self) -> None:
        self._current: dict[str, list[Department]] = {}
        self._former: dict[str, list[Department]] = {}
        for department in departments():
            for name in (department.name, department.short_name):
                _add_candidate(self._current, name, department)
        query = select(DepartmentFormerName).order_by(DepartmentFormerName.until.desc(), DepartmentFormerName.id.desc())
        for former in db.session.scalars(query):
            for name in (former.name, former.short_name):
                _add_candidate(self._former, name, former.department)

    def candidates(self, name: str) -> list[Department]:
        """The departments that carry `name` now (in department order); when none does, those that carried it
        (the latest rename first). Empty when no department carries or carried it."""
        key = name_key(name)
        if not key:
            return []
        return list(self._current.get(key) or self._former.get(key) or [])

    def find(self, name: str) -> Department | None:
        """The one department `name` names, or None when none or several do."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None


def _add_candidate(index: dict[str, list[Department]], name: str, department: Department) -> None:
    found = index.setdefault(name_key(name), [])
    if all(candidate is not department for candidate in found):
        found.append(department)
