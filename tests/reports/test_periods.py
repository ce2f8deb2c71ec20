"""A report's periods: the keys a URL may name, their labels, the lists to choose from, the default."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.plan.models import Plan
from tracker.reports.periods import default_period, parse_report_period, report_periods

TODAY = date(2013, 7, 5)


@pytest.fixture
def plan(session) -> Plan:
    return Plan(code="p", title="规划", start_year=2011, end_year=2015)


@pytest.mark.parametrize(
    ("key", "kind", "start", "end", "label"),
    [
        ("2013-06", "month", date(2013, 6, 1), date(2013, 6, 30), "2013年6月"),
        ("2012-02", "month", date(2012, 2, 1), date(2012, 2, 29), "2012年2月"),
        ("2013-Q2", "quarter", date(2013, 4, 1), date(2013, 6, 30), "2013年第二季度"),
        ("2012-Q4", "quarter", date(2012, 10, 1), date(2012, 12, 31), "2012年第四季度"),
        ("2013-H1", "half", date(2013, 1, 1), date(2013, 6, 30), "2013年上半年"),
        ("2012-H2", "half", date(2012, 7, 1), date(2012, 12, 31), "2012年下半年"),
        ("2012", "year", date(2012, 1, 1), date(2012, 12, 31), "2012年度"),
        ("all", "all", date(2011, 1, 1), TODAY, "规划实施以来"),
    ],
)
def test_a_key_names_its_period(plan, key, kind, start, end, label):
    period = parse_report_period(key, plan, TODAY)
    assert period is not None
    assert (period.kind, period.start, period.end, period.key, period.label) == (kind, start, end, key, label)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "2013-13",
        "2013-00",
        "2013-Q5",
        "2013-Q0",
        "2013-H3",
        "２０１３",  # full-width digits
        "2013-q2",  # keys are as the app writes them
        " 2013",
        "2010",  # before the plan
        "2014",  # after today's year
        "2013-08",  # later this year: not begun
        "2013-Q4",
        "2014-H1",
        "ALL",
        "2013-06-01",
        "١٢٣٤",  # Arabic-Indic digits
    ],
)
def test_anything_else_names_no_period(plan, key):
    assert parse_report_period(key, plan, TODAY) is None


def test_the_periods_to_choose_run_from_today_back_to_the_plans_start(plan):
    quarters = report_periods(plan, TODAY, "quarter")
    assert quarters[0].key == "2013-Q3" and quarters[-1].key == "2011-Q1" and len(quarters) == 11
    assert [p.key for p in report_periods(plan, TODAY, "half")][:3] == ["2013-H2", "2013-H1", "2012-H2"]
    assert [p.key for p in report_periods(plan, TODAY, "year")] == ["2013", "2012", "2011"]
    assert len(report_periods(plan, TODAY, "month")) == 31
    assert [p.key for p in report_periods(plan, TODAY, "all")] == ["all"]
    # Every listed period is one a key names back.
    for kind in ("month", "quarter", "half", "year", "all"):
        for period in report_periods(plan, TODAY, kind):
            assert parse_report_period(period.key, plan, TODAY) == period


def test_once_the_plan_is_over_its_last_period_is_the_newest(plan):
    later = date(2017, 3, 1)
    assert report_periods(plan, later, "year")[0].key == "2015"
    whole = parse_report_period("all", plan, later)
    assert whole is not None and whole.end == date(2015, 12, 31)
    assert parse_report_period("2016", plan, later) is None


def test_the_default_is_the_last_finished_quarter(plan):
    assert default_period(plan, TODAY).key == "2013-Q2"
    assert default_period(plan, date(2013, 6, 30)).key == "2013-Q1"
    assert default_period(plan, date(2013, 7, 1)).key == "2013-Q2"
    # Early in a plan there is no finished quarter yet: the current one.
    assert default_period(plan, date(2011, 2, 1)).key == "2011-Q1"
    assert default_period(plan, date(2017, 1, 1)).key == "2015-Q4"
