"""The office's reviews through the API: reading a subject's reviews, recording one (the review form's rules, its
permission, its 409 on a stale version, its notifications), and the review queue (TODAY is 2013-06-15)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tracker.notifications.models import Notification
from tracker.review.models import Review

LATE = date(2013, 5, 31)


@pytest.fixture
def world(make, session):
    a = make.department(name="市经信委")
    office_dept = make.department(name="市信息化办公室", kind="office")
    plan = make.plan()
    item = make.item(plan, title="推进电子政务", lead_department=a, due_date=LATE, status="in_progress")
    project = make.project(item, a, name="政务云平台", due_date=LATE, status="in_progress")
    people = {
        "office": make.user("office", department=office_dept, display_name="办公室"),
        "admin": make.user("admin"),
        "lead_a": make.user("lead", department=a, display_name="王科长"),
        "viewer": make.user("viewer"),
    }
    session.commit()  # keep the world when a refused request rolls back
    return {"plan": plan, "item": item, "project": project, "a": a, **people}


def post_review(api, user, subject_path, **fields):
    return api(user).post(f"/api/v1/{subject_path}/reviews", json=fields)


def test_an_items_reviews_newest_first(api, world, make):
    item = world["item"]
    make.review(item, world["office"], "acknowledged", comment="已知悉", created_at=datetime(2013, 6, 1, 2))
    make.review(item, world["office"], "follow_up", comment="请说明", follow_up_date=date(2013, 6, 20))
    response = api(world["viewer"], scope="read").get(f"/api/v1/items/{item.id}/reviews")
    assert response.status_code == 200
    rows = response.json["data"]
    assert [r["outcome"] for r in rows] == ["follow_up", "acknowledged"]
    follow_up = next(r for r in rows if r["outcome"] == "follow_up")
    assert follow_up["request_state"] == "open" and follow_up["follow_up_date"] == "2013-06-20"
    assert follow_up["reviewer"] == {"id": world["office"].id, "display_name": "办公室"}
    assert follow_up["created_at"].endswith("+08:00")


def test_a_projects_reviews_and_a_missing_subject(api, world, make):
    make.review(world["project"], world["office"], "closed")
    client = api(world["viewer"], scope="read")
    assert [r["outcome"] for r in client.get(f"/api/v1/projects/{world['project'].id}/reviews").json["data"]] == [
        "closed"
    ]
    assert client.get("/api/v1/projects/987654/reviews").status_code == 404


def test_the_office_asks_for_a_follow_up_and_the_department_is_told(api, world, session):
    item = world["item"]
    response = post_review(
        api,
        world["office"],
        f"items/{item.id}",
        outcome="follow_up",
        version=item.version,
        comment="请说明进度。",
        follow_up_date="2013-06-30",
    )
    assert response.status_code == 201, response.json
    data = response.json["data"]
    assert data["outcome"] == "follow_up" and data["request_state"] == "open"
    assert data["follow_up_date"] == "2013-06-30" and data["comment"] == "请说明进度。"
    review = session.get(Review, data["id"])
    assert review.work_item_id == item.id and review.reviewer_id == world["office"].id
    told = session.scalars(select(Notification).where(Notification.kind == "follow_up")).all()
    assert [n.user_id for n in told] == [world["lead_a"].id]
    assert told[0].link == f"/review/requests/{review.id}"


def test_an_extension_moves_a_projects_due_date(api, world, session):
    project = world["project"]
    response = post_review(
        api, world["admin"], f"projects/{project.id}", outcome="extension", version=project.version,
        new_due_date="2013-09-30",
    )  # fmt: skip
    assert response.status_code == 201
    session.expire_all()
    assert project.due_date == date(2013, 9, 30) and response.json["data"]["new_due_date"] == "2013-09-30"


def test_a_stale_version_is_409_and_nothing_is_written(api, world, session):
    item = world["item"]
    response = post_review(api, world["office"], f"items/{item.id}", outcome="acknowledged", version=item.version - 1)
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
    session.expire_all()
    assert session.scalars(select(Review)).all() == []


def test_every_broken_rule_at_once_under_the_bodys_field_names(api, world):
    item = world["item"]
    response = post_review(api, world["office"], f"items/{item.id}", outcome="follow_up", version=item.version)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"comment", "follow_up_date"}
    response = post_review(
        api, world["office"], f"items/{item.id}", outcome="extension", version=item.version, new_due_date="2013-05-01"
    )
    assert response.status_code == 422 and set(response.json["error"]["fields"]) == {"new_due_date"}


def test_wrong_types_and_unknown_fields_are_refused_before_the_service(api, world):
    item = world["item"]
    response = post_review(
        api, world["office"], f"items/{item.id}", outcome="maybe", version="1", comment="a\x00b", extra=1
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"outcome", "version", "comment", "extra"}


def test_only_the_office_and_admins_review(api, world, session):
    item = world["item"]
    body = {"outcome": "acknowledged", "version": item.version}
    assert api(world["lead_a"]).post(f"/api/v1/items/{item.id}/reviews", json=body).status_code == 403
    viewer = api(world["viewer"], scope="read").post(f"/api/v1/items/{item.id}/reviews", json=body)
    assert viewer.status_code == 403 and viewer.json["error"]["code"] == "token_read_only"
    session.expire_all()
    assert session.scalars(select(Review)).all() == []


def test_the_queue_lists_overdue_subjects_with_their_latest_review(api, world, make):
    make.review(world["item"], world["office"], "follow_up", comment="请说明", follow_up_date=date(2013, 6, 10))
    response = api(world["viewer"], scope="read").get(f"/api/v1/review-queue?plan={world['plan'].id}")
    assert response.status_code == 200
    rows = {(r["subject_type"], r["subject_id"]): r for r in response.json["data"]}
    entry = rows[("work_item", world["item"].id)]
    assert entry["overdue"] and entry["days_overdue"] == 15 and entry["department_name"] == "市经信委"
    assert entry["latest_review"]["outcome"] == "follow_up" and entry["answer_overdue"]
    assert ("project", world["project"].id) in rows
    assert response.json["meta"]["total"] == 2


def test_the_queue_filters_as_the_page_does(api, world, make):
    client = api(world["viewer"], scope="read")
    rows = client.get("/api/v1/review-queue?kind=project&overdue=true").json["data"]
    assert [(r["subject_type"], r["subject_id"]) for r in rows] == [("project", world["project"].id)]
    assert client.get("/api/v1/review-queue?awaiting=1").json["data"] == []
    refused = client.get("/api/v1/review-queue?kind=task&colour=red")
    assert refused.status_code == 400 and set(refused.json["error"]["fields"]) == {"kind", "colour"}


def test_the_queue_costs_the_same_statements_for_3_and_30_rows(api, world, make, session, count_statements):
    client = api(world["viewer"], scope="read")

    def add(n):
        for _ in range(n):
            item = make.item(world["plan"], lead_department=world["a"], due_date=LATE, status="in_progress")
            make.review(item, world["office"], "acknowledged")
        session.commit()

    add(1)  # with the item and the project: 3 rows
    session.expire_all()
    with count_statements() as small:
        assert len(client.get("/api/v1/review-queue?per_page=100").json["data"]) == 3
    add(27)
    session.expire_all()
    with count_statements() as large:
        assert len(client.get("/api/v1/review-queue?per_page=100").json["data"]) == 30
    assert small.count == large.count


def test_a_subjects_reviews_cost_the_same_statements_for_3_and_30(api, world, make, session, count_statements):
    client = api(world["viewer"], scope="read")
    item = world["item"]
    url = f"/api/v1/items/{item.id}/reviews"

    def add(n):
        for _ in range(n):
            make.review(item, make.user("office"), "acknowledged")
        session.commit()

    add(3)
    session.expire_all()
    with count_statements() as small:
        assert len(client.get(url).json["data"]) == 3
    add(27)
    session.expire_all()
    with count_statements() as large:
        assert len(client.get(url).json["data"]) == 30
    assert small.count == large.count
