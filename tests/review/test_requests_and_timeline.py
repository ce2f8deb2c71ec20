"""The department's side: open requests, the "办公室督办" alert on subject pages, reviews on the timeline."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from tests.review.helpers import add_review, report
from tracker.plan.models import WorkItem
from tracker.review.models import Review


def request_subjects(html: str) -> list[str]:
    table = html.split('data-testid="open-requests"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-subject="([a-z_]+-\d+)"', table)


def request_links(html: str) -> list[str]:
    table = html.split('data-testid="open-requests"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="(/review/requests/\d+)[#"]', table)


def open_request(session, world, name: str):
    subject = world[name]
    column = Review.work_item_id if isinstance(subject, WorkItem) else Review.project_id
    return session.scalar(select(Review).where(column == subject.id, Review.request_state == "open"))


def test_lead_sees_their_departments_open_requests_with_an_answer_link(world, client_for, session):
    page = client_for(world["lead_a"]).get("/review/requests").get_data(as_text=True)
    # late_a's answer was due 06-14: it comes first; proj_a (06-20) next.
    assert request_subjects(page) == [f"work_item-{world['late_a'].id}", f"project-{world['proj_a'].id}"]
    assert "请说明进度" in page and "提请领导督办" in page and "2013-06-14" in page and "答复逾期" in page
    late_a, proj_a = open_request(session, world, "late_a"), open_request(session, world, "proj_a")
    assert request_links(page) == [f"/review/requests/{late_a.id}", f"/review/requests/{proj_a.id}"]
    assert page.count(">答复</a>") == 2


def test_answered_requests_follow_the_open_ones(world, client_for):
    page = client_for(world["lead_b"]).get("/review/requests").get_data(as_text=True)
    assert request_subjects(page) == [f"work_item-{world['late_b'].id}"]
    assert "已答复待办公室确认" in page and ">答复</a>" in page  # a second answer adds to the thread
    office_page = client_for(world["office"]).get("/review/requests").get_data(as_text=True)
    assert request_subjects(office_page)[-1] == f"work_item-{world['late_b'].id}"
    assert ">答复</a>" not in office_page and ">查看</a>" in office_page


def test_other_departments_requests_stay_out(world, client_for, session):
    add_review(
        session, world["silent_b"], world["office"], "follow_up", datetime(2013, 6, 14), "请报送", date(2013, 6, 30)
    )
    page_b = client_for(world["lead_b"]).get(f"/review/requests?department={world['a'].id}").get_data(as_text=True)
    # The department argument is ignored: B's open request, then B's answered one.
    assert request_subjects(page_b) == [f"work_item-{world['silent_b'].id}", f"work_item-{world['late_b'].id}"]
    page_a = client_for(world["member_a"]).get("/review/requests").get_data(as_text=True)
    assert f"work_item-{world['silent_b'].id}" not in request_subjects(page_a)


def test_office_reads_every_departments_requests_or_one(world, client_for, session):
    add_review(
        session, world["silent_b"], world["office"], "follow_up", datetime(2013, 6, 14), "请报送", date(2013, 6, 30)
    )
    client = client_for(world["office"])
    assert len(request_subjects(client.get("/review/requests").get_data(as_text=True))) == 4  # late_b answered
    only_b = client.get(f"/review/requests?department={world['b'].id}").get_data(as_text=True)
    assert request_subjects(only_b) == [f"work_item-{world['silent_b'].id}", f"work_item-{world['late_b'].id}"]
    # The office may not answer for a department, so it gets no answer link.
    assert ">答复</a>" not in only_b


def test_a_report_does_not_close_the_request_a_closed_one_leaves(world, client_for, session):
    report(session, world["late_a"], datetime(2099, 1, 1), world["owner_a"])  # after every review
    page = client_for(world["lead_a"]).get("/review/requests").get_data(as_text=True)
    assert request_subjects(page) == [f"work_item-{world['late_a'].id}", f"project-{world['proj_a'].id}"]
    open_request(session, world, "late_a").request_state = "closed"
    session.flush()
    page = client_for(world["lead_a"]).get("/review/requests").get_data(as_text=True)
    assert request_subjects(page) == [f"project-{world['proj_a'].id}"]


def alert_of(page: str) -> str:
    return page.split('data-testid="review-request"', 1)[1].split("</div>\n</div>", 1)[0]


def test_alert_on_the_item_page_links_to_the_request_and_answers(world, client_for, session):
    client = client_for(world["member_a"])
    item = world["late_a"]
    request = open_request(session, world, "late_a")
    alert = alert_of(client.get(f"/items/{item.id}").get_data(as_text=True))
    assert "办公室督办" in alert and "请说明进度" in alert and "答复逾期" in alert
    assert f'href="/review/requests/{request.id}"' in alert and f'href="/review/requests/{request.id}#answer"' in alert
    report(session, item, datetime(2099, 1, 1), world["owner_a"])  # a report answers nothing: the alert stays
    assert 'data-testid="review-request"' in client.get(f"/items/{item.id}").get_data(as_text=True)
    request.request_state = "closed"
    session.flush()
    assert 'data-testid="review-request"' not in client.get(f"/items/{item.id}").get_data(as_text=True)


def test_alert_while_answered_waits_for_the_office(world, client_for):
    alert = alert_of(client_for(world["office"]).get(f"/items/{world['late_b'].id}").get_data(as_text=True))
    assert "已答复待办公室确认" in alert and "#answer" not in alert


def test_alert_on_the_project_page(world, client_for):
    page = client_for(world["viewer"]).get(f"/projects/{world['proj_a'].id}").get_data(as_text=True)
    assert 'data-testid="review-request"' in page and "提请领导督办" in page
    alert = alert_of(page)
    assert "/review/requests/" in alert and "#answer" not in alert  # a viewer reads but does not answer


def test_no_alert_without_an_open_request(world, client_for):
    for path in (f"/items/{world['quiet_a'].id}", f"/projects/{world['proj_fine'].id}"):
        assert 'data-testid="review-request"' not in client_for(world["viewer"]).get(path).get_data(as_text=True)


def test_reviews_appear_on_the_item_and_project_timelines(world, client_for):
    client = client_for(world["viewer"])
    page = client.get(f"/items/{world['late_a'].id}").get_data(as_text=True)
    timeline = page.split('data-testid="timeline"', 1)[1]
    assert timeline.count('data-kind="review"') == 2
    # Newest first: the follow-up (06-10 09:00), the acknowledgement (06-01 12:00), the report (06-01 10:00).
    kinds = re.findall(r'data-kind="(review|update)"', timeline)
    assert kinds[:3] == ["review", "review", "update"]
    assert "请说明进度" in timeline and "要求跟进" in timeline and "办公室李四" in timeline
    project_page = client.get(f"/projects/{world['proj_a'].id}").get_data(as_text=True)
    assert 'data-kind="review"' in project_page.split('data-testid="timeline"', 1)[1]


def test_an_extension_shows_on_the_timeline_with_its_new_due_date(world, client_for):
    item = world["late_a"]
    client_for(world["office"]).post(
        f"/review/work_item/{item.id}/new",
        data={
            "outcome": "extension",
            "new_due_date": "2013-12-31",
            "comment": "",
            "follow_up_date": "",
            "version": str(item.version),
        },
    )
    timeline = (
        client_for(world["viewer"])
        .get(f"/items/{item.id}")
        .get_data(as_text=True)
        .split('data-testid="timeline"', 1)[1]
    )
    assert "同意延期" in timeline and "2013-12-31" in timeline


def test_requests_page_statement_count_does_not_grow(world, client_for, make, session, count_statements):
    client = client_for(world["lead_a"])

    def count() -> int:
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/review/requests").status_code == 200
        return counter.count

    def grow(n):
        for k in range(n):
            item = make.item(world["plan"], parent=world["root"], lead_department=world["a"], owner=world["owner_a"])
            add_review(
                session, item, world["office"], "follow_up", datetime(2013, 6, 2, 8, k), "请说明", date(2013, 6, 9)
            )
            project = make.project(item, world["a"], owner=world["owner_a"])
            add_review(session, project, world["office"], "escalated", datetime(2013, 6, 2, 9, k), "督办")

    grow(2)
    small = count()
    grow(15)
    assert count() == small
