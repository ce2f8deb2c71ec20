"""The rules for yearly targets: the years allowed, numbers that fit, the direction, every refusal at once."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tracker.core.errors import ValidationError
from tracker.indicators.models import Indicator
from tracker.indicators.target_rules import Direction, check_targets, direction, target_years
from tracker.plan.models import Plan

PLAN = Plan(title="十二五", start_year=2011, end_year=2015)


def indicator(baseline=("2010", "100"), target=("2015", "200"), comparator="ge") -> Indicator:
    baseline_year, baseline_value = baseline if baseline else (None, None)
    return Indicator(
        code="x",
        name="x",
        baseline_year=int(baseline_year) if baseline_year else None,
        baseline_value=D(baseline_value) if baseline_value else None,
        target_year=int(target[0]),
        target_value=D(target[1]),
        comparator=comparator,
    )


def refusals(subject: Indicator, targets: dict[int, D | None]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        check_targets(subject, PLAN, targets)
    return refused.value.errors


@pytest.fixture(autouse=True)
def _context(app):
    with app.test_request_context():
        yield


def test_the_years_are_after_the_baseline_and_before_the_target_within_the_plan():
    assert list(target_years(indicator(), PLAN)) == [2011, 2012, 2013, 2014]
    assert list(target_years(indicator(baseline=("2012", "1")), PLAN)) == [2013, 2014]
    assert list(target_years(indicator(baseline=None), PLAN)) == [2011, 2012, 2013, 2014]
    assert list(target_years(indicator(baseline=("2008", "1"), target=("2020", "9")), PLAN)) == [
        2011,
        2012,
        2013,
        2014,
        2015,
    ]
    assert list(target_years(indicator(baseline=("2014", "1")), PLAN)) == []


@pytest.mark.parametrize(
    ("baseline", "target", "comparator", "expected"),
    [
        (("2010", "100"), ("2015", "200"), "le", Direction.UP),  # the numbers decide over the comparator
        (("2010", "10"), ("2015", "5"), "ge", Direction.DOWN),
        (None, ("2015", "80"), "ge", Direction.UP),
        (None, ("2015", "80"), "gt", Direction.UP),
        (None, ("2015", "5"), "le", Direction.DOWN),
        (("2010", "5"), ("2015", "5"), "lt", Direction.DOWN),
        (None, ("2015", "5"), "eq", Direction.NONE),
    ],
)
def test_the_direction(baseline, target, comparator, expected):
    assert direction(indicator(baseline, target, comparator)) == expected


def test_a_rising_sequence_is_kept_and_blank_years_are_no_target():
    kept = check_targets(indicator(), PLAN, {2011: D("100"), 2012: None, 2013: D("150"), 2014: D("200")})
    assert kept == {2011: D("100"), 2013: D("150"), 2014: D("200")}


def test_below_the_baseline_when_rising():
    assert refusals(indicator(), {2011: D("99")}) == {
        "target_2011": ["2011 年目标值 99 低于基准值 100：该指标应逐年上升。"]
    }


def test_past_the_final_target_when_rising():
    assert refusals(indicator(), {2014: D("200.5")}) == {
        "target_2014": ["2014 年目标值 200.5 超过了 2015 年的最终目标 200。"]
    }


def test_falling_between_years_when_rising():
    assert refusals(indicator(), {2012: D("150"), 2013: D("140")}) == {
        "target_2013": ["2013 年目标值 140 低于 2012 年的 150：该指标应逐年上升。"]
    }


def test_the_mirror_when_falling():
    energy = indicator(baseline=("2010", "10"), target=("2015", "5"), comparator="le")
    assert check_targets(energy, PLAN, {2011: D("9"), 2012: D("9"), 2014: D("5")}) == {
        2011: D("9"),
        2012: D("9"),
        2014: D("5"),
    }
    assert refusals(energy, {2011: D("11"), 2012: D("4"), 2013: D("8"), 2014: D("8.5")}) == {
        "target_2011": ["2011 年目标值 11 高于基准值 10：该指标应逐年下降。"],
        "target_2012": ["2012 年目标值 4 低于 2015 年的最终目标 5。"],
        "target_2014": ["2014 年目标值 8.5 高于 2013 年的 8：该指标应逐年下降。"],
    }


def test_without_a_baseline_the_comparator_gives_the_direction():
    adoption = indicator(baseline=None, target=("2015", "80"))
    assert refusals(adoption, {2011: D("50"), 2012: D("40"), 2013: D("90")}) == {
        "target_2012": ["2012 年目标值 40 低于 2011 年的 50：该指标应逐年上升。"],
        "target_2013": ["2013 年目标值 90 超过了 2015 年的最终目标 80。"],
    }


def test_eq_without_a_baseline_has_no_direction_check():
    level = indicator(baseline=None, target=("2015", "50"), comparator="eq")
    assert check_targets(level, PLAN, {2011: D("70"), 2012: D("30")}) == {2011: D("70"), 2012: D("30")}


def test_years_outside_the_period_and_the_target_year_itself_are_refused():
    assert refusals(indicator(), {2009: D("100"), 2010: D("100"), 2015: D("200"), 2016: D("200")}) == {
        f"target_{year}": [f"{year} 年不能设年度目标：年度须在 2011 到 2014 之间。"]
        for year in (2009, 2010, 2015, 2016)
    }
    assert refusals(indicator(baseline=("2014", "1")), {2014: D("1")}) == {
        "target_2014": ["该指标在规划期内没有可设年度目标的年份。"]
    }


def test_numbers_that_do_not_fit_and_every_refusal_at_once():
    errors = refusals(
        indicator(),
        {2011: D("-1"), 2012: D("150.12345"), 2013: D("1e12"), 2014: D("90"), 2020: D("1")},
    )
    assert errors == {
        "target_2011": ["2011 年目标值不能为负数。"],
        "target_2012": ["2012 年目标值须为最多 11 位整数和 4 位小数的数值。"],
        "target_2013": ["2013 年目标值须为最多 11 位整数和 4 位小数的数值。"],
        "target_2014": ["2014 年目标值 90 低于基准值 100：该指标应逐年上升。"],
        "target_2020": ["2020 年不能设年度目标：年度须在 2011 到 2014 之间。"],
    }
