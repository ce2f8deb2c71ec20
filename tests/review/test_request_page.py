"""The request page: the question, the subject, the thread in order, the forms each reader gets; 404s; the item
page's timeline showing the thread; statement counts that do not grow with the thread."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.review.helpers import add_review
from tracker.review.models import Review


def the_request(session, subject) -> Review:
    column = Review.project_id if hasattr(subject, "work_item_id") else Review.work_item_id
    query = select(Review).where(column == subject.id, Review.request_state.is_not(None))
    return session.scalars(query.order_by(Review.id.desc())).first()


def page_of(client, review) -> str:
    response = client.get(f"/review/requests/{review.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def forms_on(page: str) -> set[str]:
    return set(re.findall(r'data-testid="(answer-form|accept-form|ask-again-form)"', page))


def test_the_page_shows_the_question_and_the_subject(world, client_for, session):
    review = the_request(session, world["late_a"])
    page = page_of(client_for(world["viewer"]), review)
    question = page.split('data-testid="request-question"', 1)[1].split("</section>", 1)[0]
    assert "要求跟进" in question and "请说明进度" in question and "办公室李四" in question
    assert "2013-06-10" in question and "请于 2013-06-14 前答复" in question
    assert 'data-testid="answer-overdue"' in question and "逾期 1 天" in question and "答复逾期" in question
    facts = page.split('data-testid="subject-facts"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "杭州市经济和信息化委员会" in facts and "张三" in facts and "30%" in facts
    assert f'href="/items/{world["late_a"].id}"' in page and "部门尚未答复。" in page


def test_the_thread_in_order_with_who_and_when(world, client_for, session, make):
    review = the_request(session, world["late_b"])
    at = datetime(2013, 4, 1, 2)
    make.request_message(review, world["lead_b"], "answer", body="第一次答复", created_at=at)
    make.request_message(review, world["office"], "ask_again", body="请补充", created_at=at + timedelta(days=1))
    make.request_message(review, world["lead_b"], "answer", body="补充答复", created_at=at + timedelta(days=2))
    page = page_of(client_for(world["viewer"]), review)
    thread = page.split('data-testid="request-thread"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'data-kind="(\w+)"', thread) == ["answer", "ask_again", "answer"]
    assert thread.index("第一次答复") < thread.index("请补充") < thread.index("补充答复")
    assert "赵科长" in thread and "办公室李四" in thread and "2013-04-01 10:00" in thread  # Beijing time
    assert "部门答复" in thread and "办公室再次要求" in thread


@pytest.mark.parametrize(
    ("who", "subject", "expected"),
    [
        ("lead_a", "late_a", {"answer-form"}),
        ("member_a", "late_a", {"answer-form"}),
        ("lead_b", "late_a", set()),
        ("office", "late_a", set()),  # nothing to accept before an answer
        ("office", "late_b", {"accept-form", "ask-again-form"}),
        ("admin", "late_b", {"accept-form", "ask-again-form"}),
        ("lead_b", "late_b", {"answer-form"}),  # a second answer adds to the thread
        ("viewer", "late_b", set()),
    ],
)
def test_each_reader_gets_the_forms_they_may_use(world, client_for, session, who, subject, expected):
    assert forms_on(page_of(client_for(world[who]), the_request(session, world[subject]))) == expected


def test_the_forms_carry_the_threads_length(world, client_for, session, make):
    review = the_request(session, world["late_b"])
    make.request_message(review, world["lead_b"], "answer")
    page = page_of(client_for(world["office"]), review)
    assert re.search(r'name="accept-seen"[^>]*value="1"', page) and re.search(r'name="ask-seen"[^>]*value="1"', page)


def test_a_review_that_is_not_a_request_is_404(world, client_for, session):
    acknowledged = session.scalar(
        select(Review).where(Review.work_item_id == world["late_a"].id, Review.outcome == "acknowledged")
    )
    client = client_for(world["office"])
    assert client.get(f"/review/requests/{acknowledged.id}").status_code == 404
    assert client.get("/review/requests/987654").status_code == 404
    assert client.get("/review/requests/99999999999").status_code == 404
    review = the_request(session, world["late_a"])
    assert client.post(f"/review/requests/{acknowledged.id}/accept").status_code == 404
    assert client.get(f"/review/requests/{review.id}/accept").status_code == 405


def test_the_project_request_page(world, client_for, session):
    review = the_request(session, world["proj_a"])
    page = page_of(client_for(world["lead_a"]), review)
    assert "提请督办" in page and "proj_a" in page and f'href="/projects/{world["proj_a"].id}"' in page
    assert forms_on(page) == {"answer-form"}


def test_the_item_timeline_shows_the_thread_and_links_to_the_request(world, client_for, session, make):
    review = the_request(session, world["late_b"])
    make.request_message(review, world["lead_b"], "answer", body="资金已到位", created_at=datetime(2013, 4, 2))
    page = client_for(world["viewer"]).get(f"/items/{world['late_b'].id}").get_data(as_text=True)
    timeline = page.split('data-testid="timeline"', 1)[1]
    entry = timeline.split(f'data-review-id="{review.id}"', 1)[1]
    assert f'href="/review/requests/{review.id}"' in entry and "资金已到位" in entry and "已答复待办公室确认" in entry


def grow_thread(make, review, world, n: int) -> None:
    """Answers, each with a file, and the office's questions between them."""
    for k in range(n):
        author = make.user("member", world["b"])
        answered = make.request_message(
            review, author, "answer", body=f"答复{k}", created_at=datetime(2013, 5, 1, 8, k)
        )
        make.attachment(world["late_b"], author, filename=f"附件{k}.pdf", request_message_id=answered.id)
        make.request_message(review, world["office"], "ask_again", created_at=datetime(2013, 5, 1, 9, k))


def test_the_request_page_statement_count_does_not_grow_with_the_thread(
    world, client_for, make, session, count_statements
):
    review = the_request(session, world["late_b"])
    clients = [client_for(world["office"]), client_for(world["lead_b"])]
    item_url = f"/items/{world['late_b'].id}"

    def counts() -> list[int]:
        result = []
        for client in clients:
            for url in (f"/review/requests/{review.id}", item_url):
                session.expire_all()
                with count_statements() as counter:
                    assert client.get(url).status_code == 200
                result.append(counter.count)
        return result

    grow_thread(make, review, world, 2)
    small = counts()
    grow_thread(make, review, world, 12)
    add_review(session, world["late_b"], world["office"], "acknowledged", datetime(2013, 5, 2))
    add_review(session, world["late_b"], world["office"], "follow_up", datetime(2013, 5, 3), "再问", state="closed")
    assert counts() == small


def test_the_page_in_english(world, client_for, session, make):
    review = the_request(session, world["late_b"])
    make.request_message(review, world["lead_b"], "answer", body="资金已到位")
    office = make.user("office", world["office_dept"], locale="en")
    page = page_of(client_for(office), review)
    assert "Answered, awaiting the office" in page and "Department&#39;s answer" in page
    assert "Accept the answer and close" in page and "Ask the department again" in page
    lead = make.user("lead", world["a"], locale="en")
    page = page_of(client_for(lead), the_request(session, world["late_a"]))
    assert "Answer overdue" in page and "Submit answer" in page and "The department has not answered yet." in page
