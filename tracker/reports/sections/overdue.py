"""三、逾期和滞后事项: the items in scope that are overdue or have gone without a report for too long (the review
queue's rule, tracker.plan.rules), the most overdue first, then the longest silent: what the department says
(delay reason, remedy, expected completion: its latest report) and what the office decided (its latest review).
At most ROW_CAP rows; the rest are counted and left to the Excel export. A chart counts overdue items by lead
department."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Row as SqlRow
from sqlalchemy import case, func, or_, select

from tracker.core.localtime import local_date
from tracker.core.subjects import SubjectType
from tracker.dashboard.summary import PlanSummary
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem
from tracker.plan.outline import numbered
from tracker.plan.outline_paths import full_outlines
from tracker.plan.rules import overdue_clause, stale_clause
from tracker.reports import formats, text
from tracker.reports.blocks import Captions, note, notice
from tracker.reports.document import Block, Chart, Column, Heading, Row, Series, Table
from tracker.reports.journal import LatestWord, latest_words
from tracker.reports.scope import ReportScope
from tracker.review.labels import outcome_label
from tracker.review.models import Outcome, Review
from tracker.review.rules import latest_reviews

# A report is read, not searched: past this many rows the full list is the Excel export's.
ROW_CAP = 200
# Bars in the chart of overdue items by department: the departments with the most.
CHART_BARS = 20


def overdue_items(scope: ReportScope, summary: PlanSummary, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("三、逾期和滞后事项"), 1)]
    overdue = overdue_clause(WorkItem, scope.today)
    late = [scope.items(), or_(overdue, stale_clause(WorkItem, scope.today, scope.stale_days))]
    total = db.session.scalar(select(func.count()).select_from(WorkItem).where(*late)) or 0
    if not total:
        blocks.append(notice(_("截至%(today)s，没有逾期或久未更新的事项。", today=formats.day(scope.today))))
        return blocks
    latest = latest_reviews(SubjectType.WORK_ITEM)
    rows = list(
        db.session.execute(
            select(
                WorkItem.id,
                WorkItem.path,
                WorkItem.title,
                WorkItem.due_date,
                WorkItem.last_update_at,
                WorkItem.created_at,
                case((overdue, 1), else_=0).label("overdue"),
                func.coalesce(func.nullif(Department.short_name, ""), Department.name).label("department"),
                Review.outcome,
                Review.created_at.label("reviewed_at"),
                Review.comment,
                Review.new_due_date,
                Review.follow_up_date,
            )
            .outerjoin(Department, Department.id == WorkItem.lead_department_id)
            .outerjoin(latest, latest.c.subject_id == WorkItem.id)
            .outerjoin(Review, Review.id == latest.c.id)
            .where(*late)
            # The review queue's order: overdue first, the longest overdue at the top; then the longest silent.
            .order_by(
                case((overdue, 0), else_=1),
                case((overdue, WorkItem.due_date), else_=None),
                func.coalesce(WorkItem.last_update_at, WorkItem.created_at),
                WorkItem.id,
            )
            .limit(ROW_CAP)
        )
    )
    outlines = full_outlines(scope.plan.id, {row.id: row.path for row in rows})
    words = latest_words([row.id for row in rows], scope.today)
    blocks.append(
        note(
            _(
                "截至%(today)s，逾期或超过 %(days)d 天未更新进展的事项共 %(count)d 项（逾期 %(overdue)d 项）。"
                "滞后原因、整改措施和预计完成时间取自部门最近一次生效的进展报送，办公室意见为最近一次督办审核。",
                today=formats.day(scope.today),
                days=scope.stale_days,
                count=total,
                overdue=summary.total.overdue,
            )
        )
    )
    blocks.append(
        Table(
            _header(),
            tuple(_row(scope, row, outlines.get(row.id, ""), words.get(row.id)) for row in rows),
            captions.table(_("逾期和滞后事项")),
        )
    )
    if total > len(rows):
        blocks.append(
            note(
                ngettext(
                    "另有 %(num)d 项未列出，完整清单见任务清单的 Excel 导出（筛选“逾期”或“久未更新”）。",
                    "另有 %(num)d 项未列出，完整清单见任务清单的 Excel 导出（筛选“逾期”或“久未更新”）。",
                    total - len(rows),
                )
            )
        )
    chart = _chart(summary, captions)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _header() -> tuple[Column, ...]:
    return (
        Column(_("事项"), 0.22),
        Column(_("牵头部门"), 0.1),
        Column(_("计划完成"), 0.09),
        Column(_("逾期或未更新"), 0.08),
        Column(_("滞后原因"), 0.14),
        Column(_("整改措施"), 0.14),
        Column(_("预计完成"), 0.09),
        Column(_("办公室意见"), 0.14),
    )


def _row(scope: ReportScope, row: SqlRow, outline: str, word: LatestWord | None) -> Row:
    if row.overdue:
        lateness = ngettext("逾期 %(num)d 天", "逾期 %(num)d 天", (scope.today - row.due_date).days)
    else:
        silent_since = local_date(row.last_update_at or row.created_at)
        lateness = ngettext("%(num)d 天未更新", "%(num)d 天未更新", (scope.today - silent_since).days)
    return Row(
        (
            numbered(outline, text.line(row.title)),
            text.line(row.department or ""),
            formats.day(row.due_date),
            lateness,
            text.clean(word.delay_reason) if word else "",
            text.clean(word.remedy) if word else "",
            formats.day(word.expected_completion) if word else "",
            _decision(row),
        )
    )


def _decision(row: SqlRow) -> str:
    """The office's latest review as a sentence: 同意延期至2013年9月30日（2013年7月1日）：comment."""
    if row.outcome is None:
        return ""
    said = outcome_label(row.outcome)
    if row.outcome == Outcome.EXTENSION.value and row.new_due_date is not None:
        said = _("同意延期至%(day)s", day=formats.day(row.new_due_date))
    elif row.follow_up_date is not None and row.outcome in (Outcome.FOLLOW_UP.value, Outcome.ESCALATED.value):
        said = _("%(outcome)s，%(day)s前答复", outcome=said, day=formats.day(row.follow_up_date))
    said = _("%(decision)s（%(day)s）", decision=said, day=formats.day(local_date(row.reviewed_at)))
    comment = text.clean(row.comment, 120)
    return _("%(decision)s：%(comment)s", decision=said, comment=comment) if comment else said


def _chart(summary: PlanSummary, captions: Captions) -> Chart | None:
    groups = sorted((group for group in summary.by_department if group.counts.overdue), key=lambda g: -g.counts.overdue)
    if not groups:
        return None
    shown = groups[:CHART_BARS]
    title = _("各部门逾期事项")
    if len(groups) > CHART_BARS:
        title = _("各部门逾期事项（前 %(count)d 个部门）", count=CHART_BARS)
    return Chart(
        kind="bar",
        title=captions.chart(title),
        categories=tuple(text.line(group.label, 20) for group in shown),
        series=(Series(_("逾期事项"), tuple(float(group.counts.overdue) for group in shown)),),
        unit=_("项"),
    )
