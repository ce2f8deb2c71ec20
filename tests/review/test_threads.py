"""A request's thread: each transition, each refusal, a second click, and the office's new reviews closing it.

The world (tests/review/conftest.py): late_a (department A) has an open follow-up whose answer was due 06-14;
late_b (B) has an answered one; TODAY is 2013-06-15.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.review.helpers import add_review
from tracker.review.models import RequestMessage, Review


def the_request(session, subject) -> Review:
    query = select(Review).where(Review.work_item_id == subject.id, Review.request_state.is_not(None))
    return session.scalars(query.order_by(Review.id.desc())).first()


def messages(session, review) -> list[tuple[str, str]]:
    query = select(RequestMessage).where(RequestMessage.review_id == review.id).order_by(RequestMessage.id)
    return [(m.kind, m.body) for m in session.scalars(query)]


def answer(client, review, text="已完成审批，下月开工。", seen=None, **extra):
    data = {"answer-text": text, "answer-seen": str(len(review.messages) if seen is None else seen), **extra}
    return client.post(f"/review/requests/{review.id}/answer", data=data)


def accept(client, review, text="", seen=None):
    data = {"accept-text": text, "accept-seen": str(len(review.messages) if seen is None else seen)}
    return client.post(f"/review/requests/{review.id}/accept", data=data)


def ask(client, review, text="请补充验收报告。", due="2013-06-30", seen=None):
    data = {"ask-text": text, "ask-due_date": due, "ask-seen": str(len(review.messages) if seen is None else seen)}
    return client.post(f"/review/requests/{review.id}/ask-again", data=data)


def reloaded(session, review) -> Review:
    session.expire_all()
    return session.get(Review, review.id)


def test_answer_makes_an_open_request_answered(world, client_for, session):
    review = the_request(session, world["late_a"])
    assert review.request_state == "open"
    response = answer(client_for(world["lead_a"]), review)
    assert response.status_code == 302 and response.headers["Location"] == f"/review/requests/{review.id}"
    review = reloaded(session, review)
    assert review.request_state == "answered" and review.answered_at is not None
    assert messages(session, review) == [("answer", "已完成审批，下月开工。")]
    assert review.messages[0].author_id == world["lead_a"].id


def test_a_second_answer_adds_to_the_thread(world, client_for, session):
    review = the_request(session, world["late_a"])
    member = client_for(world["member_a"])
    assert answer(member, review, "第一次").status_code == 302
    review = reloaded(session, review)
    assert answer(member, review, "补充说明").status_code == 302
    review = reloaded(session, review)
    assert review.request_state == "answered"
    assert messages(session, review) == [("answer", "第一次"), ("answer", "补充说明")]


def test_a_second_click_of_the_same_answer_is_refused(world, client_for, session):
    review = the_request(session, world["late_a"])
    lead = client_for(world["lead_a"])
    assert answer(lead, review, seen=0).status_code == 302
    again = answer(lead, review, seen=0)  # the same form, sent again
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "已有新的答复或处理" in page
    assert "已完成审批，下月开工。" in page  # the text is kept in the form
    assert len(messages(session, reloaded(session, review))) == 1


def test_an_answer_needs_text(world, client_for, session):
    review = the_request(session, world["late_a"])
    response = answer(client_for(world["lead_a"]), review, text="   ")
    assert response.status_code == 200 and "请填写答复内容，或附上佐证材料。" in response.get_data(as_text=True)
    assert reloaded(session, review).request_state == "open" and messages(session, review) == []


def test_an_answer_that_reverses_its_text_direction_is_refused(world, client_for, session):
    """Found by an outside probe: "见附件 \u202efdp.exe" showed the office "见附件 exe.pdf"."""
    review = the_request(session, world["late_a"])
    response = answer(client_for(world["lead_a"]), review, text="已完成，见附件 \u202efdp.exe\u202c")
    assert response.status_code == 200 and "不能包含控制字符" in response.get_data(as_text=True)
    assert reloaded(session, review).request_state == "open" and messages(session, review) == []


def test_answering_a_closed_request_is_refused(world, client_for, session):
    review = the_request(session, world["late_a"])
    review.request_state = "closed"
    session.flush()
    response = answer(client_for(world["lead_a"]), review)
    assert response.status_code == 200 and "此督办事项已办结" in response.get_data(as_text=True)
    assert messages(session, review) == []


@pytest.mark.parametrize("who", ["lead_b", "office", "admin", "viewer"])
def test_only_the_responsible_department_answers(world, client_for, session, who):
    review = the_request(session, world["late_a"])
    assert answer(client_for(world[who]), review).status_code == 403
    assert messages(session, review) == []


def test_the_office_accepts_an_answer_and_closes_the_request(world, client_for, session):
    review = the_request(session, world["late_b"])
    response = accept(client_for(world["office"]), review, "答复可以。")
    assert response.status_code == 302
    review = reloaded(session, review)
    assert review.request_state == "closed" and review.closed_by_id == world["office"].id
    assert review.closed_at is not None
    assert messages(session, review) == [("accept", "答复可以。")]


def test_accepting_twice_does_nothing_twice(world, client_for, session):
    review = the_request(session, world["late_b"])
    office = client_for(world["office"])
    assert accept(office, review, seen=0).status_code == 302
    again = accept(office, review, seen=0)
    assert again.status_code == 200 and "此督办事项已办结" in again.get_data(as_text=True)
    assert messages(session, reloaded(session, review)) == [("accept", "")]


def test_the_office_cannot_accept_or_ask_again_before_an_answer(world, client_for, session):
    review = the_request(session, world["late_a"])
    for response in (accept(client_for(world["office"]), review), ask(client_for(world["admin"]), review)):
        assert response.status_code == 200 and "部门答复之后" in response.get_data(as_text=True)
    assert reloaded(session, review).request_state == "open" and messages(session, review) == []


@pytest.mark.parametrize("who", ["lead_a", "lead_b", "member_a", "viewer"])
def test_only_the_office_accepts_or_asks_again(world, client_for, session, who):
    review = the_request(session, world["late_b"])
    assert accept(client_for(world[who]), review).status_code == 403
    assert ask(client_for(world[who]), review).status_code == 403
    assert reloaded(session, review).request_state == "answered"


def test_asking_again_reopens_the_request_with_a_new_due_date(world, client_for, session):
    review = the_request(session, world["late_b"])
    response = ask(client_for(world["admin"]), review, "缺少验收报告。", "2013-06-30")
    assert response.status_code == 302
    review = reloaded(session, review)
    assert review.request_state == "open" and review.follow_up_date == date(2013, 6, 30)
    assert messages(session, review) == [("ask_again", "缺少验收报告。")]
    assert review.messages[0].due_date == date(2013, 6, 30)
    # The department answers again; the office then closes it.
    assert answer(client_for(world["lead_b"]), review, "已补充。").status_code == 302
    review = reloaded(session, review)
    assert review.request_state == "answered"
    assert accept(client_for(world["office"]), review).status_code == 302
    assert reloaded(session, review).request_state == "closed"


def test_asking_again_names_every_problem_at_once(world, client_for, session):
    review = the_request(session, world["late_b"])
    page = ask(client_for(world["office"]), review, text="", due="2013-06-14").get_data(as_text=True)
    assert "请写明还需要部门说明或完成什么。" in page and "答复期限不能早于今天。" in page
    page = ask(client_for(world["office"]), review, due="").get_data(as_text=True)
    assert "请填写新的答复期限。" in page
    page = ask(client_for(world["office"]), review, due="2013-02-30").get_data(as_text=True)
    assert "请输入有效日期" in page
    assert reloaded(session, review).request_state == "answered" and messages(session, review) == []


def test_a_stale_ask_again_is_refused(world, client_for, session):
    review = the_request(session, world["late_b"])
    assert answer(client_for(world["lead_b"]), review, "再补充一点。", seen=0).status_code == 302
    page = ask(client_for(world["office"]), review, seen=0).get_data(as_text=True)
    assert "已有新的答复或处理" in page
    assert [kind for kind, _ in messages(session, reloaded(session, review))] == ["answer"]


def review_post(client, subject, outcome, **values):
    data = {"outcome": outcome, "comment": "请说明。", "follow_up_date": "", "new_due_date": "", "version": ""}
    data.update(values, version=str(subject.version))
    return client.post(f"/review/work_item/{subject.id}/new", data=data)


def test_an_asking_review_opens_a_request_and_closes_the_earlier_one(world, client_for, session):
    item, earlier = world["late_a"], the_request(session, world["late_a"])
    response = review_post(client_for(world["office"]), item, "escalated", follow_up_date="2013-06-25")
    assert response.status_code == 302
    session.expire_all()
    newest = the_request(session, item)
    assert newest.id != earlier.id and newest.request_state == "open"
    earlier = session.get(Review, earlier.id)
    assert earlier.request_state == "closed" and earlier.closed_by_id == world["office"].id
    assert earlier.closed_at is not None


@pytest.mark.parametrize("outcome", ["acknowledged", "closed"])
def test_any_later_review_closes_an_answered_request(world, client_for, session, outcome):
    item, earlier = world["late_b"], the_request(session, world["late_b"])
    assert review_post(client_for(world["admin"]), item, outcome).status_code == 302
    session.expire_all()
    assert session.get(Review, earlier.id).request_state == "closed"
    newest = session.scalars(select(Review).where(Review.work_item_id == item.id).order_by(Review.id.desc())).first()
    assert newest.outcome == outcome and newest.request_state is None


def test_other_subjects_requests_stay_as_they_are(world, client_for, session):
    proj_request = session.scalar(select(Review).where(Review.project_id == world["proj_a"].id))
    assert review_post(client_for(world["office"]), world["late_a"], "acknowledged").status_code == 302
    session.expire_all()
    assert session.get(Review, proj_request.id).request_state == "open"


def test_a_closed_request_has_no_forms(world, client_for, session):
    review = add_review(
        session, world["quiet_a"], world["office"], "follow_up", datetime(2013, 6, 1), "请说明", state="closed"
    )
    for who in ("lead_a", "office"):
        page = client_for(world[who]).get(f"/review/requests/{review.id}").get_data(as_text=True)
        assert "已办结" in page and "<form" not in page.split('id="thread-heading"', 1)[1]
