"""A project's yearly budget table: reading it with totals, and saving the whole table at once.

Amounts are 万元 with two decimals. Real budgets do overspend and allocations can
run ahead of approvals, so "allocated > approved" and "spent > allocated" are
warnings shown to the user, never refusals. Saving the table bumps the project's
version, so two people saving the same project (budget or fields) cannot
silently overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.auth.models import User
from tracker.core import audit, clock
from tracker.core.errors import ConflictError, Problems
from tracker.core.filters import format_amount
from tracker.core.money import BudgetTotals
from tracker.db import ZERO
from tracker.extensions import db
from tracker.projects.models import BudgetLine, Project
from tracker.projects.services import ENTITY

AMOUNT_COLUMNS = ("approved", "allocated", "spent")
COLUMN_LABELS = {"approved": _l("批复"), "allocated": _l("已下达"), "spent": _l("已支出")}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the budget_lines year_range constraint


@dataclass
class BudgetRow:
    year: int
    amounts: BudgetTotals
    stored: bool  # a budget line exists for this year

    @property
    def warnings(self) -> list[str]:
        return row_warnings(self.year, self.amounts)


@dataclass
class BudgetTable:
    rows: list[BudgetRow]

    @property
    def totals(self) -> BudgetTotals:
        return sum((row.amounts for row in self.rows), BudgetTotals())

    @property
    def warnings(self) -> list[str]:
        return [warning for row in self.rows for warning in row.warnings]


# A column running ahead of the one that should cover it: (ahead, behind, the warning).
_OVERRUNS = (
    ("allocated", "approved", _l("%(year)d 年：已下达 %(allocated)s 万元超过批复 %(approved)s 万元。")),
    ("spent", "allocated", _l("%(year)d 年：已支出 %(spent)s 万元超过已下达 %(allocated)s 万元。")),
)


def row_warnings(year: int, amounts: BudgetTotals) -> list[str]:
    words = {"year": year, **{column: format_amount(getattr(amounts, column)) for column in AMOUNT_COLUMNS}}
    return [
        str(message) % words
        for ahead, behind, message in _OVERRUNS
        if getattr(amounts, ahead) > getattr(amounts, behind)
    ]


def budget_years(project: Project) -> list[int]:
    """Every year of the plan period, plus any other year the project already has a line for."""
    plan = project.work_item.plan
    years = set(range(plan.start_year, plan.end_year + 1))
    years.update(line.year for line in project.budget_lines)
    return sorted(years)


def budget_table(project: Project, all_plan_years: bool = False) -> BudgetTable:
    """The stored lines (and, for the edit form, empty rows for the plan years without one)."""
    lines = {line.year: line for line in project.budget_lines}
    years = budget_years(project) if all_plan_years else sorted(lines)
    rows = []
    for year in years:
        line = lines.get(year)
        amounts = BudgetTotals(line.approved, line.allocated, line.spent) if line else BudgetTotals()
        rows.append(BudgetRow(year, amounts, line is not None))
    return BudgetTable(rows)


def _cell_label(year: int, column: str) -> str:
    return f"{year} {COLUMN_LABELS[column]}"


def budget_conflict(project: Project, submitted: dict[int, BudgetTotals]) -> ConflictError:
    """Each cell where the user's input differs from what is stored now."""
    stored = {row.year: row.amounts for row in budget_table(project, all_plan_years=True).rows}
    changes = []
    for year in sorted(set(stored) | set(submitted)):
        mine, theirs = submitted.get(year, BudgetTotals()), stored.get(year, BudgetTotals())
        for column in AMOUNT_COLUMNS:
            yours, stored_value = getattr(mine, column), getattr(theirs, column)
            if yours != stored_value:
                changes.append((_cell_label(year, column), format_amount(yours), format_amount(stored_value)))
    return ConflictError(
        _(
            "保存失败：在您打开页面之后，其他人修改了此项目或其预算。下面是您填写的内容与当前保存内容的不同之处；您的输入已保留，请核对后重新提交。"
        ),
        changes=changes,
    )


def save_budget(project: Project, submitted: dict[int, BudgetTotals], version: int | None, actor: User) -> list[str]:
    """Store the submitted table (year -> amounts) made on `version`; returns the warnings to show.

    Each changed cell is audited on the project as "<year>.<column>". An all-zero
    row for a year without a line stores nothing.
    """
    if version != project.version:
        raise budget_conflict(project, submitted)
    problems = Problems()
    for year, amounts in submitted.items():
        if not FIRST_YEAR <= year <= LAST_YEAR:
            problems.add(_("年度超出范围。"), str(year))
        for column in AMOUNT_COLUMNS:
            if getattr(amounts, column) < ZERO:
                problems.add(_("金额不能为负数。"), f"{column}_{year}")
    problems.raise_if_any()
    lines = {line.year: line for line in project.budget_lines}
    changed = False
    for year in sorted(submitted):
        amounts = submitted[year]
        line = lines.get(year)
        if line is None:
            if not any(getattr(amounts, c) for c in AMOUNT_COLUMNS):
                continue
            line = BudgetLine(year=year, approved=ZERO, allocated=ZERO, spent=ZERO)
            project.budget_lines.append(line)
        for column in AMOUNT_COLUMNS:
            old, new = getattr(line, column), Decimal(getattr(amounts, column))
            if old != new:
                audit.record(actor.id, ENTITY, project.id, audit.AuditAction.UPDATE, f"{year}.{column}", old, new)
                setattr(line, column, new)
                changed = True
    if changed:
        # The project row carries the version: touching it makes the save take part in the optimistic lock.
        project.updated_at = clock.now()
    db.session.flush()
    return [warning for year in sorted(submitted) for warning in row_warnings(year, submitted[year])]
