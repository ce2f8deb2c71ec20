"""/timeline renders for every role, carries its chart data as JSON, keeps to its plan, shows filter notices, and
its statement count does not grow with the plan."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from html import unescape

import pytest

ROLES = ("admin", "office", "lead", "member", "viewer")


def _payload(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S)
    assert found, "no chart data on the page"
    return json.loads(unescape(found.group(1)))


def _grow(make, plan, office, sections: int) -> None:
    """`sections` sections, each with two dated tasks (one with a review and a milestone) and an undated one."""
    for _ in range(sections):
        section = make.item(plan, kind="section")
        reviewed = make.item(plan, parent=section, start_date=date(2011, 1, 1), due_date=date(2012, 12, 31))
        make.item(plan, parent=section, start_date=date(2012, 1, 1), due_date=date(2014, 12, 31))
        make.item(plan, parent=section)
        make.review(reviewed, office, "follow_up", comment="请跟进", created_at=datetime(2013, 3, 1))
        make.milestone(reviewed, 2012, 20)  # a past year: its year-end actual is read from the journal
        make.milestone(reviewed, 2013, 50)
        make.status_update(reviewed, office, progress_after=15, created_at=datetime(2012, 11, 1))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_timeline(make, session, client_for, role):
    plan = make.plan()
    office = make.user(role="office")
    _grow(make, plan, office, 1)
    page = client_for(make.user(role=role)).get("/timeline")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    payload = _payload(text)
    assert len(payload["rows"]) == 4 and sum(row["bar"] for row in payload["rows"]) == 2
    assert 'data-bar-count="2"' in text and "未排期事项" in text
    assert "js/timeline.js" in text and "vendor/echarts/echarts.min.js" in text
    assert 'href="/timeline"' in text  # the navigation's link


def test_the_plan_parameter_chooses_the_plan(make, session, client_for):
    first, second = make.plan(), make.plan()
    make.item(first, title="第一个规划的任务")
    make.item(second, title="第二个规划的任务")
    client = client_for(make.user(role="viewer"))
    page = client.get(f"/timeline?plan={second.code}").get_data(as_text=True)
    assert [row["title"] for row in _payload(page)["rows"]] == ["第二个规划的任务"]


def test_bad_filter_values_show_notices_not_errors(make, session, client_for):
    plan = make.plan()
    make.item(plan, start_date=date(2011, 1, 1), due_date=date(2012, 1, 1))
    page = client_for(make.user(role="viewer")).get("/timeline?department=x&status=bogus&kind=%3Cb%3E")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('data-testid="filter-notice"') == 3


def test_english_labels(make, session, client_for):
    plan = make.plan()
    make.item(plan, start_date=date(2011, 1, 1), due_date=date(2012, 1, 1))
    user = make.user(role="viewer", locale="en")
    page = client_for(user).get("/timeline").get_data(as_text=True)
    assert "Timeline" in page and "Items without dates" in page
    assert 'data-text-today="Today"' in page


def test_english_calls_item_milestones_yearly_targets(make, session, client_for):
    plan = make.plan()
    item = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="delayed")
    make.milestone(item, 2012, 40)
    page = client_for(make.user(role="viewer", locale="en")).get("/timeline").get_data(as_text=True)
    assert "Target 2012" in page and "Behind the 2012 target" in page and "Missed" in page
    assert "Yearly targets:" in page
    html, _, payload = page.partition('<script type="application/json" id="timeline-data">')
    texts = [marker["text"] for row in json.loads(payload.split("</script>")[0])["rows"] for marker in row["markers"]]
    assert "milestone" not in html.lower() and not any("milestone" in text.lower() for text in texts)


def test_no_plan(client_for, make, session):
    assert "尚未导入规划" in client_for(make.user(role="viewer")).get("/timeline").get_data(as_text=True)


def test_the_statement_count_does_not_grow_with_the_plan(make, session, client_for, count_statements):
    plan = make.plan()
    office = make.user(role="office")
    client = client_for(make.user(role="viewer"))
    counts = []
    for sections in (1, 6):
        _grow(make, plan, office, sections)
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/timeline").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
