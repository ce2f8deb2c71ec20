"""The review queue in English: a row's kind badge is singular, the total agrees with its number."""

from __future__ import annotations

import re
from datetime import date


def _badges(html: str) -> list[str]:
    return re.findall(r'<span class="badge text-bg-light border">([^<]*)</span>', html)


def test_a_single_project_row_is_badged_project_and_counted_as_one_item(client_for, make):
    dept = make.department()
    plan = make.plan()
    item = make.item(plan, lead_department=dept, status="in_progress", start_date=date(2012, 1, 1))
    make.project(item, dept, status="in_progress", start_date=date(2012, 1, 1), due_date=date(2013, 1, 31))
    office = make.user("office", locale="en")
    html = client_for(office).get("/review?kind=project").get_data(as_text=True)
    assert _badges(html) == ["Project"]
    assert re.search(r'data-testid="queue-total">1 item;', html)
    chinese = client_for(make.user("office")).get("/review?kind=project").get_data(as_text=True)
    assert _badges(chinese) == ["项目"] and 'data-testid="queue-total">共 1 项；' in chinese


def test_several_rows_are_items_and_tasks_are_badged_task(client_for, make):
    dept = make.department()
    plan = make.plan()
    for _ in range(2):
        make.item(plan, lead_department=dept, status="in_progress", due_date=date(2013, 1, 31))
    html = client_for(make.user("office", locale="en")).get("/review?kind=item").get_data(as_text=True)
    assert set(_badges(html)) == {"Task"}
    assert re.search(r'data-testid="queue-total">2 items;', html)
