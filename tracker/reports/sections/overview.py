"""一、总体进展: the items in scope by status, overdue and stale, the plan's progress, what the period's reports
changed; a chart of progress by chapter."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.core.filters import status_label
from tracker.core.statuses import STATUS_VALUES
from tracker.dashboard.figures import plan_progress
from tracker.dashboard.summary import PlanSummary
from tracker.reports import formats, text
from tracker.reports.blocks import Captions, notice
from tracker.reports.document import Block, Chart, Column, Heading, Paragraph, Row, Series, Table
from tracker.reports.journal import Activity, period_activity
from tracker.reports.scope import ReportScope


def overview(scope: ReportScope, summary: PlanSummary, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("一、总体进展"), 1)]
    total = summary.total
    if not total.items:
        blocks.append(notice(_nothing(scope)))
        return blocks
    activity = period_activity(scope)
    progress = plan_progress(scope.plan.id)
    blocks.append(Paragraph(_state_sentence(scope, summary, progress)))
    blocks.append(Paragraph(_period_sentence(scope, activity)))
    blocks.append(_figures_table(scope, summary, activity, captions))
    chapters = [group for group in summary.by_chapter if group.progress is not None]
    if chapters:
        blocks.append(
            Chart(
                kind="bar",
                title=captions.chart(_("各章节任务进展")),
                categories=tuple(text.line(group.short_label or group.label, 40) for group in chapters),
                series=(Series(_("进度"), tuple(float(group.progress or 0) for group in chapters)),),
                unit="%",
                max_value=100,
            )
        )
    return blocks


def _nothing(scope: ReportScope) -> str:
    if scope.department is None:
        return _("规划中暂无任务，本期无进展可报告。")
    return _("%(department)s没有牵头或参与的任务，本期无进展可报告。", department=text.line(scope.department.name))


def _subject(scope: ReportScope) -> str:
    if scope.department is None:
        return _("规划共有任务")
    return _("%(department)s牵头或参与的任务共", department=text.line(scope.department.name))


def _state_sentence(scope: ReportScope, summary: PlanSummary, progress: Decimal | None) -> str:
    total = summary.total
    statuses = _("、").join(
        _("%(status)s %(count)d 项", status=status_label(status), count=total.by_status.get(status, 0))
        for status in STATUS_VALUES
        if total.by_status.get(status, 0)
    )
    sentence = _(
        "截至%(today)s，%(subject)s %(items)d 项，其中%(statuses)s；逾期 %(overdue)d 项，"
        "超过 %(days)d 天未更新进展 %(stale)d 项。",
        today=formats.day(scope.today),
        subject=_subject(scope),
        items=total.items,
        statuses=statuses,
        overdue=total.overdue,
        days=scope.stale_days,
        stale=total.stale,
    )
    if progress is None:
        return sentence
    if scope.department is None:
        return sentence + _("规划整体进度 %(progress)s。", progress=formats.percent(progress))
    # plan_progress is the whole plan's rollup: a department's report says so rather than let it pass for its own.
    return sentence + _("全部规划（不限于本部门）整体进度 %(progress)s。", progress=formats.percent(progress))


def _period_sentence(scope: ReportScope, activity: Activity) -> str:
    if not activity.reports:
        return _("报告期内（%(start)s至%(end)s）没有报送进展。", start=_day(scope, True), end=_day(scope, False))
    return _(
        "报告期内（%(start)s至%(end)s），共报送进展 %(reports)d 次，%(changed)d 项任务的状态或进度有变化，"
        "%(completed)d 项任务完成。",
        start=_day(scope, True),
        end=_day(scope, False),
        reports=activity.reports,
        changed=activity.changed,
        completed=activity.completed,
    )


def _day(scope: ReportScope, start: bool) -> str:
    return formats.day(scope.period.start if start else scope.period.end)


def _figures_table(scope: ReportScope, summary: PlanSummary, activity: Activity, captions: Captions) -> Table:
    total = summary.total

    def row(label: str, count: int, *, emphasis: bool = False, level: int = 0, of_items: bool = True) -> Row:
        shown_share = formats.share(count, total.items) if of_items else ""
        return Row((label, str(count), shown_share), emphasis=emphasis, level=level)

    rows = [row(_("任务总数"), total.items, emphasis=True)]
    rows += [row(status_label(status), total.by_status.get(status, 0), level=1) for status in STATUS_VALUES]
    rows += [
        row(_("逾期"), total.overdue),
        row(ngettext("久未更新（超过 %(num)d 天）", "久未更新（超过 %(num)d 天）", scope.stale_days), total.stale),
        row(_("报告期内报送进展（次）"), activity.reports, of_items=False),
        row(_("报告期内状态或进度有变化的任务"), activity.changed),
        row(_("报告期内完成的任务"), activity.completed),
    ]
    return Table(
        columns=(Column(_("统计项"), 0.5), Column(_("数量"), 0.2, "right"), Column(_("占任务总数"), 0.3, "right")),
        rows=tuple(rows),
        caption=captions.table(_("总体进展情况")),
    )
