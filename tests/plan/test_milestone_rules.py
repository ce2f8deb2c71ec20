"""The yearly milestone rules (tracker.plan.milestone_rules): every refusal names its year, all at once."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.core.errors import ValidationError
from tracker.plan.milestone_rules import MilestoneInput, check_milestones


@pytest.fixture
def item(make):
    plan = make.plan(start_year=2011, end_year=2015)
    return make.item(plan, start_date=date(2012, 3, 1), due_date=date(2014, 12, 31))


def refusals(item, rows, kept=None) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        check_milestones(item, rows, kept)
    return caught.value.errors


def test_a_good_table_passes_and_100_before_the_last_year_is_fine(item):
    check_milestones(item, {2012: MilestoneInput(30), 2013: MilestoneInput(100, "建成"), 2014: MilestoneInput(100)})
    check_milestones(item, {2012: MilestoneInput(None, "完成立项"), 2013: MilestoneInput(None, "  ")})


def test_every_refusal_at_once_each_naming_its_year(item):
    errors = refusals(
        item,
        {
            2011: MilestoneInput(10),  # before the item's start
            2012: MilestoneInput(60, "x" * 201),
            2013: MilestoneInput(40, "第一\x00阶段"),  # falls below 2012
            2014: MilestoneInput(101),
            2016: MilestoneInput(None, "规划期外"),
        },
    )
    assert errors["target_2011"] == ["2011 年不在该事项的起止年份（2012–2014）内。"]
    assert errors["deliverable_2012"] == ["2012 年：阶段成果不能超过 200 个字符。"]
    assert errors["deliverable_2013"] == ["2013 年：阶段成果不能包含控制字符。"]
    assert errors["target_2013"] == ["2013 年：目标进度 40% 低于 2012 年的 60%，年度目标进度不能回落。"]
    assert errors["target_2014"] == ["2014 年：目标进度须为 0 到 100 之间的整数。"]
    assert errors["target_2016"] == ["2016 年不在规划期（2011–2015 年）内。"]


def test_a_fall_names_every_later_year_below_the_highest_earlier_target(item):
    errors = refusals(item, {2012: MilestoneInput(60), 2013: MilestoneInput(40), 2014: MilestoneInput(50)})
    assert errors["target_2013"] == ["2013 年：目标进度 40% 低于 2012 年的 60%，年度目标进度不能回落。"]
    assert errors["target_2014"] == ["2014 年：目标进度 50% 低于 2012 年的 60%，年度目标进度不能回落。"]


def test_a_kept_milestone_out_of_the_form_still_bounds_later_targets(item):
    errors = refusals(item, {2013: MilestoneInput(20)}, kept={2012: 50})
    assert list(errors) == ["target_2013"]


def test_empty_rows_are_no_milestone_and_never_refused(item):
    check_milestones(item, {2011: MilestoneInput(None, ""), 2015: MilestoneInput(None, "   ")})
    # An emptied year no longer bounds the later ones.
    check_milestones(item, {2012: MilestoneInput(None, ""), 2013: MilestoneInput(10)}, kept={})


def test_an_item_without_dates_may_use_every_plan_year(make):
    plan = make.plan(start_year=2011, end_year=2015)
    undated = make.item(plan)
    check_milestones(undated, {year: MilestoneInput(20 * (year - 2010)) for year in range(2011, 2016)})
    assert list(refusals(undated, {2010: MilestoneInput(5)})) == ["target_2010"]
