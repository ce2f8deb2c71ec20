"""Requests (督办) through the API: the list as /review/requests has it, one request with its thread, and the
thread's steps with the page's permissions, rules and notifications (TODAY is 2013-06-15)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.notifications.models import Notification
from tracker.review.models import RequestMessage, Review


@pytest.fixture
def world(make, session):
    a = make.department(name="市经信委")
    b = make.department(name="市发改委")
    office_dept = make.department(name="市信息化办公室", kind="office")
    plan = make.plan()
    item_a = make.item(plan, title="推进电子政务", lead_department=a)
    item_b = make.item(plan, title="建设宽带城市", lead_department=b)
    office = make.user("office", department=office_dept, display_name="办公室")
    people = {
        "office": office,
        "lead_a": make.user("lead", department=a, display_name="王科长"),
        "member_a": make.user("member", department=a),
        "lead_b": make.user("lead", department=b),
        "viewer": make.user("viewer"),
    }
    request_a = make.review(item_a, office, "follow_up", comment="请说明进度", follow_up_date=date(2013, 6, 14))
    request_b = make.review(item_b, office, "escalated", comment="提请督办", follow_up_date=date(2013, 6, 30))
    plain = make.review(item_b, office, "acknowledged", request_state=None)
    session.commit()  # keep the world when a refused request rolls back
    return {"plan": plan, "a": a, "b": b, "request_a": request_a, "request_b": request_b, "plain": plain, **people}


def test_overseers_list_every_departments_requests(api, world):
    response = api(world["viewer"], scope="read").get("/api/v1/requests")
    assert response.status_code == 200
    rows = response.json["data"]
    assert [r["id"] for r in rows] == [world["request_a"].id, world["request_b"].id]  # the earliest answer date first
    first = rows[0]
    assert first["state"] == "open" and first["answer_overdue"] and first["question"] == "请说明进度"
    assert first["subject"]["type"] == "work_item" and first["department"]["name"] == "市经信委"
    assert response.json["meta"]["total"] == 2


def test_filters_by_department_and_state(api, world, make, session):
    client = api(world["office"])
    only_b = client.get(f"/api/v1/requests?department={world['b'].id}").json["data"]
    assert [r["id"] for r in only_b] == [world["request_b"].id]
    world["request_b"].request_state = "answered"
    session.commit()
    answered = client.get("/api/v1/requests?state=answered").json["data"]
    assert [r["id"] for r in answered] == [world["request_b"].id]
    assert client.get("/api/v1/requests?state=closed").status_code == 400


def test_a_department_sees_its_own_requests_whatever_it_asks(api, world):
    rows = api(world["lead_b"]).get(f"/api/v1/requests?department={world['a'].id}").json["data"]
    assert [r["id"] for r in rows] == [world["request_b"].id]


def test_one_request_with_its_thread_and_the_answers_files(api, world, make):
    review = world["request_a"]
    message = make.request_message(review, world["lead_a"], body="已完成审批。")
    make.attachment(review.work_item, world["lead_a"], request_message_id=message.id, filename="批复.pdf")
    response = api(world["viewer"], scope="read").get(f"/api/v1/requests/{review.id}")
    assert response.status_code == 200
    data = response.json["data"]
    assert data["id"] == review.id and data["closed_by"] is None
    [shown] = data["messages"]
    assert shown["kind"] == "answer" and shown["text"] == "已完成审批。"
    assert shown["author"]["display_name"] == "王科长"
    [file] = shown["files"]
    assert file["filename"] == "批复.pdf" and file["download_url"] == f"/attachments/{file['id']}"


def test_a_review_that_asks_nothing_is_no_request(api, world):
    client = api(world["viewer"], scope="read")
    assert client.get(f"/api/v1/requests/{world['plain'].id}").status_code == 404
    assert client.get("/api/v1/requests/987654").status_code == 404


def test_the_department_answers_and_the_office_is_told(api, world, session):
    review = world["request_a"]
    response = api(world["member_a"]).post(f"/api/v1/requests/{review.id}/answer", json={"text": "已完成审批。"})
    assert response.status_code == 201, response.json
    assert response.json["data"]["kind"] == "answer" and response.json["data"]["files"] == []
    session.expire_all()
    assert session.get(Review, review.id).request_state == "answered"
    told = session.scalars(select(Notification).where(Notification.kind == "answered")).all()
    assert [n.user_id for n in told] == [world["office"].id]


def test_only_the_responsible_department_answers(api, world, session):
    url = f"/api/v1/requests/{world['request_a'].id}/answer"
    assert api(world["lead_b"]).post(url, json={"text": "我们来答"}).status_code == 403
    assert api(world["office"]).post(url, json={"text": "代答"}).status_code == 403
    assert api(world["viewer"], scope="read").post(url, json={"text": "代答"}).status_code == 403
    session.expire_all()
    assert session.scalars(select(RequestMessage)).all() == []


def test_an_answer_needs_text_and_the_thread_as_read(api, world, make):
    review = world["request_a"]
    client = api(world["lead_a"])
    empty = client.post(f"/api/v1/requests/{review.id}/answer", json={"text": "  "})
    assert empty.status_code == 422 and set(empty.json["error"]["fields"]) == {"text"}
    stale = client.post(f"/api/v1/requests/{review.id}/answer", json={"text": "已完成", "seen": 3})
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"


def test_the_office_accepts_only_an_answered_request(api, world, make, session):
    review = world["request_a"]
    office = api(world["office"])
    too_early = office.post(f"/api/v1/requests/{review.id}/accept", json={})
    assert too_early.status_code == 422
    make.request_message(review, world["lead_a"])
    review.request_state = "answered"
    session.commit()
    accepted = office.post(f"/api/v1/requests/{review.id}/accept", json={"text": "同意办结。", "seen": 1})
    assert accepted.status_code == 201 and accepted.json["data"]["kind"] == "accept"
    session.expire_all()
    assert session.get(Review, review.id).request_state == "closed"
    told = session.scalars(select(Notification).where(Notification.kind == "review_closed")).all()
    assert world["lead_a"].id in {n.user_id for n in told}
    assert api(world["lead_a"]).post(f"/api/v1/requests/{review.id}/accept", json={}).status_code == 403


def test_asking_again_needs_text_and_a_date_then_reopens(api, world, make, session):
    review = world["request_a"]
    make.request_message(review, world["lead_a"])
    review.request_state = "answered"
    session.commit()
    office = api(world["office"])
    url = f"/api/v1/requests/{review.id}/ask-again"
    missing = office.post(url, json={"text": "请补充"})
    assert missing.status_code == 422 and set(missing.json["error"]["fields"]) == {"due_date"}
    past = office.post(url, json={"text": "", "due_date": "2013-06-01"})
    assert past.status_code == 422 and set(past.json["error"]["fields"]) == {"text", "due_date"}
    again = office.post(url, json={"text": "请补充验收报告。", "due_date": "2013-06-30"})
    assert again.status_code == 201 and again.json["data"]["due_date"] == "2013-06-30"
    session.expire_all()
    stored = session.get(Review, review.id)
    assert stored.request_state == "open" and stored.follow_up_date == date(2013, 6, 30)
    told = session.scalars(select(Notification).where(Notification.kind == "asked_again")).all()
    assert world["lead_a"].id in {n.user_id for n in told}


def test_the_list_costs_the_same_statements_for_3_and_30(api, world, make, session, count_statements):
    client = api(world["viewer"], scope="read")

    def add(n):
        for _ in range(n):
            item = make.item(world["plan"], lead_department=world["a"], owner=make.user("member", world["a"]))
            make.review(item, make.user("office"), "follow_up", comment="请说明", follow_up_date=date(2013, 7, 1))
        session.commit()

    add(1)
    session.expire_all()
    with count_statements() as small:
        assert len(client.get("/api/v1/requests?per_page=100").json["data"]) == 3
    add(27)
    session.expire_all()
    with count_statements() as large:
        assert len(client.get("/api/v1/requests?per_page=100").json["data"]) == 30
    assert small.count == large.count


def test_the_thread_costs_the_same_statements_for_3_and_30_messages(api, world, make, session, count_statements):
    review = world["request_a"]
    client = api(world["viewer"], scope="read")

    def add(n):
        for _ in range(n):
            make.request_message(review, make.user("lead", world["a"]))
        session.commit()

    add(3)
    session.expire_all()
    with count_statements() as small:
        assert len(client.get(f"/api/v1/requests/{review.id}").json["data"]["messages"]) == 3
    add(27)
    session.expire_all()
    with count_statements() as large:
        assert len(client.get(f"/api/v1/requests/{review.id}").json["data"]["messages"]) == 30
    assert small.count == large.count
