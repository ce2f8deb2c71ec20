"""二、主要任务进展: each main task (ItemKind.TASK) under a heading of its own, then a table of it and the items one
level below it: number, title, status, progress, lead department, the latest note that took effect by the period's
end. In a department's report: the tasks it is involved in, with their sub-tasks in its scope (a task whose
sub-task it leads is listed for that sub-task)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Row as SqlRow
from sqlalchemy import func, or_, select

from tracker.core.filters import status_label
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.outline import numbered, shown_number
from tracker.plan.outline_paths import full_outlines
from tracker.reports import formats, text
from tracker.reports.blocks import Captions, note, notice
from tracker.reports.document import Block, Column, Heading, Row, Table
from tracker.reports.journal import LatestWord, latest_words
from tracker.reports.scope import ReportScope


def _header() -> tuple[Column, ...]:
    return (
        Column(_("序号"), 0.1),
        Column(_("任务"), 0.3),
        Column(_("状态"), 0.08, "center"),
        Column(_("进度"), 0.08, "right"),
        Column(_("牵头部门"), 0.12),
        Column(_("最新进展"), 0.32),
    )


def _rows(statement) -> list[SqlRow]:
    return list(
        db.session.execute(
            statement.outerjoin(Department, Department.id == WorkItem.lead_department_id).order_by(WorkItem.path)
        )
    )


def _columns():
    return select(
        WorkItem.id,
        WorkItem.parent_id,
        WorkItem.path,
        WorkItem.outline_no,
        WorkItem.outline_added,
        WorkItem.title,
        WorkItem.status,
        WorkItem.rollup_progress,
        func.coalesce(func.nullif(Department.short_name, ""), Department.name).label("department"),
    )


def main_tasks(scope: ReportScope, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("二、主要任务进展"), 1)]
    tasks_in_plan = select(WorkItem.id).where(WorkItem.live_in(scope.plan.id), WorkItem.kind == ItemKind.TASK.value)
    children = _rows(_columns().where(scope.items(), WorkItem.parent_id.in_(tasks_in_plan)))
    parents_in_scope = {child.parent_id for child in children}
    tasks = _rows(
        _columns().where(
            WorkItem.live_in(scope.plan.id),
            WorkItem.kind == ItemKind.TASK.value,
            or_(scope.items(), WorkItem.id.in_(sorted(parents_in_scope))),
        )
    )
    if not tasks:
        blocks.append(notice(_nothing(scope)))
        return blocks
    outlines = full_outlines(scope.plan.id, {task.id: task.path for task in tasks})
    words = latest_words([row.id for row in (*tasks, *children)], scope.period.end)
    under: dict[int, list[SqlRow]] = defaultdict(list)
    for child in children:
        under[child.parent_id].append(child)
    blocks.append(
        note(
            _(
                "以下列出%(count)d项主要任务及其下一级任务。状态和进度截至%(today)s；最新进展为%(end)s前最近一次"
                "生效的进展报送。",
                count=len(tasks),
                today=formats.day(scope.today),
                end=formats.day(scope.period.end),
            )
        )
    )
    header = _header()
    for task in tasks:
        # The plan's own number (三、(一)1.), which readers cite, rather than a second numbering of the report's.
        blocks.append(Heading(numbered(outlines.get(task.id, ""), text.line(task.title)), 2))
        rows = [_row(task, outlines.get(task.id, ""), words.get(task.id), level=0)]
        rows += [
            _row(child, shown_number(child.outline_no, child.outline_added), words.get(child.id), level=1)
            for child in under[task.id]
        ]
        blocks.append(Table(header, tuple(rows), captions.table(text.line(task.title, 60))))
    return blocks


def _nothing(scope: ReportScope) -> str:
    if scope.department is None:
        return _("规划未列出主要任务。")
    return _("%(department)s没有牵头或参与的主要任务。", department=text.line(scope.department.name))


def _row(item: SqlRow, outline: str, word: LatestWord | None, level: int) -> Row:
    return Row(
        (
            outline,
            text.line(item.title),
            status_label(item.status),
            formats.percent(Decimal(item.rollup_progress)),
            text.line(item.department or ""),
            text.clean(word.note) if word is not None else "",
        ),
        emphasis=level == 0,
        level=level,
    )
