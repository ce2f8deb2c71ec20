"""The token owner's notifications: the list, marking one read, marking all read."""

from __future__ import annotations

from datetime import datetime


def test_the_list_is_the_owners_own_unread_first(api, make):
    lead = make.user("lead")
    item = make.item(make.plan())
    project = make.project(item, lead.department)
    read = make.notification(lead, title="旧通知", read_at=datetime(2013, 6, 1, 1, 0), work_item_id=item.id)
    unread = make.notification(lead, title="新通知", body="请跟进", link="/items/1", project_id=project.id)
    make.notification(make.user("lead"), title="别人的")
    response = api(lead, scope="read").get("/api/v1/notifications")
    assert response.status_code == 200
    assert [row["id"] for row in response.json["data"]] == [unread.id, read.id]
    first, second = response.json["data"]
    assert first["subject"] == {"type": "project", "id": project.id} and first["read_at"] is None
    assert first["body"] == "请跟进" and first["link"] == "/items/1" and first["kind"] == "follow_up"
    assert second["subject"] == {"type": "work_item", "id": item.id}
    assert second["read_at"] == "2013-06-01T09:00:00+08:00"


def test_the_unread_filter(api, make):
    lead = make.user("lead")
    unread = make.notification(lead)
    read = make.notification(lead, read_at=datetime(2013, 6, 1))
    client = api(lead, scope="read")
    assert [row["id"] for row in client.get("/api/v1/notifications?unread=true").json["data"]] == [unread.id]
    assert [row["id"] for row in client.get("/api/v1/notifications?unread=false").json["data"]] == [read.id]


def test_marking_one_read_answers_it_and_keeps_the_first_time(api, make, session):
    lead = make.user("lead")
    notification = make.notification(lead)
    client = api(lead)
    first = client.post(f"/api/v1/notifications/{notification.id}/read")
    assert first.status_code == 200 and first.json["data"]["read_at"] is not None
    again = client.post(f"/api/v1/notifications/{notification.id}/read")
    assert again.json["data"]["read_at"] == first.json["data"]["read_at"]
    session.refresh(notification)
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(api, make):
    notification = make.notification(make.user("lead"))
    response = api(make.user("lead")).post(f"/api/v1/notifications/{notification.id}/read")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert notification.read_at is None


def test_mark_all_read_counts_only_the_owners_unread(api, make, session):
    lead, other = make.user("lead"), make.user("lead")
    mine = [make.notification(lead) for _ in range(3)]
    make.notification(lead, read_at=datetime(2013, 6, 1))
    theirs = make.notification(other)
    response = api(lead).post("/api/v1/notifications/read-all")
    assert response.status_code == 200 and response.json == {"data": {"marked": 3}}
    for notification in (*mine, theirs):
        session.refresh(notification)
    assert all(n.read_at is not None for n in mine) and theirs.read_at is None


def test_a_read_only_token_may_not_mark(api, make):
    lead = make.user("lead")
    notification = make.notification(lead)
    response = api(lead, scope="read").post(f"/api/v1/notifications/{notification.id}/read")
    assert response.status_code == 403 and response.json["error"]["code"] == "token_read_only"


def test_the_list_costs_the_same_statements_for_3_and_30_rows(api, make, session, count_statements):
    lead = make.user("lead")
    client = api(lead, scope="read")
    for _ in range(3):
        make.notification(lead)
    session.expire_all()
    with count_statements() as small:
        assert len(client.get("/api/v1/notifications?per_page=100").json["data"]) == 3
    for _ in range(27):
        make.notification(lead)
    session.expire_all()
    with count_statements() as large:
        assert len(client.get("/api/v1/notifications?per_page=100").json["data"]) == 30
    assert small.count == large.count
