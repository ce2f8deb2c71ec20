"""What the implementation report says: the cover and its six sections, for a period and a scope.

Each section is a module of tracker.reports.sections; this module puts them in order. The result is a
ReportDocument (tracker.reports.document), which the writers lay out as Word and PDF. The plan's summary
(tracker.dashboard.summary) is read once and shared by the sections that need it; the whole report takes a fixed
number of statements whatever the size of the plan.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.dashboard.summary import plan_summary
from tracker.extensions import db
from tracker.org.models import Department, DepartmentKind
from tracker.plan.models import Plan
from tracker.reports import formats, text
from tracker.reports.blocks import Captions
from tracker.reports.document import Block, Cover, ReportDocument
from tracker.reports.periods import ReportPeriod
from tracker.reports.scope import ReportScope
from tracker.reports.sections.budget import budget
from tracker.reports.sections.compliance import compliance
from tracker.reports.sections.indicators import indicators
from tracker.reports.sections.overdue import overdue_items
from tracker.reports.sections.overview import overview
from tracker.reports.sections.tasks import main_tasks

# A plan document printed in parts carries the part in its title ("…发展规划 （上）"); the report covers the plan.
_PART_MARKER = re.compile(r"[\s\u00a0\u3000]*[（(][上中下][)）]$")


def report_issuer(configured: str) -> str:
    """Who issues the report: TRACKER_REPORT_ISSUER when set, else the first active office (by sort order), else
    规划实施办公室."""
    if configured.strip():
        return text.line(configured)
    name = db.session.scalar(
        select(Department.name)
        .where(Department.kind == DepartmentKind.OFFICE.value, Department.active)
        .order_by(Department.sort_order, Department.id)
        .limit(1)
    )
    return text.line(name) if name else _("规划实施办公室")


def plan_name(plan: Plan) -> str:
    """The plan's title as a report names it: cleaned, without a part marker."""
    return _PART_MARKER.sub("", text.line(plan.title, 200))


def build_report(
    plan: Plan, period: ReportPeriod, department: Department | None, *, today: date, stale_days: int, issuer: str
) -> ReportDocument:
    """The report on `plan` for `period`, for the whole plan or for what `department` leads or supports."""
    scope = ReportScope(plan, period, department, today, stale_days)
    name = plan_name(plan)
    title = _("%(plan)s实施情况报告（%(period)s）", plan=name, period=period.label)
    scope_name = text.line(department.name) if department is not None else _("全部规划")
    cover = Cover(
        title=_("《%(title)s》", title=title),
        period=_("报告期：%(start)s至%(end)s", start=formats.day(period.start), end=formats.day(period.end)),
        scope=scope_name,
        issuer=issuer,
        date=formats.day(today),
    )
    summary = plan_summary(
        plan.id, today, stale_days, scope.department_id, budget_years=tuple(period.years), by_task=True
    )
    captions = Captions()
    blocks: list[Block] = [
        *overview(scope, summary, captions),
        *main_tasks(scope, captions),
        *overdue_items(scope, summary, captions),
        *indicators(scope, captions),
        *budget(scope, summary, captions),
        *compliance(scope, captions),
    ]
    stem = title if department is None else f"{title}_{text.line(department.short_name or department.name, 40)}"
    return ReportDocument(cover=cover, blocks=blocks, file_stem=stem, plan_title=name)
