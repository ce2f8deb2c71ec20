"""三、逾期和滞后事项: the work items and projects in scope that are overdue or have gone without a report for too
long (the review queue's rule and order, tracker.reports.sections.late), the most overdue first, then the longest
silent: what the department says (delay reason, remedy, expected completion: its latest report) and what the office
decided (its latest review). Projects are named as such (项目：…). At most ROW_CAP rows; the rest are counted and
left to the Excel export. A chart counts overdue items and projects by department."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Row as SqlRow

from tracker.core.localtime import local_date
from tracker.core.subjects import SubjectType
from tracker.dashboard.summary import PlanSummary
from tracker.plan.outline import numbered
from tracker.plan.outline_paths import full_outlines
from tracker.reports import formats, text
from tracker.reports.blocks import Captions, note, notice
from tracker.reports.document import Block, Chart, Column, Heading, Row, Series, Table
from tracker.reports.journal import LatestWord, latest_words
from tracker.reports.scope import ReportScope
from tracker.reports.sections.late import ProjectTally, late_item_count, late_project_tallies, late_rows
from tracker.review.labels import outcome_label
from tracker.review.models import Outcome

# A report is read, not searched: past this many rows the full list is the Excel export's.
ROW_CAP = 200
# Bars in the chart of overdue items by department: the departments with the most.
CHART_BARS = 20


def overdue_items(scope: ReportScope, summary: PlanSummary, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("三、逾期和滞后事项"), 1)]
    projects = late_project_tallies(scope)
    total = late_item_count(scope) + sum(tally.late for tally in projects)
    if not total:
        blocks.append(notice(_("截至%(today)s，没有逾期或久未更新的事项。", today=formats.day(scope.today))))
        return blocks
    rows = late_rows(scope, ROW_CAP)
    items = {row.id: row.path for row in rows if row.subject_type == SubjectType.WORK_ITEM.value}
    project_ids = [row.id for row in rows if row.subject_type == SubjectType.PROJECT.value]
    outlines = full_outlines(scope.plan.id, items)
    words = {
        SubjectType.WORK_ITEM.value: latest_words(items, scope.today),
        SubjectType.PROJECT.value: latest_words(project_ids, scope.today, SubjectType.PROJECT),
    }
    blocks.append(note(_sentence(scope, summary, projects, total)))
    blocks.append(
        Table(
            _header(),
            tuple(_row(scope, row, outlines.get(row.id, ""), words[row.subject_type].get(row.id)) for row in rows),
            captions.table(_("逾期和滞后事项")),
        )
    )
    if total > len(rows):
        blocks.append(
            note(
                ngettext(
                    # The plan's export lists the whole review queue, projects included, in this order.
                    "另有 %(num)d 项未列出，完整清单见规划 Excel 导出的“督办清单”工作表。",
                    "另有 %(num)d 项未列出，完整清单见规划 Excel 导出的“督办清单”工作表。",
                    total - len(rows),
                )
            )
        )
    chart = _chart(summary, projects, captions)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _sentence(scope: ReportScope, summary: PlanSummary, projects: list[ProjectTally], total: int) -> str:
    late_projects = sum(tally.late for tally in projects)
    overdue_projects = sum(tally.overdue for tally in projects)
    figures = {
        "today": formats.day(scope.today),
        "days": scope.stale_days,
        "count": total,
        "overdue": summary.total.overdue + overdue_projects,
    }
    if late_projects:
        counts = _(
            "截至%(today)s，逾期或超过 %(days)d 天未更新进展的事项共 %(count)d 项（逾期 %(overdue)d 项），"
            "其中项目 %(projects)d 项（逾期 %(overdue_projects)d 项）。",
            projects=late_projects,
            overdue_projects=overdue_projects,
            **figures,
        )
    else:
        counts = _(
            "截至%(today)s，逾期或超过 %(days)d 天未更新进展的事项共 %(count)d 项（逾期 %(overdue)d 项）。", **figures
        )
    source = _("滞后原因、整改措施和预计完成时间取自部门最近一次生效的进展报送，办公室意见为最近一次督办审核。")
    return counts + source


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


def _name(row: SqlRow, outline: str) -> str:
    if row.subject_type == SubjectType.PROJECT.value:
        return _("项目：%(name)s", name=text.line(row.title))
    return numbered(outline, text.line(row.title))


def _row(scope: ReportScope, row: SqlRow, outline: str, word: LatestWord | None) -> Row:
    if row.overdue:
        lateness = ngettext("逾期 %(num)d 天", "逾期 %(num)d 天", (scope.today - row.due_date).days)
    else:
        silent_since = local_date(row.last_update_at or row.created_at)
        lateness = ngettext("%(num)d 天未更新", "%(num)d 天未更新", (scope.today - silent_since).days)
    return Row(
        (
            _name(row, outline),
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


def _chart(summary: PlanSummary, projects: list[ProjectTally], captions: Captions) -> Chart | None:
    """Overdue items (by lead department: the summary's groups) and overdue projects (by their department), the
    departments with the most first; ties in department order."""
    overdue: dict[int | None, list] = {
        group.key: [group.label, group.counts.overdue] for group in summary.by_department
    }
    for tally in projects:
        overdue.setdefault(tally.department_id, [tally.label, 0])[1] += tally.overdue
    groups = sorted(((label, count) for label, count in overdue.values() if count), key=lambda group: -group[1])
    if not groups:
        return None
    shown = groups[:CHART_BARS]
    title = _("各部门逾期事项")
    if len(groups) > CHART_BARS:
        title = _("各部门逾期事项（前 %(count)d 个部门）", count=CHART_BARS)
    return Chart(
        kind="bar",
        title=captions.chart(title),
        categories=tuple(text.line(label, 20) for label, _count in shown),
        series=(Series(_("逾期事项"), tuple(float(count) for _label, count in shown)),),
        unit=_("项"),
    )
