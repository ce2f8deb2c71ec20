"""The straight-line proposal of yearly targets: rising, falling, rounding, long spans, edges of the plan."""

from __future__ import annotations

from decimal import Decimal as D

from tracker.indicators.trajectory import places_of, proposal_places, straight_line


def test_a_rising_line_gives_every_year_between_baseline_and_target():
    assert straight_line(2010, D("100"), 2015, D("200"), 2011, 2015) == {
        2011: D("120"),
        2012: D("140"),
        2013: D("160"),
        2014: D("180"),
    }


def test_a_falling_line():
    assert straight_line(2010, D("10"), 2015, D("5"), 2011, 2015) == {
        2011: D("9"),
        2012: D("8"),
        2013: D("7"),
        2014: D("6"),
    }


def test_the_precision_is_the_more_precise_end_s():
    # 50.5 → 70: step 3.9, exact at one place.
    line = straight_line(2010, D("50.5"), 2015, D("70"), 2011, 2015)
    assert line == {2011: D("54.4"), 2012: D("58.3"), 2013: D("62.2"), 2014: D("66.1")}
    assert all(places_of(value) == 1 for value in line.values())


def test_one_more_place_when_the_step_is_not_exact_and_half_up():
    # 23.5 → 30 over four years steps by 1.625: two places, 25.125 → 25.13 (half up), 28.375 → 28.38.
    assert (
        proposal_places(
            2010,
            D("23.5"),
            2014,
            D("30"),
        )
        == 2
    )
    assert straight_line(2010, D("23.5"), 2014, D("30"), 2011, 2015) == {
        2011: D("25.13"),
        2012: D("26.75"),
        2013: D("28.38"),
    }
    # 1 → 2 over three years: thirds, one place.
    assert straight_line(2010, D("1"), 2013, D("2"), 2011, 2015) == {2011: D("1.3"), 2012: D("1.7")}


def test_never_more_than_four_places():
    assert (
        proposal_places(
            2010,
            D("0.0001"),
            2013,
            D("1.0002"),
        )
        == 4
    )
    line = straight_line(2010, D("0.0001"), 2013, D("1.0002"), 2011, 2015)
    assert line == {2011: D("0.3335"), 2012: D("0.6668")}


def test_stored_trailing_zeros_do_not_count_as_places():
    assert places_of(D("80.0000")) == 0
    assert straight_line(2010, D("60.0000"), 2015, D("80.0000"), 2011, 2015)[2011] == D("64")


def test_a_leap_of_years_and_no_floats():
    # Baseline 2005, target 2020: a fifteen-year line, only the plan's years 2011–2015 proposed.
    line = straight_line(2005, D("0.1"), 2020, D("0.4"), 2011, 2015)
    assert sorted(line) == [2011, 2012, 2013, 2014, 2015]
    assert line[2011] == D("0.22") and line[2015] == D("0.30")
    assert all(isinstance(value, D) for value in line.values())


def test_without_a_baseline_there_is_no_proposal():
    assert straight_line(None, None, 2015, D("80"), 2011, 2015) == {}
    assert straight_line(2010, None, 2015, D("80"), 2011, 2015) == {}


def test_a_baseline_year_before_the_plan_s_period():
    line = straight_line(2008, D("0"), 2015, D("70"), 2011, 2015)
    assert line == {2011: D("30"), 2012: D("40"), 2013: D("50"), 2014: D("60")}


def test_a_target_year_after_the_plan_s_period():
    line = straight_line(2010, D("0"), 2020, D("100"), 2011, 2015)
    assert line == {2011: D("10"), 2012: D("20"), 2013: D("30"), 2014: D("40"), 2015: D("50")}


def test_baseline_and_target_in_the_same_or_adjacent_years():
    assert straight_line(2015, D("1"), 2015, D("2"), 2011, 2015) == {}
    assert straight_line(2014, D("1"), 2015, D("2"), 2011, 2015) == {}


def test_an_equal_baseline_and_target_proposes_a_flat_line():
    assert straight_line(2010, D("5"), 2013, D("5"), 2011, 2015) == {2011: D("5"), 2012: D("5")}
