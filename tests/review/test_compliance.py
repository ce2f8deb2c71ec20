"""Reporting compliance: periods, who was due to report and who did not, the table for each role."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from tests.review.helpers import report
from tracker.review.compliance import compliance_table, missing_items, missing_reports, period_containing


@pytest.mark.parametrize(
    ("day", "kind", "start", "end", "previous"),
    [
        (date(2013, 6, 15), "monthly", date(2013, 6, 1), date(2013, 6, 30), (date(2013, 5, 1), date(2013, 5, 31))),
        (date(2013, 1, 1), "monthly", date(2013, 1, 1), date(2013, 1, 31), (date(2012, 12, 1), date(2012, 12, 31))),
        (date(2012, 2, 29), "monthly", date(2012, 2, 1), date(2012, 2, 29), (date(2012, 1, 1), date(2012, 1, 31))),
        (date(2013, 12, 31), "monthly", date(2013, 12, 1), date(2013, 12, 31), (date(2013, 11, 1), date(2013, 11, 30))),
        (date(2013, 6, 15), "quarterly", date(2013, 4, 1), date(2013, 6, 30), (date(2013, 1, 1), date(2013, 3, 31))),
        (date(2013, 2, 1), "quarterly", date(2013, 1, 1), date(2013, 3, 31), (date(2012, 10, 1), date(2012, 12, 31))),
        (date(2013, 11, 30), "quarterly", date(2013, 10, 1), date(2013, 12, 31), (date(2013, 7, 1), date(2013, 9, 30))),
    ],
)
def test_periods(day, kind, start, end, previous):
    period = period_containing(day, kind)
    assert (period.start, period.end) == (start, end)
    assert (period.previous().start, period.previous().end) == previous


def test_period_labels(app):
    assert period_containing(date(2013, 6, 15), "monthly").label == "2013年6月"
    assert period_containing(date(2013, 6, 15), "quarterly").label == "2013年第2季度"


def beijing(*wall_clock) -> datetime:
    """A Beijing wall-clock time as stored (naive UTC): periods are calendar months in the configured zone."""
    return datetime(*wall_clock) - timedelta(hours=8)


@pytest.fixture
def reporting(make, session):
    a = make.department(name="甲局", sort_order=1)
    b = make.department(name="乙局", sort_order=2)
    plan = make.plan()
    author = make.user("member", a)
    w = {"a": a, "b": b, "plan": plan, "author": author}

    def item(name, dept, reports=(), **kw):
        kw.setdefault("status", "in_progress")
        kw.setdefault("start_date", date(2011, 1, 1))
        w[name] = make.item(plan, lead_department=dept, title=name, **kw)
        for at in reports:
            report(session, w[name], at, author)
        return w[name]

    item("a1", a, [datetime(2013, 6, 3, 9)])
    item("a2", a, [datetime(2013, 5, 20, 9)])
    item("a3", a)
    item("a4", a, [datetime(2013, 6, 2, 9)], status="completed", progress=100)  # closed this month
    item("a5", a, [datetime(2013, 3, 10, 9)], status="completed", progress=100)  # closed in March
    item("a6", a, start_date=date(2013, 7, 1), status="not_started")  # not started yet
    item("a7", a, retired=True)
    item("a8", a, created_at=datetime(2013, 6, 5))  # added to the plan this month
    item("b1", b, [beijing(2013, 5, 31, 23, 59), beijing(2013, 6, 30, 23)])
    item("b2", b, [beijing(2013, 5, 31, 12)])
    item("nobody", None)
    other = make.plan()
    make.item(other, lead_department=a, status="in_progress")  # another plan's item
    return w


def _table(rows) -> dict[str, tuple[int, list[str]]]:
    return {r.department.name: (r.due, [i.title for i in r.missing]) for r in rows}


def test_monthly_missing_reports(reporting):
    rows = missing_reports(reporting["plan"].id, date(2013, 6, 1), date(2013, 6, 30))
    assert _table(rows) == {"甲局": (5, ["a2", "a3", "a8"]), "乙局": (2, ["b2"])}
    assert [r.department.name for r in rows] == ["甲局", "乙局"]  # most missing first
    assert rows[0].rate == 40 and rows[1].rate == 50


def test_previous_month(reporting):
    plan_id = reporting["plan"].id
    assert _table(missing_reports(plan_id, date(2013, 5, 1), date(2013, 5, 31))) == {
        "甲局": (4, ["a1", "a3", "a4"]),
        "乙局": (2, []),
    }


def test_quarterly_missing_reports(reporting):
    plan_id = reporting["plan"].id
    assert _table(missing_reports(plan_id, date(2013, 4, 1), date(2013, 6, 30))) == {
        "甲局": (5, ["a3", "a8"]),
        "乙局": (2, []),
    }
    assert _table(missing_reports(plan_id, date(2013, 1, 1), date(2013, 3, 31))) == {
        "甲局": (5, ["a1", "a2", "a3", "a4"]),
        "乙局": (2, ["b1", "b2"]),
    }


def test_one_department_only(reporting):
    rows = missing_reports(reporting["plan"].id, date(2013, 6, 1), date(2013, 6, 30), department_id=reporting["b"].id)
    assert _table(rows) == {"乙局": (2, ["b2"])}


def _counts(rows) -> dict[str, tuple[int, int, int, int]]:
    return {r.department.name: (r.due, r.missing, r.previous_due, r.previous_missing) for r in rows}


def test_compliance_table_agrees_with_missing_reports(reporting):
    plan_id = reporting["plan"].id
    june = period_containing(date(2013, 6, 15), "monthly")
    assert _counts(compliance_table(plan_id, june, june.previous())) == {"甲局": (5, 3, 4, 3), "乙局": (2, 1, 2, 0)}
    q2 = period_containing(date(2013, 6, 15), "quarterly")
    assert _counts(compliance_table(plan_id, q2, q2.previous())) == {"甲局": (5, 2, 5, 4), "乙局": (2, 0, 2, 2)}
    only_b = compliance_table(plan_id, june, june.previous(), department_id=reporting["b"].id)
    assert _counts(only_b) == {"乙局": (2, 1, 2, 0)}
    assert [i.title for i in missing_items(plan_id, june, reporting["a"].id, 10)] == ["a2", "a3", "a8"]
    assert [i.title for i in missing_items(plan_id, june, reporting["a"].id, 2)] == ["a2", "a3"]


def test_a_report_after_the_period_still_counts_inside_it(reporting, session):
    """When the newest report is after the period, the journal decides."""
    report(session, reporting["a2"], datetime(2013, 6, 14, 9), reporting["author"])
    plan_id = reporting["plan"].id
    may = missing_reports(plan_id, date(2013, 5, 1), date(2013, 5, 31))
    assert _table(may)["甲局"] == (4, ["a1", "a3", "a4"])  # a2 reported on 05-20, and again in June
    june = period_containing(date(2013, 6, 15), "monthly")
    assert _counts(compliance_table(plan_id, june, june.previous()))["甲局"] == (5, 2, 4, 3)


def _rows(html: str) -> dict[str, tuple[str, str, str]]:
    table = html.split('data-testid="compliance"', 1)[1].split("</table>", 1)[0]
    found = {}
    for dept_id, body in re.findall(r'<tr id="department-\d+" data-department-id="(\d+)"(.*?)</tr>', table, re.S):
        cells = dict(re.findall(r'data-col="(\w+)">([^<]*)<', body))
        found[dept_id] = (cells["due"], cells["missing"], cells["previous"])
    return found


def listed(html: str) -> list[str]:
    return re.findall(r'<li data-item-id="(\d+)"', html)


def test_compliance_page_monthly(reporting, make, client_for):
    client = client_for(make.user("office"))
    page = client.get("/review/compliance").get_data(as_text=True)
    assert "2013年6月" in page and "2013-06-01" in page and "2013年5月" in page
    a, b = str(reporting["a"].id), str(reporting["b"].id)
    assert _rows(page) == {a: ("5", "3", "3 / 4"), b: ("2", "1", "0 / 2")}
    assert listed(page) == []  # a department's list opens on demand
    page = client.get(f"/review/compliance?department={a}").get_data(as_text=True)
    assert listed(page) == [str(reporting[name].id) for name in ("a2", "a3", "a8")]
    assert client.get("/review/compliance?department=abc").status_code == 200


def test_compliance_page_quarterly(reporting, make, client_for, app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_REPORTING_PERIOD", "quarterly")
    page = client_for(make.user("viewer")).get("/review/compliance").get_data(as_text=True)
    assert "2013年第2季度" in page and "2013-04-01" in page
    a, b = str(reporting["a"].id), str(reporting["b"].id)
    assert _rows(page) == {a: ("5", "2", "4 / 5"), b: ("2", "0", "2 / 2")}


def test_a_lead_sees_every_row_with_their_own_open(reporting, make, client_for):
    client = client_for(make.user("lead", reporting["b"]))
    page = client.get("/review/compliance").get_data(as_text=True)
    assert str(reporting["a"].id) in list(_rows(page)) and str(reporting["b"].id) in list(_rows(page))
    assert listed(page) == [str(reporting["b2"].id)]
    # Choosing another department opens that one instead.
    other = client.get(f"/review/compliance?department={reporting['a'].id}").get_data(as_text=True)
    assert str(reporting["b2"].id) not in listed(other)


def test_members_read_the_compliance_table(reporting, make, client_for):
    assert client_for(make.user("member", reporting["a"])).get("/review/compliance").status_code == 200


def test_compliance_statement_count_does_not_grow(reporting, make, session, client_for, count_statements):
    client = client_for(make.user("office"))
    urls = ("/review/compliance", f"/review/compliance?department={reporting['a'].id}")

    def counts() -> list[int]:
        result = []
        for url in urls:
            session.expire_all()
            with count_statements() as counter:
                assert client.get(url).status_code == 200
            result.append(counter.count)
        return result

    def grow(n):
        for k in range(n):
            for dept in (make.department(), reporting["a"]):
                for m in range(3):
                    item = make.item(reporting["plan"], lead_department=dept, status="in_progress")
                    if m:
                        report(session, item, datetime(2013, 5 + m % 2, 10, 8, k), reporting["author"])

    grow(1)
    small = counts()
    grow(12)
    assert counts() == small


def test_compliance_on_every_database(any_session, any_make):
    make = any_make
    dept = make.department()
    plan = make.plan()
    author = make.user("member", dept)
    reported = make.item(plan, lead_department=dept, status="in_progress", start_date=date(2011, 1, 1))
    report(any_session, reported, datetime(2013, 5, 20, 9), author)
    report(any_session, reported, datetime(2013, 6, 3, 9), author)
    silent = make.item(plan, lead_department=dept, status="in_progress", start_date=date(2011, 1, 1))
    june = period_containing(date(2013, 6, 15), "monthly")
    assert _counts(compliance_table(plan.id, june, june.previous())) == {dept.name: (2, 1, 2, 1)}
    assert [r.missing for r in missing_reports(plan.id, june.start, june.end)] == [[silent]]
    assert missing_items(plan.id, june, dept.id, 5) == [silent]


def _previous_reports(html: str) -> dict[str, str]:
    table = html.split('data-testid="compliance"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'data-department-id="(\d+)".*?data-col="previous_report">([^<]*)<', table, re.S))


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        # May: 甲局's a2 on 05-20; 乙局's last one at 23:59 on 05-31 Beijing time (15:59 UTC).
        ("monthly", {"a": "最近报送 2013-05-20", "b": "最近报送 2013-05-31"}),
        # The first quarter: 甲局's a5 on 03-10; 乙局 reported nothing.
        ("quarterly", {"a": "最近报送 2013-03-10", "b": "上期未报送"}),
    ],
)
def test_the_previous_period_column_says_whether_and_when_each_department_reported(
    reporting, make, client_for, app, monkeypatch, kind, expected
):
    monkeypatch.setitem(app.config, "TRACKER_REPORTING_PERIOD", kind)
    page = client_for(make.user("office")).get("/review/compliance").get_data(as_text=True)
    assert _previous_reports(page) == {str(reporting[key].id): text for key, text in expected.items()}
    period = period_containing(date(2013, 6, 15), kind)
    rows = {r.department.name: r for r in compliance_table(reporting["plan"].id, period, period.previous())}
    assert all(r.previous_due for r in rows.values())  # a figure, not "—", for every department


def test_the_previous_period_keeps_its_reports_when_the_current_one_has_more(reporting, session):
    """A report in the current period does not hide the previous period's: each period reads its own days."""
    report(session, reporting["b2"], beijing(2013, 6, 14, 10), reporting["author"])
    june = period_containing(date(2013, 6, 15), "monthly")
    rows = {r.department.name: r for r in compliance_table(reporting["plan"].id, june, june.previous())}
    assert rows["乙局"].previous_reported_at == datetime(2013, 5, 31, 15, 59)
    assert (rows["乙局"].missing, rows["乙局"].previous_missing) == (0, 0)
