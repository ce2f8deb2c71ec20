"""The department's side: open requests, the "办公室督办" alert on subject pages, reviews on the timeline."""

from __future__ import annotations

import re
from datetime import date, datetime

from tests.review.helpers import add_review, report


def request_subjects(html: str) -> list[str]:
    table = html.split('data-testid="open-requests"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-subject="([a-z_]+-\d+)"', table)


def test_lead_sees_their_departments_open_requests_with_an_answer_link(world, client_for):
    page = client_for(world["lead_a"]).get("/review/requests").get_data(as_text=True)
    # late_a's follow-up date (06-14) has passed: it comes first; proj_a (06-20) next.
    assert request_subjects(page) == [f"work_item-{world['late_a'].id}", f"project-{world['proj_a'].id}"]
    assert "请说明进度" in page and "提请领导督办" in page and "2013-06-14" in page and "已到期" in page
    assert f"/items/{world['late_a'].id}/update" in page and f"/projects/{world['proj_a'].id}/update" in page


def test_other_departments_requests_stay_out(world, client_for, session):
    add_review(
        session, world["silent_b"], world["office"], "follow_up", datetime(2013, 6, 14), "请报送", date(2013, 6, 30)
    )
    page_b = client_for(world["lead_b"]).get(f"/review/requests?department={world['a'].id}").get_data(as_text=True)
    assert request_subjects(page_b) == [f"work_item-{world['silent_b'].id}"]  # the department argument is ignored
    page_a = client_for(world["member_a"]).get("/review/requests").get_data(as_text=True)
    assert f"work_item-{world['silent_b'].id}" not in request_subjects(page_a)


def test_office_reads_every_departments_requests_or_one(world, client_for, session):
    add_review(
        session, world["silent_b"], world["office"], "follow_up", datetime(2013, 6, 14), "请报送", date(2013, 6, 30)
    )
    client = client_for(world["office"])
    assert len(request_subjects(client.get("/review/requests").get_data(as_text=True))) == 3
    only_b = client.get(f"/review/requests?department={world['b'].id}").get_data(as_text=True)
    assert request_subjects(only_b) == [f"work_item-{world['silent_b'].id}"]
    # The office may not answer for a department, so it gets no answer link.
    assert f"/items/{world['silent_b'].id}/update" not in only_b


def test_a_report_closes_the_request(world, client_for, session):
    report(session, world["late_a"], datetime(2099, 1, 1), world["owner_a"])  # after every review
    page = client_for(world["lead_a"]).get("/review/requests").get_data(as_text=True)
    assert request_subjects(page) == [f"project-{world['proj_a'].id}"]


def test_alert_on_the_item_page_while_awaiting_and_gone_after_answer(world, client_for, session):
    client = client_for(world["member_a"])
    item = world["late_a"]
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    alert = page.split('data-testid="review-request"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "办公室督办" in page and "请说明进度" in alert and "跟进已到期" in alert
    assert f"/items/{item.id}/update" in alert
    report(session, item, datetime(2099, 1, 1), world["owner_a"])
    assert 'data-testid="review-request"' not in client.get(f"/items/{item.id}").get_data(as_text=True)


def test_alert_on_the_project_page(world, client_for):
    page = client_for(world["viewer"]).get(f"/projects/{world['proj_a'].id}").get_data(as_text=True)
    assert 'data-testid="review-request"' in page and "提请领导督办" in page
    assert "/update" not in page.split('data-testid="review-request"', 1)[1].split("</div>\n</div>", 1)[0]


def test_no_alert_without_an_open_request(world, client_for):
    for path in (f"/items/{world['late_b'].id}", f"/items/{world['quiet_a'].id}", f"/projects/{world['proj_fine'].id}"):
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
