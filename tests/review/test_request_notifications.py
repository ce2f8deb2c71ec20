"""Who hears of the office's reviews and of a request's thread: the department's leads and the subject's owner
hear of what the office decides; the reviewer (and whoever asked again) hears of answers. Never the actor,
never an inactive user."""

from __future__ import annotations

from sqlalchemy import select

from tests.review.test_threads import accept, answer, ask, reloaded, review_post, the_request
from tracker.notifications.models import Notification


def told(session) -> dict[str, set[str]]:
    """kind -> the display names of everyone told of it."""
    session.expire_all()
    found: dict[str, set[str]] = {}
    for notification in session.scalars(select(Notification)):
        found.setdefault(notification.kind, set()).add(notification.user.display_name)
    return found


def only(session, kind: str) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.kind == kind)))


def test_a_follow_up_tells_the_departments_leads_and_the_owner(world, client_for, session, make):
    make.user("lead", world["a"], display_name="停用的科长", active=False)
    make.user("lead", world["b"], display_name="别的部门科长")
    item = world["late_a"]
    assert review_post(client_for(world["office"]), item, "follow_up", follow_up_date="2013-06-30").status_code == 302
    assert told(session) == {"follow_up": {"王科长", "张三"}}
    notification = only(session, "follow_up")[0]
    review = the_request(session, item)
    assert notification.link == f"/review/requests/{review.id}" and notification.work_item_id == item.id
    assert notification.title.endswith("late_a") and notification.body == "请说明。"


def test_escalating_a_project_tells_its_department(world, client_for, session):
    project = world["proj_a"]
    data = {"outcome": "escalated", "comment": "提请督办", "follow_up_date": "2013-06-25", "new_due_date": ""}
    response = client_for(world["admin"]).post(
        f"/review/project/{project.id}/new", data={**data, "version": str(project.version)}
    )
    assert response.status_code == 302
    assert told(session) == {"escalated": {"王科长"}}  # proj_a has no owner
    assert only(session, "escalated")[0].title == "proj_a"


def test_an_extension_links_to_the_item_and_closing_tells_the_department(world, client_for, session):
    item = world["late_a"]
    office = client_for(world["office"])
    assert review_post(office, item, "extension", new_due_date="2013-12-31").status_code == 302
    assert told(session) == {"extension": {"王科长", "张三"}}
    assert only(session, "extension")[0].link == f"/items/{item.id}"
    session.refresh(item)
    assert review_post(office, item, "closed").status_code == 302
    assert told(session)["review_closed"] == {"王科长", "张三"}
    assert only(session, "review_closed")[0].link == f"/items/{item.id}"


def test_acknowledged_tells_nobody(world, client_for, session):
    assert review_post(client_for(world["office"]), world["late_a"], "acknowledged").status_code == 302
    assert told(session) == {}


def test_an_answer_by_the_owner_tells_only_the_office(world, client_for, session):
    review = the_request(session, world["late_a"])
    assert answer(client_for(world["owner_a"]), review).status_code == 302
    assert told(session) == {"answered": {"办公室李四"}}


def test_an_answer_tells_the_reviewer_and_whoever_asked_again(world, client_for, session, make):
    review = the_request(session, world["late_b"])
    assert ask(client_for(world["admin"]), review).status_code == 302
    assert told(session) == {"asked_again": {"赵科长"}}  # late_b has no owner
    asked = only(session, "asked_again")[0]
    assert asked.link == f"/review/requests/{review.id}" and asked.body == "请补充验收报告。"
    review = reloaded(session, review)
    assert answer(client_for(world["lead_b"]), review, "已补充。").status_code == 302
    answered = told(session)["answered"]
    assert answered == {"办公室李四", world["admin"].display_name}
    assert only(session, "answered")[0].body == "已补充。"


def test_an_inactive_reviewer_is_not_told(world, client_for, session):
    review = the_request(session, world["late_a"])
    world["office"].active = False
    session.flush()
    assert answer(client_for(world["lead_a"]), review).status_code == 302
    assert told(session) == {}


def test_accepting_tells_the_department(world, client_for, session):
    review = the_request(session, world["late_a"])
    assert answer(client_for(world["lead_a"]), review).status_code == 302
    review = reloaded(session, review)
    assert accept(client_for(world["office"]), review, "同意").status_code == 302
    found = told(session)
    assert found["review_closed"] == {"王科长", "张三"}
    assert only(session, "review_closed")[0].link == f"/review/requests/{review.id}"


def test_a_refused_step_tells_nobody(world, client_for, session):
    review = the_request(session, world["late_a"])
    assert answer(client_for(world["lead_a"]), review, text="").status_code == 200
    assert accept(client_for(world["office"]), review).status_code == 200
    assert told(session) == {}
