"""我的工作 (/my): a person's own items and projects, their department's due and overdue items, the office's requests
awaiting their department, the lead's sign-off queue; the landing after sign-in; constant statement counts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.factories import PASSWORD
from tracker.dashboard import mywork


@pytest.fixture
def mine(make, session):
    """TODAY is 2013-06-15: department A has an overdue item, one due in 20 days, one due in 40 days and a
    completed overdue one; the lead owns one item and one project; the office asked A to follow up on one item."""
    a = make.department(name="市经信委")
    b = make.department(name="市商务委")
    office_dept = make.department(name="市信息办", kind="office")
    plan = make.plan()
    lead = make.user("lead", a, display_name="王科长")
    member = make.user("member", a, display_name="张三")
    office = make.user("office", office_dept, display_name="办公室李四")
    w = {"a": a, "b": b, "plan": plan, "lead": lead, "member": member, "office": office}

    def item(name: str, dept, **kw):
        kw.setdefault("status", "in_progress")
        w[name] = make.item(plan, lead_department=dept, title=name, **kw)
        return w[name]

    item("overdue_a", a, due_date=date(2013, 5, 1), owner=member, progress=40)
    item("soon_a", a, due_date=date(2013, 7, 5))
    item("later_a", a, due_date=date(2013, 7, 25))
    item("done_a", a, due_date=date(2013, 1, 1), status="completed", progress=100)
    item("owned_by_lead", b, due_date=date(2014, 1, 1), owner=lead)
    item("overdue_b", b, due_date=date(2013, 5, 1))
    item("retired_a", a, due_date=date(2013, 6, 1), retired=True, owner=lead)
    w["project"] = make.project(w["owned_by_lead"], a, name="甲项目", owner=lead, due_date=date(2013, 6, 1))
    w["request"] = make.review(
        w["later_a"], office, "follow_up", comment="请说明进度", follow_up_date=date(2013, 6, 20)
    )
    w["request_b"] = make.review(w["overdue_b"], office, "follow_up", comment="B 的事")
    session.flush()
    return w


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</table>", start)]


def test_a_lead_sees_own_items_department_due_and_requests(mine, client_for):
    html = client_for(mine["lead"]).get("/my").get_data(as_text=True)
    own = section(html, "my-items")
    assert "owned_by_lead" in own and "retired_a" not in own and "overdue_a" not in own
    assert "甲项目" in section(html, "my-projects")
    due = section(html, "my-department-due")
    assert "overdue_a" in due and "soon_a" in due and "逾期" in due
    assert "later_a" not in due and "done_a" not in due and "overdue_b" not in due
    assert due.index("overdue_a") < due.index("soon_a")  # the most urgent first
    requests = section(html, "my-requests")
    assert "later_a" in requests and "请说明进度" in requests and "overdue_b" not in requests
    assert 'data-testid="sign-off-count"' in html  # a lead's section, empty until reports need sign-off


def test_requests_the_department_answered_wait_for_the_office_not_on_my_work(mine, client_for, make):
    answered = make.review(
        mine["soon_a"], mine["office"], "follow_up", comment="已答复的要求", request_state="answered"
    )
    make.request_message(answered, mine["lead"])
    requests = section(client_for(mine["lead"]).get("/my").get_data(as_text=True), "my-requests")
    assert "later_a" in requests and f"/review/requests/{mine['request'].id}" in requests
    assert "已答复的要求" not in requests


def test_a_member_sees_their_drafts_and_returned_reports_until_they_report_again(mine, client_for, make):
    """An outside probe: a member heard of a returned report only in the inbox; 我的工作 now lists it."""
    member, lead = mine["member"], mine["lead"]
    make.status_update(mine["soon_a"], member, sign_off="pending", progress_after=50)
    returned = make.status_update(
        mine["later_a"], member, sign_off="returned", sign_off_comment="数据有误", signed_off_by=lead
    )
    html = client_for(member).get("/my").get_data(as_text=True)
    own = section(html, "my-own-reports")
    assert "soon_a" in own and "待审核" in own
    assert "later_a" in own and "已退回" in own and "数据有误" in own and f"/items/{mine['later_a'].id}/update" in own
    make.status_update(mine["later_a"], member, sign_off="pending", created_at=returned.created_at)  # reported again
    own = section(client_for(member).get("/my").get_data(as_text=True), "my-own-reports")
    assert "数据有误" not in own and own.count('data-sign-off="pending"') == 2


def test_a_member_sees_their_own_items_and_no_sign_off_section(mine, client_for):
    html = client_for(mine["member"]).get("/my").get_data(as_text=True)
    assert "overdue_a" in section(html, "my-items")
    assert "您目前不是任何项目的负责人" in html
    assert 'data-testid="sign-off-count"' not in html
    assert "later_a" in section(html, "my-requests")


def test_the_office_without_own_work_sees_empty_lists(mine, client_for, make):
    viewer = make.user("viewer")
    for user in (mine["office"], viewer):
        response = client_for(user).get("/my")
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "您目前不是任何任务的责任人" in html
    # The office's own department has nothing due and no requests to answer.
    assert "没有待本部门答复的督办事项" in client_for(mine["office"]).get("/my").get_data(as_text=True)


def test_a_lead_sees_the_drafts_awaiting_their_sign_off_in_this_plan(mine, client_for, make):
    mine["a"].reports_need_sign_off = True
    draft = make.status_update(
        mine["soon_a"], mine["member"], created_at=datetime(2013, 6, 14, 9), progress_after=55, sign_off="pending"
    )
    make.status_update(mine["project"], mine["member"], created_at=datetime(2013, 6, 14, 10), sign_off="pending")
    elsewhere = make.item(make.plan(), lead_department=mine["a"], title="别的规划")
    make.status_update(elsewhere, mine["member"], sign_off="pending")
    make.status_update(mine["later_a"], mine["member"], sign_off="approved")
    html = client_for(mine["lead"]).get("/my").get_data(as_text=True)
    rows = section(html, "my-sign-offs")
    assert f'data-update="{draft.id}"' in rows and "55%" in rows and "张三" in rows and "甲项目" in rows
    assert "别的规划" not in rows and "later_a" not in rows
    assert 'data-testid="sign-off-count">2<' in html


def test_the_navigation_links_my_work(mine, client_for):
    html = client_for(mine["member"]).get("/plan").get_data(as_text=True)
    assert 'data-testid="nav-my-work"' in html and 'href="/my' in html


def test_anonymous_is_sent_to_sign_in(client, mine):
    response = client.get("/my")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _grow(make, w, n: int) -> None:
    for i in range(n):
        item = make.item(w["plan"], lead_department=w["a"], status="in_progress", due_date=date(2013, 6, 1 + i % 20))
        item.owner = w["lead"]
        make.project(item, w["a"], owner=w["lead"], due_date=date(2013, 7, 1))
        make.review(item, w["office"], "follow_up", follow_up_date=date(2013, 6, 1 + i % 20))
        make.status_update(item, w["member"], sign_off="pending")


def test_statement_count_does_not_grow_with_the_data(mine, client_for, make, session, count_statements):
    mine["a"].reports_need_sign_off = True
    make.status_update(mine["project"], mine["member"], sign_off="pending")
    client = client_for(mine["lead"])

    def count() -> int:
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/my").status_code == 200
        return counter.count

    small = count()
    _grow(make, mine, 6)
    session.flush()
    assert count() == small


@pytest.mark.parametrize(
    ("role", "landing"), [("lead", "/my"), ("member", "/my"), ("office", "/review"), ("viewer", "/"), ("admin", "/")]
)
def test_landing_after_sign_in(app, session, make, role, landing):
    user = make.user(role, make.department(kind="office") if role == "office" else None, username=f"land-{role}")
    session.flush()
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].split("?")[0] == landing


def test_next_wins_over_the_landing(app, session, make):
    user = make.user("lead", username="land-next")
    session.flush()
    response = app.test_client().post("/login?next=/projects", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/projects"


def test_a_full_list_says_only_the_most_urgent_are_shown(mine, client_for, monkeypatch):
    monkeypatch.setattr(mywork, "LIST_LIMIT", 1)
    html = client_for(mine["lead"]).get("/my").get_data(as_text=True)
    assert "overdue_a" in section(html, "my-department-due") and "soon_a" not in section(html, "my-department-due")
    assert 'data-testid="my-department-due-cut"' in html and "仅列出最紧急的 1 项" in html
