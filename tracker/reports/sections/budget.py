"""五、资金执行情况: the budget lines of the period's years (the dashboard's summary, budget_years), by department and
by main task (as 二、主要任务进展 names them; projects attached to no main task under 其他): approved, allocated,
spent and the execution rate (spent / allocated), totals in bold."""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.core.money import BudgetTotals
from tracker.dashboard.summary import BudgetGroup, PlanSummary
from tracker.reports import formats, text
from tracker.reports.blocks import Captions, note, notice
from tracker.reports.document import Block, Column, Heading, Row, Table
from tracker.reports.scope import ReportScope


def budget(scope: ReportScope, summary: PlanSummary, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("五、资金执行情况"), 1)]
    years = _years(scope)
    if not summary.budget_by_department and not summary.budget_by_task:
        blocks.append(notice(_("%(years)s没有项目预算数据。", years=years)))
        return blocks
    blocks.append(note(_("%(years)s项目预算；金额单位：万元；执行率＝已支出÷已下达。", years=years)))
    if summary.budget_by_department:
        blocks.append(
            _table(
                _("部门"), summary.budget_by_department, summary.budget_total, captions.table(_("各部门资金执行情况"))
            )
        )
    if summary.budget_by_task:
        tasks_total = sum((group.budget for group in summary.budget_by_task), BudgetTotals())
        blocks.append(
            _table(_("主要任务"), summary.budget_by_task, tasks_total, captions.table(_("各主要任务资金执行情况")))
        )
    return blocks


def _years(scope: ReportScope) -> str:
    first, last = scope.period.start.year, scope.period.end.year
    if first == last:
        return _("%(year)d年度", year=first)
    return _("%(first)d—%(last)d年度", first=first, last=last)


def _table(label: str, groups: list[BudgetGroup], total: BudgetTotals, caption: str) -> Table:
    columns = (
        Column(label, 0.36),
        Column(_("批复"), 0.16, "right"),
        Column(_("已下达"), 0.16, "right"),
        Column(_("已支出"), 0.16, "right"),
        Column(_("执行率"), 0.16, "right"),
    )
    rows = [_row(text.line(group.label), group.budget) for group in groups]
    rows.append(_row(_("合计"), total, emphasis=True))
    return Table(columns, tuple(rows), caption)


def _row(label: str, totals: BudgetTotals, *, emphasis: bool = False) -> Row:
    return Row(
        (
            label,
            formats.amount(totals.approved),
            formats.amount(totals.allocated),
            formats.amount(totals.spent),
            formats.percent(totals.execution_rate),
        ),
        emphasis=emphasis,
    )
