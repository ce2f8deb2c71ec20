"""落后年度目标 on the dashboard: the plan's count beside overdue and stale, each department's (table and page),
each linking to the review queue filtered by behind, which lists exactly that many rows; constant statements."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from tests.dashboard.test_dashboard import figures


@pytest.fixture
def behind_plan(make, session):
    a = make.department(short_name="市经信委", sort_order=1)
    b = make.department(short_name="市发改委", sort_order=2)
    plan = make.plan(start_year=2011, end_year=2015)
    author = make.user("member", a)

    def task(dept, target: int | None, progress: int = 0, status: str = "in_progress"):
        item = make.item(plan, lead_department=dept, status=status, progress=progress, due_date=date(2015, 12, 31))
        if target is not None:
            make.milestone(item, 2013, target)
        make.status_update(item, author, created_at=datetime(2013, 6, 10))  # not stale
        return item

    task(a, 80)  # expects 36 by 2013-06-15: behind
    task(a, 80, progress=50)  # ahead
    task(b, 100)  # expects 45: behind
    task(b, 100, status="completed", progress=100)  # closed: never behind
    task(b, None)
    session.flush()
    return {"a": a, "b": b, "plan": plan, "office": make.user("office")}


def test_the_overview_and_department_figures_link_to_the_queue_filtered_by_behind(behind_plan, client_for):
    client = client_for(behind_plan["office"])
    found = figures(client.get("/dashboard").get_data(as_text=True))
    a, b = behind_plan["a"].id, behind_plan["b"].id
    assert found["plan-behind"] == ("/review?behind=1", "2")
    assert found[f"dept-{a}-behind"] == (f"/review?department={a}&behind=1", "1")
    assert found[f"dept-{b}-behind"][1] == "1"
    for href, text in (found["plan-behind"], found[f"dept-{a}-behind"]):
        queue = client.get(href).get_data(as_text=True)
        assert int(re.search(r'data-testid="queue-total">共 (\d+) 项', queue).group(1)) == int(text)
    page = client.get(f"/departments/{a}").get_data(as_text=True)
    assert re.search(r'data-figure="behind">1<', page)
    assert page.count('data-flag="behind"') == 1


def test_statements_do_not_grow_with_behind_items(behind_plan, client_for, make, session, count_statements):
    client = client_for(behind_plan["office"])
    a = behind_plan["a"]
    counts = []
    for n in (1, 15):
        for _ in range(n):
            item = make.item(behind_plan["plan"], lead_department=a, status="in_progress")
            make.milestone(item, 2013, 90)
        session.flush()
        for url in ("/dashboard", f"/departments/{a.id}"):
            session.expire_all()
            with count_statements() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
    assert counts[:2] == counts[2:]
