"""PUT /api/v1/projects/<id>/budget/<year>: one year's line set as the budget page sets it (its permission, its
service, its version check and its audit)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.core.models import AuditEvent


@pytest.fixture
def scene(make, session):
    plan = make.plan()
    dept = make.department(name="市经信委")
    item = make.item(plan, title="光纤到户", lead_department=dept)
    project = make.project(item, dept, name="城域网改造")
    make.budget(project, 2011, approved="100", allocated="120", spent="50")
    session.flush()
    return dept, project


def _year(project, year: int = 2012) -> str:
    return f"/api/v1/projects/{project.id}/budget/{year}"


def test_the_departments_lead_sets_a_new_year_and_the_other_years_stay(api, make, scene, session):
    dept, project = scene
    before = project.version
    body = {"approved": "80.5", "allocated": 60, "spent": "0", "version": before}
    response = api(make.user("lead", department=dept)).put(_year(project), json=body)
    assert response.status_code == 200, response.json
    data = response.json["data"]
    assert [(line["year"], line["approved"], line["allocated"]) for line in data["lines"]] == [
        (2011, "100.00", "120.00"),
        (2012, "80.50", "60.00"),
    ]
    assert data["totals"] == {"approved": "180.50", "allocated": "180.00", "spent": "50.00"}
    assert data["version"] == before + 1
    audited = session.scalars(select(AuditEvent.field).where(AuditEvent.entity_id == project.id)).all()
    assert {"2012.approved", "2012.allocated"} <= set(audited)


def test_a_stale_version_is_a_conflict_and_nothing_changes(api, make, scene):
    _, project = scene
    client = api(make.user("office"))
    response = client.put(_year(project, 2011), json={"approved": "1", "allocated": "1", "spent": "1", "version": 99})
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
    assert client.get(f"/api/v1/projects/{project.id}/budget").json["data"]["lines"][0]["approved"] == "100.00"


def test_refusals_are_at_the_bodys_fields(api, make, scene):
    _, project = scene
    client = api(make.user("office"))
    negative = client.put(_year(project), json={"approved": "-1", "allocated": "0", "spent": "0", "version": 1})
    assert negative.status_code == 422 and set(negative.json["error"]["fields"]) == {"approved"}
    too_early = client.put(_year(project, 1999), json={"approved": "1", "allocated": "0", "spent": "0", "version": 1})
    assert too_early.status_code == 422 and set(too_early.json["error"]["fields"]) == {"year"}
    missing = client.put(_year(project), json={"approved": "1", "version": 1})
    assert missing.status_code == 422 and set(missing.json["error"]["fields"]) == {"allocated", "spent"}
    wrong = client.put(_year(project), json={"approved": True, "allocated": "1.234", "spent": "x", "version": "1"})
    assert set(wrong.json["error"]["fields"]) == {"approved", "allocated", "spent", "version"}


def test_only_those_who_edit_the_budget_on_its_page(api, make, scene):
    dept, project = scene
    body = {"approved": "1", "allocated": "0", "spent": "0", "version": project.version}
    assert api(make.user("lead")).put(_year(project), json=body).status_code == 403  # another department's lead
    assert api(make.user("member", department=dept)).put(_year(project), json=body).status_code == 403
    assert api(make.user("viewer"), scope="read").put(_year(project), json=body).status_code == 403
    assert api(make.user("office")).put("/api/v1/projects/987654/budget/2012", json=body).status_code == 404
