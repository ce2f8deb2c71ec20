"""GET /api/v1/items/<id>: the item with its mandate, children, projects, budget and timeline."""

from __future__ import annotations

from datetime import datetime

import pytest


@pytest.fixture
def detail_world(make, session):
    plan = make.plan()
    department = make.department(name="市经信委")
    lead = make.user("lead", department=department)
    parent = make.item(plan, kind="section", outline_no="三、", title="重点任务", mandate="规划原文")
    second = make.item(plan, parent=parent, outline_no="（二）", title="乙", sort_order=2, lead_department=department)
    first = make.item(plan, parent=parent, outline_no="（一）", title="甲", sort_order=1, lead_department=department)
    retired = make.item(plan, parent=parent, outline_no="（三）", title="丙", sort_order=3, retired=True)
    project = make.project(first, department, name="政务云", status="in_progress", progress=30)
    make.budget(project, 2012, approved="100", allocated="80", spent="20.5")
    make.project(parent, department, name="总体设计")
    make.status_update(first, lead, note="已完成招标", created_at=datetime(2013, 5, 1))
    make.review(first, make.user("office"), comment="请加快进度", created_at=datetime(2013, 5, 2))
    session.flush()
    return parent, first, second, retired, project


def test_the_item_with_its_children_in_order_and_its_projects(api, make, detail_world):
    parent, first, second, _retired, _project = detail_world
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items/{parent.id}")
    assert response.status_code == 200
    data = response.json["data"]
    assert data["mandate"] == "规划原文" and data["outline"] == "三、"
    assert [child["id"] for child in data["children"]] == [first.id, second.id]
    assert data["children"][0]["outline"] == "三、（一）"
    assert [p["name"] for p in data["projects"]] == ["总体设计"]
    assert data["budget"]["rollup"] == {"approved": "100.00", "allocated": "80.00", "spent": "20.50"}
    assert data["budget"]["own"] == {"approved": "0.00", "allocated": "0.00", "spent": "0.00"}


def test_the_timeline_newest_first_with_its_count(api, make, detail_world):
    _parent, first, *_rest, project = detail_world
    data = api(make.user("viewer"), scope="read").get(f"/api/v1/items/{first.id}").json["data"]
    kinds = [entry["kind"] for entry in data["timeline"]["entries"]]
    assert kinds[:2] == ["review", "update"] and data["timeline"]["total"] == len(kinds)
    assert data["timeline"]["entries"][1]["text"] == "已完成招标"
    # Stored as UTC, answered in the configured zone with its offset, as every page shows it.
    assert data["last_update_at"] == "2013-05-01T08:00:00+08:00"
    assert data["projects"][0]["id"] == project.id and data["projects"][0]["budget"]["approved"] == "100.00"


def test_a_retired_item_is_readable(api, make, detail_world):
    retired = detail_world[3]
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items/{retired.id}")
    assert response.status_code == 200 and response.json["data"]["retired"] is True


@pytest.mark.parametrize("item_id", [999999, 2**31, 2**40])
def test_a_missing_item_is_404(api, make, item_id):
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items/{item_id}")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_an_unknown_parameter_is_400(api, make, detail_world):
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items/{detail_world[0].id}?x=1")
    assert response.status_code == 400
