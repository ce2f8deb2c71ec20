"""Status updates through the API: the subject's reports, and posting one with the update page's own rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.core.models import AuditEvent
from tracker.notifications.models import Notification


@pytest.fixture
def scene(make):
    plan = make.plan()
    dept = make.department(name="市经信委")
    other = make.department(name="市发改委")
    item = make.item(plan, lead_department=dept, due_date=date(2014, 12, 31), status="in_progress", progress=20)
    project = make.project(item, dept, due_date=date(2014, 12, 31))
    return plan, dept, other, item, project


def report(version: int, **changes) -> dict:
    return {"status": "in_progress", "progress": 40, "note": "光缆已铺设", "version": version, **changes}


def test_a_lead_reports_on_an_item_and_it_takes_effect(api, make, session, scene):
    _, dept, _, item, _ = scene
    lead = make.user("lead", department=dept)
    response = api(lead).post(f"/api/v1/items/{item.id}/updates", report(item.version))
    assert response.status_code == 201
    data = response.json["data"]
    assert data["subject"] == {"type": "work_item", "id": item.id} and data["sign_off"] == "approved"
    assert (data["status_before"], data["progress_before"], data["progress_after"]) == ("in_progress", 20, 40)
    session.refresh(item)
    assert item.progress == 40 and data["subject_version"] == item.version
    audited = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == item.id)).all()
    assert any(event.field == "progress" for event in audited)


def test_a_members_report_waits_for_sign_off_as_on_the_page(api, make, session, scene):
    _, dept, _, _, project = scene
    dept.reports_need_sign_off = True
    lead = make.user("lead", department=dept)
    member = make.user("member", department=dept)
    version = project.version
    response = api(member).post(f"/api/v1/projects/{project.id}/updates", report(version))
    assert response.status_code == 201
    assert response.json["data"]["sign_off"] == "pending" and response.json["data"]["subject_version"] == version
    session.refresh(project)
    assert project.progress == 0
    assert session.scalars(select(Notification).where(Notification.user_id == lead.id)).first() is not None


def test_a_stale_version_is_409_telling_the_program_to_read_again(api, make, scene):
    _, dept, _, item, _ = scene
    client = api(make.user("lead", department=dept))
    assert client.post(f"/api/v1/items/{item.id}/updates", report(item.version)).status_code == 201
    stale = client.post(f"/api/v1/items/{item.id}/updates", report(item.version - 1, progress=50))
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"
    assert "重新读取" in stale.json["error"]["message"]


def test_rule_violations_are_422_at_the_body_fields_with_the_forms_messages(api, make, scene):
    _, dept, _, item, _ = scene
    client = api(make.user("lead", department=dept))
    response = client.post(f"/api/v1/items/{item.id}/updates", report(item.version, status="delayed", progress=10))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert set(fields) >= {"delay_reason", "remedy", "expected_completion"}
    assert fields["delay_reason"] == ["滞后、有风险或已逾期的事项须填写滞后原因。"]
    bad = client.post(f"/api/v1/items/{item.id}/updates", report(item.version, status="late", progress=101))
    assert bad.json["error"]["fields"]["status"] == ["无效的状态。"]
    assert bad.json["error"]["fields"]["progress"] == ["进度必须是 0 到 100 之间的整数。"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"progress": "40"}, "progress"),
        ({"progress": True}, "progress"),
        ({"version": None}, "version"),
        ({"note": "a\x00b"}, "note"),
        ({"expected_completion": "2014/01/01"}, "expected_completion"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_wrong_types_unknown_fields_and_nul_are_422(api, make, scene, changes, field):
    _, dept, _, item, _ = scene
    response = api(make.user("lead", department=dept)).post(
        f"/api/v1/items/{item.id}/updates", report(item.version) | changes
    )
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_version_is_required(api, make, scene):
    _, dept, _, item, _ = scene
    body = report(item.version)
    del body["version"]
    response = api(make.user("lead", department=dept)).post(f"/api/v1/items/{item.id}/updates", body)
    assert response.status_code == 422 and "version" in response.json["error"]["fields"]


def test_malformed_json_wrong_content_type_and_huge_bodies(api, make, scene):
    _, dept, _, item, _ = scene
    client = api(make.user("lead", department=dept))
    url = f"/api/v1/items/{item.id}/updates"
    malformed = client.open("POST", url, data=b"{status:", content_type="application/json")
    assert malformed.status_code == 400 and malformed.json["error"]["code"] == "malformed_json"
    form = client.open("POST", url, data={"status": "in_progress"})
    assert form.status_code == 415
    huge = client.post(url, report(item.version, note="字" * 100_000))
    assert huge.status_code == 413


@pytest.mark.parametrize(
    ("role", "own", "scope", "expected"),
    [
        ("lead", True, "write", 201),
        ("member", True, "write", 201),
        ("admin", False, "write", 201),
        ("lead", False, "write", 403),
        ("member", False, "write", 403),
        ("office", False, "write", 403),
        ("viewer", False, "read", 403),
    ],
)
def test_who_may_report(api, make, scene, role, own, scope, expected):
    _, dept, other, item, project = scene
    user = make.user(role, department=dept if own else other)
    for url, version in (
        (f"/api/v1/items/{item.id}/updates", item.version),
        (f"/api/v1/projects/{project.id}/updates", project.version),
    ):
        response = api(user, scope=scope).post(url, report(version))
        assert response.status_code == expected
    if role == "viewer":
        assert response.json["error"]["code"] == "token_read_only"


def test_the_office_reports_where_its_department_is_responsible(api, make, scene):
    _, dept, _, item, _ = scene
    office = make.user("office", department=dept)
    assert api(office).post(f"/api/v1/items/{item.id}/updates", report(item.version)).status_code == 201


def test_missing_subjects_are_404(api, make):
    client = api(make.user("admin"))
    assert client.post("/api/v1/items/987654/updates", report(1)).status_code == 404
    assert client.get("/api/v1/projects/987654/updates").status_code == 404


def test_the_list_shows_every_report_newest_first_drafts_marked(api, make, scene):
    _, dept, _, item, _ = scene
    lead = make.user("lead", department=dept)
    member = make.user("member", department=dept)
    old = make.status_update(item, lead, note="第一次")
    draft = make.status_update(item, member, note="草稿", sign_off="pending")
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items/{item.id}/updates")
    assert response.status_code == 200
    rows = response.json["data"]
    assert [row["id"] for row in rows] == [draft.id, old.id]
    assert rows[0]["sign_off"] == "pending" and rows[1]["author"]["id"] == lead.id
    assert rows[0]["created_at"].endswith("+08:00")


def test_the_lists_cost_the_same_statements_for_3_and_30_reports(api, make, session, scene, statements_and_rows):
    _, dept, _, item, project = scene
    client = api(make.user("viewer"), scope="read")
    for subject, url in (
        (item, f"/api/v1/items/{item.id}/updates"),
        (project, f"/api/v1/projects/{project.id}/updates"),
    ):

        def add(n: int, subject=subject) -> None:
            for _ in range(n):
                make.status_update(subject, make.user("lead", department=dept))

        add(3)
        small, small_rows = statements_and_rows(client, f"{url}?per_page=100")
        add(27)
        large, large_rows = statements_and_rows(client, f"{url}?per_page=100")
        assert (small_rows, large_rows) == (3, 30) and small == large


def test_posted_reports_appear_in_the_list(api, make, scene):
    _, dept, _, _, project = scene
    client = api(make.user("lead", department=dept))
    posted = client.post(f"/api/v1/projects/{project.id}/updates", report(project.version)).json["data"]
    listed = client.get(f"/api/v1/projects/{project.id}/updates").json["data"]
    assert listed[0]["id"] == posted["id"] and listed[0]["subject"]["type"] == "project"
    assert len(listed) == 1


def test_a_report_losing_the_race_at_the_flush_is_409_not_500(api, make, session, scene, monkeypatch):
    """Two reports that both passed the version check: the second one's UPDATE matches no row (StaleDataError).
    (The words of that 409 once failed on a real server only, where the failed flush leaves the session unusable:
    tests/live/test_concurrent_api_reports.py on PostgreSQL covers that.)"""
    from sqlalchemy import update as sql_update

    from tracker.api.routes import updates as routes
    from tracker.plan.models import WorkItem

    _, dept, _, item, _ = scene
    real_post = routes.post_status_update

    def post_after_someone_else(subject, data, actor, today):
        session.execute(sql_update(WorkItem).where(WorkItem.id == subject.id).values(version=WorkItem.version + 1))
        return real_post(subject, data, actor, today)

    monkeypatch.setattr(routes, "post_status_update", post_after_someone_else)
    response = api(make.user("lead", department=dept)).post(f"/api/v1/items/{item.id}/updates", report(item.version))
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
