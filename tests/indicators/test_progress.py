"""The indicator arithmetic: baseline, latest value, % of the way, and on-track against the straight line."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from tracker.indicators.progress import Point, Track, assess, percent_of_way, trajectory_value

TARGET_2015 = Point(2015, D("4500"))


def run(values, *, baseline=(2010, "1927.75"), target=TARGET_2015, comparator="ge"):
    year, value = baseline if baseline else (None, None)
    return assess(
        year, D(value) if value is not None else None, target, comparator, [Point(y, D(v)) for y, v in values]
    )


def test_no_values_is_no_data_even_with_a_baseline():
    result = run([])
    assert (result.track, result.latest, result.percent, result.expected, result.reached) == (
        Track.NO_DATA,
        None,
        None,
        None,
        False,
    )
    assert result.baseline == Point(2010, D("1927.75")) and not result.baseline_assumed


def test_no_baseline_and_no_values_is_no_data():
    result = run([], baseline=None)
    assert (result.track, result.baseline) == (Track.NO_DATA, None)


def test_percent_of_the_way_and_the_expected_value_on_the_straight_line():
    # 2013 is 3/5 of the way from 2010 to 2015: expected 1927.75 + 0.6 × 2572.25 = 3471.10
    result = run([(2011, "2300"), (2013, "3500")])
    assert result.latest == Point(2013, D("3500"))
    assert result.expected == D("3471.1000")
    assert result.percent == D("61.1")  # (3500 − 1927.75) / 2572.25 = 61.12…%
    assert (result.track, result.reached) == (Track.ON_TRACK, False)


def test_a_value_below_the_line_is_off_track():
    result = run([(2013, "3471.09")])
    assert result.track == Track.OFF_TRACK


def test_exactly_on_the_line_is_on_track_even_with_thirds():
    # 0 → 90 over 2010–2013: 2011 expects exactly 30 (fractions, no rounding drift)
    result = run([(2011, "30")], baseline=(2010, "0"), target=Point(2013, D("90")))
    assert result.track == Track.ON_TRACK
    result = run([(2012, "59.9999")], baseline=(2010, "0"), target=Point(2013, D("90")))
    assert result.track == Track.OFF_TRACK


def test_the_latest_year_counts_not_the_last_entered():
    result = run([(2013, "3500"), (2011, "1000")])
    assert result.latest == Point(2013, D("3500")) and result.track == Track.ON_TRACK


def test_target_reached_early_is_on_track_and_above_one_hundred_percent():
    result = run([(2012, "4600")])
    assert (result.track, result.reached) == (Track.ON_TRACK, True)
    assert result.percent == D("103.9")  # (4600 − 1927.75) / 2572.25 = 103.89…%


def test_after_the_target_year_the_target_itself_is_expected():
    assert run([(2015, "4499")]).track == Track.OFF_TRACK
    assert run([(2015, "4500")]).reached


@pytest.mark.parametrize(
    ("latest", "track", "reached", "percent"),
    [
        ("8", Track.ON_TRACK, False, "40.0"),  # expected in 2012: 10 − 2 × 1 = 8; "at most" is met
        ("8.5", Track.OFF_TRACK, False, "30.0"),
        ("4.9", Track.ON_TRACK, True, "102.0"),
        ("11", Track.OFF_TRACK, False, "-20.0"),  # moved away from the target
    ],
)
def test_at_most_comparator_expects_the_value_to_fall(latest, track, reached, percent):
    # e.g. energy use per unit of output: 10 in 2010, at most 5 by 2015
    result = run([(2012, latest)], baseline=(2010, "10"), target=Point(2015, D("5")), comparator="le")
    assert result.expected == D("8.0000")
    assert (result.track, result.reached, result.percent) == (track, reached, D(percent))


def test_exact_comparator_wants_the_value_at_least_as_close_as_the_line():
    target = Point(2015, D("100"))
    assert run([(2013, "60")], baseline=(2010, "0"), target=target, comparator="eq").track == Track.ON_TRACK
    assert run([(2013, "140")], baseline=(2010, "0"), target=target, comparator="eq").track == Track.ON_TRACK
    assert run([(2013, "141")], baseline=(2010, "0"), target=target, comparator="eq").track == Track.OFF_TRACK
    assert run([(2013, "59")], baseline=(2010, "0"), target=target, comparator="eq").track == Track.OFF_TRACK
    passed = run([(2014, "100")], baseline=(2010, "0"), target=target, comparator="eq")
    assert passed.reached and passed.percent == D("100.0")
    assert not run([(2015, "101")], baseline=(2010, "0"), target=target, comparator="eq").reached


def test_without_a_baseline_the_first_recorded_value_stands_in():
    target = Point(2015, D("80"))
    result = run([(2012, "50"), (2011, "40")], baseline=None, target=target)
    assert result.baseline == Point(2011, D("40")) and result.baseline_assumed
    assert result.expected == D("50.0000")  # 40 + 40 × 1/4
    assert (result.track, result.percent) == (Track.ON_TRACK, D("25.0"))


def test_a_single_value_without_a_baseline_is_on_its_own_line():
    result = run([(2011, "40")], baseline=None, target=Point(2015, D("80")))
    assert (result.track, result.percent, result.expected) == (Track.ON_TRACK, D("0.0"), D("40.0000"))


def test_a_baseline_without_its_year_counts_as_missing():
    result = assess(None, D("10"), Point(2015, D("80")), "ge", [Point(2012, D("30"))])
    assert result.baseline == Point(2012, D("30")) and result.baseline_assumed


def test_baseline_equal_to_target_has_no_percent_but_a_status():
    result = run([(2012, "100")], baseline=(2010, "100"), target=Point(2015, D("100")))
    assert result.percent is None and result.reached and result.track == Track.ON_TRACK
    assert percent_of_way(Point(2010, D("5")), Point(2015, D("5")), Point(2012, D("7"))) is None


def test_percent_rounds_half_up():
    # 1/8 of the way = 12.5% → 12.5; 1/16 = 6.25% → 6.3 (half up, not to even); going backwards −6.25% → −6.3
    base, target = Point(2010, D("0")), Point(2015, D("16"))
    assert percent_of_way(base, target, Point(2011, D("1"))) == D("6.3")
    assert percent_of_way(base, target, Point(2011, D("-1"))) == D("-6.3")
    assert percent_of_way(base, Point(2015, D("8")), Point(2011, D("1"))) == D("12.5")


def test_trajectory_is_flat_before_the_baseline_and_after_the_target():
    base, target = Point(2010, D("10")), Point(2015, D("20"))
    assert trajectory_value(base, target, 2009) == 10
    assert trajectory_value(base, target, 2012) == 14
    assert trajectory_value(base, target, 2016) == 20
    assert trajectory_value(Point(2010, D("0")), Point(2013, D("1")), 2011) == Fraction(1, 3)
