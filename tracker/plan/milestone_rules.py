"""What a work item's yearly milestones (年度目标) may say: tracker.plan.milestones says whether an item is behind.

A milestone's year lies in the plan's period and in the item's span (its start and due years, where set); a
target progress is a whole 0–100; a deliverable is one short line; every stored year says something (a row left
wholly empty means "no milestone that year"); and the target never falls from one year to a later one (100 before
the last year is fine: the work may be done early and then only kept up). Every refusal names its year and they
come all at once, so a table of five years is corrected in one go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from tracker.core.errors import Problems
from tracker.plan.models import WorkItem

DELIVERABLE_MAX = 200
_CONTROL = re.compile("[\\x00-\\x1f\\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class MilestoneInput:
    """One year's row as submitted: None where the form itself already refused the cell (its message wins)."""

    target_progress: int | None
    deliverable: str | None = ""

    @property
    def deliverable_text(self) -> str:
        return (self.deliverable or "").strip()

    @property
    def empty(self) -> bool:
        return self.target_progress is None and not self.deliverable_text


def target_field(year: int) -> str:
    return f"target_{year}"


def deliverable_field(year: int) -> str:
    return f"deliverable_{year}"


def plan_years(item: WorkItem) -> range:
    return range(item.plan.start_year, item.plan.end_year + 1)


def span_years(item: WorkItem) -> tuple[int | None, int | None]:
    """The first and last year of the item's own span; None where the date is not set."""
    return (
        item.start_date.year if item.start_date else None,
        item.due_date.year if item.due_date else None,
    )


def outside_span(item: WorkItem, year: int) -> bool:
    first, last = span_years(item)
    return (first is not None and year < first) or (last is not None and year > last)


def out_of_bounds(item: WorkItem, year: int) -> bool:
    """A year the item may not have a milestone in (now): outside the plan's period or the item's span."""
    return year not in plan_years(item) or outside_span(item, year)


def _check_year(item: WorkItem, year: int, problems: Problems) -> None:
    plan = item.plan
    if year not in plan_years(item):
        problems.add(
            _("%(year)d 年不在规划期（%(start)d–%(end)d 年）内。", year=year, start=plan.start_year, end=plan.end_year),
            target_field(year),
        )
    elif outside_span(item, year):
        first, last = span_years(item)
        problems.add(
            _(
                "%(year)d 年不在该事项的起止年份（%(start)s–%(end)s）内。",
                year=year,
                start=first if first is not None else "",
                end=last if last is not None else "",
            ),
            target_field(year),
        )


def _check_row(year: int, row: MilestoneInput, problems: Problems) -> None:
    if row.target_progress is not None and not 0 <= row.target_progress <= 100:
        problems.add(_("%(year)d 年：目标进度须为 0 到 100 之间的整数。", year=year), target_field(year))
    text = row.deliverable_text
    if len(text) > DELIVERABLE_MAX:
        problems.add(
            _("%(year)d 年：阶段成果不能超过 %(max)d 个字符。", year=year, max=DELIVERABLE_MAX), deliverable_field(year)
        )
    if _CONTROL.search(text):
        problems.add(_("%(year)d 年：阶段成果不能包含控制字符。", year=year), deliverable_field(year))


def _check_never_falls(targets: Mapping[int, int], problems: Problems) -> None:
    """Each year's target against the highest earlier one, so 30, 60, 40, 50 names both 40 and 50."""
    highest: tuple[int, int] | None = None  # (year, target)
    for year in sorted(targets):
        target = targets[year]
        if highest is not None and target < highest[1]:
            problems.add(
                _(
                    "%(year)d 年：目标进度 %(target)d%% 低于 %(earlier)d 年的 %(earlier_target)d%%，"
                    "年度目标进度不能回落。",
                    year=year,
                    target=target,
                    earlier=highest[0],
                    earlier_target=highest[1],
                ),
                target_field(year),
            )
        if highest is None or target > highest[1]:
            highest = (year, target)


def check_milestones(
    item: WorkItem, submitted: Mapping[int, MilestoneInput], kept: Mapping[int, int | None] | None = None
) -> None:
    """Raise a ValidationError naming every year that breaks a rule; write nothing.

    `submitted` holds the rows of the form (an empty row deletes that year's milestone); `kept` the target
    progress of stored milestones the form does not show (years outside the item's span since its dates moved):
    they are not refused again here, but the submitted targets must not fall below an earlier kept one.
    """
    problems = Problems()
    targets: dict[int, int] = {year: target for year, target in (kept or {}).items() if target is not None}
    for year in sorted(submitted):
        row = submitted[year]
        if row.empty:
            targets.pop(year, None)
            continue
        _check_year(item, year, problems)
        _check_row(year, row, problems)
        if row.target_progress is not None and 0 <= row.target_progress <= 100:
            targets[year] = row.target_progress
    _check_never_falls(targets, problems)
    problems.raise_if_any()
