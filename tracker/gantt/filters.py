"""The timeline's filters, read from the URL (so a view can be bookmarked): the lead department, statuses (several),
kind. A value that makes no sense is dropped with a notice (core.params.FilterArgs), never a failed page."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tracker.core.params import FilterArgs
from tracker.core.statuses import STATUS_VALUES
from tracker.plan.models import ItemKind


@dataclass
class TimelineFilters:
    department_id: int | None = None  # the lead department
    statuses: tuple[str, ...] = ()
    kind: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.department_id is not None or self.statuses or self.kind)


def parse_filters(args: MultiDict[str, str], departments: Container[int]) -> TimelineFilters:
    read = FilterArgs(args)
    department_id = read.id_in("department", departments, _("未找到所选部门，部门筛选已忽略。"))
    kind = read.choice("kind", tuple(ItemKind), _("未知的类型，类型筛选已忽略。"))
    wanted = [value.strip() for value in args.getlist("status") if value.strip()]
    statuses = tuple(value for value in STATUS_VALUES if value in wanted)
    if len(set(wanted)) != len(statuses):
        read.notices.append(_("未知的状态，状态筛选已忽略。"))
    return TimelineFilters(department_id=department_id, statuses=statuses, kind=kind, notices=read.notices)
