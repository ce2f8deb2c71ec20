"""What the outside probe of the API found (issue 12), each pinned by a test that failed before its fix."""

from __future__ import annotations

import pytest

HUGE = 2**63  # beyond every integer column: the database cannot even compare it


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/v1/requests/{HUGE}"),
        ("POST", f"/api/v1/requests/{HUGE}/answer"),
        ("POST", f"/api/v1/notifications/{HUGE}/read"),
        ("GET", "/api/v1/items/\uff10\uff11"),  # full-width digits are not an id
    ],
)
def test_ids_beyond_any_column_or_not_ascii_are_not_found(api, make, method, path):
    response = api(make.user("admin")).open(method, path, json={"text": "x"} if method == "POST" else None)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_a_page_with_an_id_beyond_any_column_is_not_found(client_for, make):
    response = client_for(make.user("lead")).post(f"/inbox/{HUGE}/read")
    assert response.status_code == 404


def test_a_key_twice_in_one_object_is_malformed_not_the_last_one_wins(api, make):

    dept = make.department()
    item = make.item(make.plan(), lead_department=dept)
    lead = make.user("lead", department=dept)
    response = api(lead).post(
        f"/api/v1/items/{item.id}/updates",
        data='{"status": "in_progress", "progress": 62, "progress": 10, "version": 1}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.json["error"]["code"] == "malformed_json"
    assert "progress" in response.json["error"]["message"]


def test_a_405_names_the_methods_the_route_takes(api, make):
    response = api(make.user("admin")).open("DELETE", "/api/v1/plans")
    assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) >= {"GET"}


def test_a_bearer_header_that_is_not_a_token_is_an_invalid_token_not_a_missing_one(app):
    response = app.test_client().get("/api/v1/plans", headers={"Authorization": "Bearer x"})
    assert response.status_code == 401 and response.json["error"]["code"] == "token_invalid"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_stale_thread_is_a_conflict_like_a_stale_version(api, make):
    dept = make.department()
    office = make.user("office")
    item = make.item(make.plan(), lead_department=dept)
    request = make.review(item, office, "follow_up", comment="请说明进度")
    response = api(make.user("lead", department=dept)).post(
        f"/api/v1/requests/{request.id}/answer", json={"text": "已完成", "seen": 5}
    )
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
    assert "页面" not in response.json["error"]["message"]


def test_a_conflict_does_not_tell_a_program_that_its_input_was_kept(api, make):
    dept = make.department()
    item = make.item(make.plan(), lead_department=dept)
    response = api(make.user("lead", department=dept)).post(
        f"/api/v1/items/{item.id}/updates", json={"status": "in_progress", "progress": 10, "version": 99}
    )
    assert response.status_code == 409
    assert "保留" not in response.json["error"]["message"] and "重新读取" in response.json["error"]["message"]
