"""The overdue review queue: content, order, filters, counts per department, paging, statement counts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import TODAY
from tests.review.conftest import QUEUE_ORDER
from tests.review.helpers import add_review, key, names, queue_subjects, report
from tracker.review.queue import QueueFilters, department_counts, queue_entries, queue_page

STALE_DAYS = 30


def entries(world, **filters):
    return queue_entries(world["plan"].id, QueueFilters(**filters), TODAY, STALE_DAYS)


def entry_names(world, **filters) -> list[str]:
    return names(world, [f"{e.subject_type}-{e.subject_id}" for e in entries(world, **filters)])


def test_queue_holds_every_overdue_or_stale_subject_most_overdue_first(world):
    assert entry_names(world) == QUEUE_ORDER


def test_each_row_carries_department_owner_days_last_update_reason_and_latest_review(world):
    rows = {f"{e.subject_type}-{e.subject_id}": e for e in entries(world)}
    late_a = rows[key(world["late_a"])]
    assert late_a.department_name == "杭州市经济和信息化委员会"
    assert late_a.owner_name == "张三"
    assert late_a.due_date == date(2013, 3, 1) and late_a.days_overdue == (TODAY - date(2013, 3, 1)).days == 106
    assert late_a.last_update_at == datetime(2013, 6, 1, 10) and not late_a.stale
    assert late_a.delay_reason == "审批未完成"
    assert late_a.review.outcome == "follow_up" and late_a.review.follow_up_date == date(2013, 6, 14)
    assert late_a.awaiting and late_a.answer_overdue and not late_a.answered  # the answer was due 06-14
    assert late_a.review.request_state == "open"

    late_b = rows[key(world["late_b"])]
    assert late_b.delay_reason == "资金未到位"  # the newest report's reason, not an older one
    assert late_b.overdue and late_b.stale and late_b.days_silent == (TODAY - date(2013, 4, 1)).days
    assert late_b.review.outcome == "follow_up" and late_b.answered  # answered in its thread
    assert not late_b.awaiting and not late_b.answer_overdue  # its due date passed, but the answer came

    proj_a = rows[key(world["proj_a"])]
    assert proj_a.subject_type == "project" and proj_a.delay_reason == "设备未到货"
    assert proj_a.review.outcome == "escalated" and proj_a.awaiting and not proj_a.answer_overdue

    silent_b = rows[key(world["silent_b"])]
    assert silent_b.days_overdue is None and silent_b.last_update_at is None and silent_b.review is None
    assert silent_b.owner_name is None and silent_b.delay_reason == ""


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "project"}, ["proj_a"]),
        ({"kind": "item"}, ["late_a", "late_b", "silent_b", "quiet_a"]),
        ({"overdue": True}, ["late_a", "proj_a", "late_b"]),
        ({"stale": True}, ["late_b", "silent_b", "quiet_a"]),
        ({"awaiting": True}, ["late_a", "proj_a"]),
        ({"answered": True}, ["late_b"]),
        ({"answer_overdue": True}, ["late_a"]),
        ({"kind": "project", "awaiting": True}, ["proj_a"]),
        ({"kind": "item", "overdue": True, "stale": True}, ["late_b"]),
    ],
)
def test_filters(world, filters, expected):
    assert entry_names(world, **filters) == expected


def test_department_filter(world):
    assert entry_names(world, department_id=world["a"].id) == ["late_a", "proj_a", "quiet_a"]
    assert entry_names(world, department_id=world["b"].id) == ["late_b", "silent_b"]


def test_counts_per_department_ignore_the_department_filter(world):
    counts = department_counts(world["plan"].id, QueueFilters(department_id=world["b"].id), TODAY, STALE_DAYS)
    by_id = {c.department_id: c for c in counts}
    a, b = by_id[world["a"].id], by_id[world["b"].id]
    assert (a.total, a.overdue, a.stale, a.awaiting, a.answered, a.answer_overdue) == (3, 2, 1, 2, 0, 1)
    assert (b.total, b.overdue, b.stale, b.awaiting, b.answered, b.answer_overdue) == (2, 1, 2, 0, 1, 0)
    assert [c.department_id for c in counts] == [world["a"].id, world["b"].id]  # busiest first
    overdue_only = department_counts(world["plan"].id, QueueFilters(overdue=True), TODAY, STALE_DAYS)
    assert {c.department_id: c.total for c in overdue_only} == {world["a"].id: 2, world["b"].id: 1}


def test_a_newer_review_shows_its_own_state(world, session):
    add_review(session, world["late_a"], world["office"], "acknowledged", datetime(2013, 6, 15, 8))
    assert entry_names(world, awaiting=True) == ["proj_a"]
    assert entry_names(world, answer_overdue=True) == []


def test_a_report_after_the_review_answers_nothing(world, session):
    report(session, world["proj_a"], datetime(2013, 6, 13, 9), world["owner_a"], delay_reason="已到货")
    assert entry_names(world, awaiting=True) == ["late_a", "proj_a"]


def test_answer_overdue_starts_the_day_after_the_answer_was_due(world, session):
    review = add_review(
        session, world["quiet_a"], world["office"], "follow_up", datetime(2013, 6, 1, 9), "请说明", TODAY
    )
    assert entry_names(world, awaiting=True) == ["late_a", "proj_a", "quiet_a"]
    assert entry_names(world, answer_overdue=True) == ["late_a"]  # quiet_a's answer is due today, not late yet
    review.follow_up_date = date(2013, 6, 14)
    session.flush()
    assert entry_names(world, answer_overdue=True) == ["late_a", "quiet_a"]


def test_posting_an_update_leaves_the_request_waiting(world, client_for, session):
    office, lead = client_for(world["office"]), client_for(world["lead_a"])
    page = office.get("/review?awaiting=1").get_data(as_text=True)
    assert names(world, queue_subjects(page)) == ["late_a", "proj_a"]
    assert names(world, queue_subjects(office.get("/review?answer_overdue=1").get_data(as_text=True))) == ["late_a"]

    item = world["late_a"]
    response = lead.post(
        f"/items/{item.id}/update",
        data={
            "status": "delayed",
            "progress": "40",
            "note": "已完成审批",
            "delay_reason": "审批延误",
            "remedy": "加快采购",
            "expected_completion": "2013-09-30",
            "version": str(item.version),
        },
    )
    assert response.status_code == 302
    # Only an answer in the request's thread answers: a status update does not.
    assert names(world, queue_subjects(office.get("/review?awaiting=1").get_data(as_text=True))) == ["late_a", "proj_a"]
    assert names(world, queue_subjects(office.get("/review?answer_overdue=1").get_data(as_text=True))) == ["late_a"]
    # Still overdue, so still in the queue, now with the new reason.
    page = office.get("/review").get_data(as_text=True)
    assert key(item) in queue_subjects(page) and "审批延误" in page


def test_queue_page_shows_rows_counts_and_review_links(world, client_for):
    page = client_for(world["office"]).get("/review").get_data(as_text=True)
    assert names(world, queue_subjects(page)) == QUEUE_ORDER
    assert f"/review/work_item/{world['late_a'].id}/new" in page
    assert 'data-testid="department-counts"' in page
    assert "答复逾期" in page and "已答复待办公室确认" in page and "待部门答复" in page
    assert "共 5 项" in page


def test_viewer_reads_the_queue_without_review_buttons(world, client_for):
    response = client_for(world["viewer"]).get("/review")
    assert response.status_code == 200
    assert "/review/work_item/" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["lead_a", "member_a"])
def test_departments_read_the_queue_but_cannot_review(world, client_for, role):
    page = client_for(world[role]).get("/review")
    assert page.status_code == 200
    assert "/review/work_item/" not in page.get_data(as_text=True)  # no review-form links


def test_url_filters_and_bad_values(world, client_for):
    client = client_for(world["office"])
    page = client.get(f"/review?department={world['b'].id}&kind=item").get_data(as_text=True)
    assert names(world, queue_subjects(page)) == ["late_b", "silent_b"]
    page = client.get("/review?department=abc&kind=nonsense&overdue=maybe").get_data(as_text=True)
    assert names(world, queue_subjects(page)) == QUEUE_ORDER
    assert "未找到所选部门" in page and "未知的类型" in page and "无效" in page


def test_paging_fifty_per_page(world, make, session):
    for n in range(52):
        make.item(
            world["plan"], parent=world["root"], lead_department=world["b"], due_date=date(2013, 6, 1), title=f"p{n}"
        )
    first, _ = queue_page(world["plan"].id, QueueFilters(), TODAY, STALE_DAYS, 1)
    second, _ = queue_page(world["plan"].id, QueueFilters(), TODAY, STALE_DAYS, 2)
    assert first.total == 57 and first.pages == 2
    assert len(first.rows) == 50 and len(second.rows) == 7
    seen = [(e.subject_type, e.subject_id) for e in first.rows + second.rows]
    assert len(set(seen)) == 57
    assert seen == [(e.subject_type, e.subject_id) for e in entries(world)]  # the same order as the whole queue
    assert queue_page(world["plan"].id, QueueFilters(), TODAY, STALE_DAYS, 99)[0].number == 2
    only_a, _ = queue_page(world["plan"].id, QueueFilters(department_id=world["a"].id), TODAY, STALE_DAYS, 1)
    assert only_a.total == 3 and len(only_a.rows) == 3


def test_queue_on_every_database(any_session, any_make):
    """The window functions and the UNION run on SQLite, PostgreSQL and MariaDB alike."""
    make = any_make
    dept = make.department()
    plan = make.plan()
    office = make.user("office")
    late = make.item(plan, lead_department=dept, due_date=date(2013, 2, 1), status="in_progress")
    silent = make.item(plan, lead_department=dept, status="in_progress")
    project = make.project(late, dept, due_date=date(2013, 5, 1), created_at=datetime(2011, 1, 1))
    report(any_session, late, datetime(2013, 6, 1), office, delay_reason="原因一")
    report(any_session, project, datetime(2013, 6, 2), office, delay_reason="原因二")
    add_review(any_session, late, office, "acknowledged", datetime(2013, 6, 3))
    add_review(any_session, late, office, "follow_up", datetime(2013, 6, 4), "请说明", date(2013, 6, 10))
    add_review(any_session, project, office, "escalated", datetime(2013, 6, 4), "督办", state="answered")
    rows = queue_entries(plan.id, QueueFilters(), TODAY, STALE_DAYS)
    assert [(e.subject_type, e.subject_id) for e in rows] == [
        ("work_item", late.id),
        ("project", project.id),
        ("work_item", silent.id),
    ]
    assert [e.delay_reason for e in rows] == ["原因一", "原因二", ""]
    assert rows[0].review.outcome == "follow_up" and rows[0].answer_overdue
    assert rows[1].answered and not rows[1].awaiting
    counts = department_counts(plan.id, QueueFilters(), TODAY, STALE_DAYS)
    assert [(c.total, c.overdue, c.awaiting, c.answered, c.answer_overdue) for c in counts] == [(3, 2, 1, 1, 1)]
    answered = queue_entries(plan.id, QueueFilters(answered=True), TODAY, STALE_DAYS)
    assert [(e.subject_type, e.subject_id) for e in answered] == [("project", project.id)]
    pages = [queue_page(plan.id, QueueFilters(), TODAY, STALE_DAYS, n, per_page=2)[0] for n in (1, 2)]
    assert [(e.subject_type, e.subject_id) for page in pages for e in page.rows] == [
        (e.subject_type, e.subject_id) for e in rows
    ]
    assert [e.delay_reason for e in pages[0].rows] == ["原因一", "原因二"] and pages[1].total == 3


def _grow(make, session, world, n: int) -> None:
    """More of everything the queue reads: overdue items and projects with reports and reviews."""
    for k in range(n):
        owner = make.user("member", world["a"])
        item = make.item(
            world["plan"],
            parent=world["root"],
            lead_department=world["a"],
            owner=owner,
            due_date=date(2013, 5, 1),
            status="delayed",
        )
        report(session, item, datetime(2013, 6, 1, 8, k), owner, delay_reason=f"原因{k}")
        add_review(session, item, world["office"], "follow_up", datetime(2013, 6, 2, 8, k), "请说明", date(2013, 6, 9))
        project = make.project(
            item, world["b"], owner=owner, due_date=date(2013, 5, 2), created_at=datetime(2011, 1, 1)
        )
        report(session, project, datetime(2013, 6, 1, 9, k), owner, delay_reason=f"项目原因{k}")
        add_review(session, project, world["office"], "escalated", datetime(2013, 6, 2, 9, k), "督办")


def test_statement_count_does_not_grow_with_the_data(world, client_for, make, session, count_statements):
    client = client_for(world["office"])
    urls = (
        "/review",
        "/review?awaiting=1&kind=item",
        "/review?answered=1",
        "/review?answer_overdue=1",
        f"/review?department={world['a'].id}&page=2",
    )

    def counts() -> list[int]:
        result = []
        for url in urls:
            session.expire_all()
            with count_statements() as counter:
                assert client.get(url).status_code == 200
            result.append(counter.count)
        return result

    _grow(make, session, world, 3)
    small = counts()
    _grow(make, session, world, 40)  # past one page of 50
    assert counts() == small
