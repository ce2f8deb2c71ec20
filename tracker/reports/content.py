"""What the implementation report says: the cover and its six sections, for a period and a scope.

Each section is a module of tracker.reports.sections; this module puts them in order. The result is a
ReportDocument (tracker.reports.document), which the writers lay out as Word and PDF.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.extensions import db
from tracker.org.models import Department, DepartmentKind
from tracker.plan.models import Plan
from tracker.reports.document import Cover, ReportDocument
from tracker.reports.periods import ReportPeriod


def report_issuer(configured: str) -> str:
    """Who issues the report: TRACKER_REPORT_ISSUER when set, else the first active office (by sort order), else
    规划实施办公室."""
    if configured.strip():
        return configured.strip()
    name = db.session.scalar(
        select(Department.name)
        .where(Department.kind == DepartmentKind.OFFICE.value, Department.active)
        .order_by(Department.sort_order, Department.id)
        .limit(1)
    )
    return name or _("规划实施办公室")


def build_report(
    plan: Plan, period: ReportPeriod, department: Department | None, *, today: date, stale_days: int, issuer: str
) -> ReportDocument:
    """The report on `plan` for `period`, for the whole plan or what `department` leads."""
    title = _("%(plan)s实施情况报告（%(period)s）", plan=plan.title, period=period.label)
    cover = Cover(
        title=f"《{title}》",
        period=_("报告期：%(start)s至%(end)s", start=period.start.isoformat(), end=period.end.isoformat()),
        scope=department.name if department is not None else _("全部规划"),
        issuer=issuer,
        date=today.isoformat(),
    )
    return ReportDocument(cover=cover, blocks=[], file_stem=title, plan_title=plan.title)
