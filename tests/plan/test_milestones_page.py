"""/items/<id>/milestones: who may set an item's yearly milestones, the whole table saved at once and audited,
every refusal at its year with the input kept, and a second editor never silently overwriting the first."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.plan.helpers import audit_rows
from tracker.plan import milestone_services
from tracker.plan.models import ItemMilestone


@pytest.fixture
def setting(make, session):
    dept = make.department(short_name="市经信委")
    other = make.department(short_name="市发改委")
    plan = make.plan(start_year=2011, end_year=2015)
    item = make.item(
        plan, title="推进电子政务建设", lead_department=dept, start_date=date(2012, 1, 1), due_date=date(2014, 12, 31)
    )
    session.flush()
    return dept, other, item


def stored(session, item) -> dict[int, tuple[int | None, str]]:
    session.expire_all()
    rows = session.scalars(select(ItemMilestone).where(ItemMilestone.work_item_id == item.id))
    return {row.year: (row.target_progress, row.deliverable) for row in rows}


def fingerprint_of(html: str) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]*)"', html).group(1)


def table(fingerprint: str, **cells: str) -> dict[str, str]:
    data = {"fingerprint": fingerprint}
    for year in (2012, 2013, 2014):
        data[f"target_{year}"] = ""
        data[f"deliverable_{year}"] = ""
    data.update(cells)
    return data


def test_the_lead_sets_milestones_and_each_year_is_audited(client_for, make, session, setting):
    dept, _other, item = setting
    client = client_for(make.user("lead", dept))
    page = client.get(f"/items/{item.id}/milestones")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="target_2011"' not in html and 'name="target_2015"' not in html
    assert html.count("data-outside-span") == 2  # 2011 and 2015: outside the item's span, said why
    response = client.post(
        f"/items/{item.id}/milestones",
        data=table(fingerprint_of(html), target_2012="30", deliverable_2013=" 建成政务云 ", target_2014="100"),
    )
    assert response.status_code == 302
    assert stored(session, item) == {2012: (30, ""), 2013: (None, "建成政务云"), 2014: (100, "")}
    assert [row for row in audit_rows(session, item.id) if row[1].startswith("milestone.")] == [
        ("update", "milestone.2012", None, "30%"),
        ("update", "milestone.2013", None, "建成政务云"),
        ("update", "milestone.2014", None, "100%"),
    ]


def test_an_emptied_row_deletes_that_years_milestone(client_for, make, session, setting):
    _dept, _other, item = setting
    make.milestone(item, 2012, 30)
    make.milestone(item, 2013, 60, deliverable="上线")
    session.flush()
    client = client_for(make.user("office"))
    loaded = fingerprint_of(client.get(f"/items/{item.id}/milestones").get_data(as_text=True))
    response = client.post(f"/items/{item.id}/milestones", data=table(loaded, target_2012="30"))
    assert response.status_code == 302
    assert stored(session, item) == {2012: (30, "")}
    assert ("update", "milestone.2013", "60% · 上线", None) in audit_rows(session, item.id)


def test_every_refusal_at_its_year_with_the_input_kept(client_for, make, session, setting):
    _dept, _other, item = setting
    client = client_for(make.user("office"))
    loaded = fingerprint_of(client.get(f"/items/{item.id}/milestones").get_data(as_text=True))
    response = client.post(
        f"/items/{item.id}/milestones",
        data=table(loaded, target_2012="80", target_2013="50", deliverable_2013="试点", target_2014="１２０"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2013 年：目标进度 50% 低于 2012 年的 80%，年度目标进度不能回落。" in html
    assert "请使用半角数字输入 0 到 100 之间的整数。" in html  # full-width digits: the field says why
    assert 'value="试点"' in html and 'value="１２０"' in html
    assert stored(session, item) == {}


def test_a_second_editor_gets_a_conflict_with_the_input_kept(client_for, make, session, setting):
    dept, _other, item = setting
    first, second = client_for(make.user("office")), client_for(make.user("lead", dept))
    url = f"/items/{item.id}/milestones"
    loaded_first = fingerprint_of(first.get(url).get_data(as_text=True))
    loaded_second = fingerprint_of(second.get(url).get_data(as_text=True))
    assert first.post(url, data=table(loaded_first, target_2012="30")).status_code == 302
    response = second.post(url, data=table(loaded_second, target_2012="40", deliverable_2014="验收"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-testid="conflict"' in html and "其他人修改了此事项的年度目标" in html
    assert 'value="40"' in html and 'value="验收"' in html
    assert stored(session, item) == {2012: (30, "")}
    # Resubmitting on the page as shown now (it carries the new fingerprint) saves.
    assert second.post(url, data=table(fingerprint_of(html), target_2012="40")).status_code == 302
    assert stored(session, item) == {2012: (40, "")}


@pytest.mark.parametrize("who", ["other_lead", "member", "viewer"])
def test_only_those_who_may_edit_the_item(client_for, make, session, setting, who):
    dept, other, item = setting
    user = {
        "other_lead": lambda: make.user("lead", other),
        "member": lambda: make.user("member", dept),
        "viewer": lambda: make.user("viewer"),
    }[who]()
    client = client_for(user)
    assert client.get(f"/items/{item.id}/milestones").status_code == 403
    fingerprint = milestone_services.fingerprint({})
    assert client.post(f"/items/{item.id}/milestones", data=table(fingerprint, target_2012="9")).status_code == 403
    assert stored(session, item) == {}


def test_statement_count_does_not_grow_with_milestones(client_for, make, session, count_statements):
    dept = make.department()
    plan = make.plan(start_year=2001, end_year=2030)
    item = make.item(plan, lead_department=dept)
    client = client_for(make.user("lead", dept))
    counts = []
    for years in (range(2001, 2003), range(2003, 2030)):
        for year in years:
            make.milestone(item, year, year - 2000)
        session.flush()
        session.expire_all()
        with count_statements() as counter:
            assert client.get(f"/items/{item.id}/milestones").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_item_page_shows_targets_against_year_end_actuals(client_for, make, session, setting):
    from datetime import datetime

    dept, _other, item = setting
    author = make.user("member", dept)
    make.milestone(item, 2012, 30)
    make.milestone(item, 2013, 70, deliverable="建成政务云")
    make.milestone(item, 2014, 100)
    make.status_update(item, author, progress_after=20, created_at=datetime(2012, 9, 1))
    item.progress = item.rollup_progress = 25
    item.status = "in_progress"
    session.flush()
    html = client_for(make.user("viewer")).get(f"/items/{item.id}").get_data(as_text=True)
    panel = html[html.index('data-testid="milestones-panel"') :]
    assert 'data-year="2012" data-state="missed"' in panel
    # 2013: 30 + 40 × 166/365 = 48 expected by 15 June; 25 is behind.
    assert 'data-year="2013" data-state="behind"' in panel and "今日应达 48%" in panel and "截至今日" in panel
    assert 'data-year="2014" data-state="not_due"' in panel
    assert 'data-testid="edit-milestones"' not in panel
    lead_html = client_for(make.user("lead", dept)).get(f"/items/{item.id}").get_data(as_text=True)
    assert 'data-testid="edit-milestones"' in lead_html
