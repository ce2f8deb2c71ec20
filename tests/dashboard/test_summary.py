"""The plan summary (汇总): its figures equal counts worked out independently from the world's specifications, for
the whole plan, one department, some budget years and an empty plan, in a fixed number of statements."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from tests.conftest import TODAY
from tests.dashboard.dashboard_world import STALE_DAYS, STATUSES, Builder, DashboardWorld, ItemSpec, build
from tracker.core.money import BudgetTotals
from tracker.dashboard.summary import plan_summary


@pytest.fixture
def world(make, session) -> DashboardWorld:
    return build(make, session, size=2)


def chapter_of(world: DashboardWorld, spec: ItemSpec) -> int:
    while spec.parent is not None:
        spec = world.items[spec.parent]
    return spec.id


def counted(specs: list[ItemSpec]) -> dict:
    return {
        "items": len(specs),
        "by_status": {status: sum(spec.status == status for spec in specs) for status in STATUSES},
        "overdue": sum(spec.overdue for spec in specs),
        "stale": sum(spec.stale for spec in specs),
    }


def shown(counts) -> dict:
    return {"items": counts.items, "by_status": counts.by_status, "overdue": counts.overdue, "stale": counts.stale}


def in_scope(world: DashboardWorld, department_id: int | None) -> list[ItemSpec]:
    """Live items the department leads or supports (every live item without a department)."""
    specs = world.live()
    if department_id is None:
        return specs
    return [
        spec
        for spec in specs
        if spec.lead == department_id or any(d.id == department_id for d in spec.item.supporting_departments)
    ]


def expected_budgets(world: DashboardWorld, department_id: int | None, years=None) -> tuple[dict, dict]:
    """Live projects' lines of `years` summed per department and per chapter of the project's item."""
    by_department: dict[int, list] = {}
    by_chapter: dict[int, list] = {}
    for project in world.project_specs:
        if project.retired or (department_id is not None and project.department != department_id):
            continue
        lines = [line for line in project.lines if years is None or line[0] in years]
        by_department.setdefault(project.department, []).extend(lines)
        by_chapter.setdefault(chapter_of(world, world.items[project.item]), []).extend(lines)

    def total(lines) -> BudgetTotals:
        return BudgetTotals(*(sum((Decimal(line[i]) for line in lines), Decimal(0)) for i in (1, 2, 3)))

    return (
        {key: total(lines) for key, lines in by_department.items()},
        {key: total(lines) for key, lines in by_chapter.items() if lines},
    )


def check(world: DashboardWorld, department_id: int | None, years=None) -> None:
    summary = plan_summary(world.plan.id, TODAY, STALE_DAYS, department_id, budget_years=years)
    specs = in_scope(world, department_id)
    assert shown(summary.total) == counted(specs)

    leads = {spec.lead for spec in specs}
    in_order = sorted([*world.departments, world.inactive], key=lambda d: (d.sort_order, d.code))
    assert [group.key for group in summary.by_department] == [d.id for d in in_order if d.id in leads] + (
        [None] if None in leads else []
    )
    for group in summary.by_department:
        assert shown(group.counts) == counted([spec for spec in specs if spec.lead == group.key]), group.label

    roots = [spec.id for spec in world.live() if spec.parent is None]
    chapters = {chapter_of(world, spec) for spec in specs}
    assert [group.key for group in summary.by_chapter] == [root for root in roots if root in chapters]
    for group in summary.by_chapter:
        assert shown(group.counts) == counted([spec for spec in specs if chapter_of(world, spec) == group.key])
        assert group.progress == world.progress(group.key)
        assert group.label == f"{world.items[group.key].outline_no} {world.items[group.key].item.title}"

    by_department, by_chapter = expected_budgets(world, department_id, years)
    assert {group.key: group.budget for group in summary.budget_by_department} == by_department
    assert {group.key: group.budget for group in summary.budget_by_chapter} == by_chapter
    assert summary.budget_total == sum(by_department.values(), BudgetTotals())
    assert summary.budget_years == years


def test_the_whole_plan_counts_match_the_specifications(world):
    check(world, None)


def test_indicators_are_counted_by_how_they_keep_pace(world):
    summary = plan_summary(world.plan.id, TODAY, STALE_DAYS)
    tracks = Counter(world.indicator_tracks.values())
    assert {key: summary.indicators[key] for key in ("on_track", "off_track", "no_data", "all")} == {
        **tracks,
        "all": len(world.indicator_tracks),
    }
    other = plan_summary(world.plan.id, TODAY, STALE_DAYS, world.departments[1].id)
    assert other.indicators["all"] == 0  # every indicator is the first department's


def test_a_department_counts_what_it_leads_or_supports_and_its_own_projects(world):
    for department in world.departments:
        check(world, department.id)
    supported = [
        spec
        for spec in world.live()
        if spec.lead != world.departments[0].id and world.departments[0] in spec.item.supporting_departments
    ]
    assert supported, "the world should hold items the first department only supports"


def test_budget_years_restrict_the_lines_but_not_the_counts(world):
    check(world, None, years=(2012, 2013))
    check(world, world.departments[0].id, years=(2014,))
    nothing = plan_summary(world.plan.id, TODAY, STALE_DAYS, budget_years=())
    assert nothing.budget_total == BudgetTotals() and nothing.budget_by_chapter == []
    assert [group.budget for group in nothing.budget_by_department] == [BudgetTotals()] * len(
        nothing.budget_by_department
    )


def test_an_empty_plan_gives_zeros_not_errors(make):
    summary = plan_summary(make.plan().id, TODAY, STALE_DAYS)
    assert summary.total.items == 0 and set(summary.total.by_status.values()) == {0}
    assert summary.by_department == summary.by_chapter == summary.budget_by_department == []
    assert summary.budget_total == BudgetTotals() and summary.indicators["all"] == 0


def test_the_statement_count_does_not_grow_with_the_plan(make, session, count_statements):
    builder = Builder(make, session)
    counts = []
    for size in (1, 4):
        world = builder.grow(size)
        plan_id, department_id = world.plan.id, world.departments[0].id
        session.expire_all()
        with count_statements() as counter:
            plan_summary(plan_id, TODAY, STALE_DAYS)
            plan_summary(plan_id, TODAY, STALE_DAYS, department_id, budget_years=(2012,))
        counts.append(counter.count)
    assert counts[0] == counts[1] == 2 * 7, counts
