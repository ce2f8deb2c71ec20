"""GET /api/v1/projects, /projects/<id> and /projects/<id>/budget: the project pages' data as JSON."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def scene(make):
    plan = make.plan()
    dept = make.department(name="市经信委", short_name="经信委")
    other = make.department(name="市发改委", short_name="发改委")
    section = make.item(plan, title="信息基础设施")
    item = make.item(plan, parent=section, title="光纤到户", lead_department=dept)
    linked = make.item(plan, title="无线城市")
    owner = make.user("lead", department=dept, display_name="张三")
    project = make.project(
        item,
        dept,
        owner=owner,
        name="城域网改造",
        fund_source="市财政",
        due_date=date(2012, 12, 31),
        status="in_progress",
    )
    project.linked_items = [linked]
    make.budget(project, 2011, approved="100", allocated="120", spent="50")
    make.budget(project, 2012, approved="10.5", allocated="5", spent="1")
    make.project(linked, other, name="政务外网")
    return plan, dept, other, section, item, linked, project


def test_a_project_with_its_fields_and_budget_totals(api, make, scene):
    _, _, _, _, item, linked, project = scene
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/projects/{project.id}")
    assert response.status_code == 200
    data = response.json["data"]
    assert data["name"] == "城域网改造" and data["department"]["short_name"] == "经信委"
    assert data["owner"]["display_name"] == "张三"
    assert data["primary_item"] == {"id": item.id, "title": "光纤到户"}
    assert data["linked_items"] == [{"id": linked.id, "title": "无线城市"}]
    assert data["budget"] == {"approved": "110.50", "allocated": "125.00", "spent": "51.00"}
    assert data["overdue"] is True and data["due_date"] == "2012-12-31" and data["version"] == project.version


def test_the_budget_lines_with_the_pages_warnings(api, make, scene):
    project = scene[-1]
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/projects/{project.id}/budget")
    assert response.status_code == 200
    data = response.json["data"]
    assert [line["year"] for line in data["lines"]] == [2011, 2012]
    assert data["lines"][0]["approved"] == "100.00" and len(data["lines"][0]["warnings"]) == 1
    assert data["totals"]["spent"] == "51.00" and data["warnings"] == data["lines"][0]["warnings"]


def test_the_list_filters_as_the_page_does(api, make, scene):
    plan, _, other, section, *_ = scene
    client = api(make.user("viewer"), scope="read")
    everything = client.get(f"/api/v1/projects?plan={plan.id}")
    assert everything.status_code == 200 and everything.json["meta"]["total"] == 2
    by_department = client.get(f"/api/v1/projects?plan={plan.id}&department={other.id}")
    assert [p["name"] for p in by_department.json["data"]] == ["政务外网"]
    under_section = client.get(f"/api/v1/projects?plan={plan.id}&item={section.id}")
    assert [p["name"] for p in under_section.json["data"]] == ["城域网改造"]
    overdue = client.get(f"/api/v1/projects?plan={plan.id}&overdue=true")
    assert [p["name"] for p in overdue.json["data"]] == ["城域网改造"]
    searched = client.get(f"/api/v1/projects?plan={plan.id}&q=外网")
    assert [p["name"] for p in searched.json["data"]] == ["政务外网"]
    one_year = client.get(f"/api/v1/projects?plan={plan.id}&year=2012&status=in_progress")
    assert one_year.json["data"][0]["budget"]["approved"] == "10.50"


def test_paging_and_per_page(api, make, scene):
    plan = scene[0]
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/projects?plan={plan.id}&per_page=1&page=2")
    assert response.json["meta"] == {"page": 2, "per_page": 1, "total": 2, "pages": 2}
    assert response.json["links"]["next"] is None and "page=1" in response.json["links"]["prev"]


@pytest.mark.parametrize(
    "query", ["per_page=101", "status=late", "department=x", "year=1999", "colour=red", "q=%00", "overdue=maybe"]
)
def test_bad_parameters_are_400(api, make, scene, query):
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/projects?{query}")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_parameter"


@pytest.mark.parametrize("path", ["/api/v1/projects/987654", "/api/v1/projects/99999999999999/budget"])
def test_missing_projects_are_404(api, make, path):
    assert api(make.user("viewer"), scope="read").get(path).status_code == 404


def test_without_a_token_401(api, scene):
    assert api(None).get("/api/v1/projects").status_code == 401


def test_the_list_costs_the_same_statements_for_3_and_30_projects(api, make, session, statements_and_rows):
    plan = make.plan()
    item = make.item(plan)
    client = api(make.user("viewer"), scope="read")

    def add(n: int) -> None:
        for _ in range(n):
            dept = make.department()
            project = make.project(item, dept, owner=make.user("lead", department=dept))
            project.linked_items = [item]
            make.budget(project, 2012, approved="1")

    url = f"/api/v1/projects?plan={plan.id}&per_page=100"
    add(3)
    small, small_rows = statements_and_rows(client, url)
    add(27)
    large, large_rows = statements_and_rows(client, url)
    assert (small_rows, large_rows) == (3, 30)
    assert small == large
