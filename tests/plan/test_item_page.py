"""The work-item page: breadcrumbs, mandate, children with rollups, panels, one timeline, buttons by role."""

from __future__ import annotations

import re

import pytest

from tracker.core import audit, hooks
from tracker.core.hooks import Panel
from tracker.updates.models import StatusUpdate


def _html(client, item_id: int) -> str:
    response = client.get(f"/items/{item_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_breadcrumbs_lead_from_the_tree_through_every_ancestor(client_for, make, tree_plan):
    p = tree_plan
    html = _html(client_for(make.user("viewer")), p.sub1.id)
    crumbs = html[html.index('data-testid="breadcrumbs"') : html.index("</ol>")]
    links = re.findall(r'href="([^"]+)"', crumbs)
    assert links == ["/", f"/items/{p.root.id}", f"/items/{p.task1.id}"]
    assert "(1) 建设政务云平台" in crumbs  # the current item, not a link
    assert "三、1.(1)" in html  # full outline number in the heading


def test_facts_mandate_and_marks(client_for, make, tree_plan):
    p = tree_plan
    p.task1.owner = make.user("lead", p.dept_a, display_name="张科长")
    p.task1.supporting_departments.append(p.dept_b)
    html = _html(client_for(make.user("viewer")), p.task1.id)
    assert '<div class="mandate" data-testid="mandate">加快建设全市统一的电子政务网络，\n推进 IPv6 改造。</div>' in html
    facts = html[html.index('data-testid="item-facts"') : html.index("</dl>")]
    for text in ("杭州市经济和信息化委员会", "杭州市发展和改革委员会", "张科长", "2011-01-01", "2013-01-31", "3.00"):
        assert text in facts
    assert 'data-testid="overdue"' in html and 'data-testid="stale"' in html
    assert "主要任务" in html  # kind and status badges render as labels, not identifiers
    assert "进行中" in html


def test_children_show_their_rollups(client_for, make, tree_plan):
    p = tree_plan
    make.budget(make.project(p.sub1, p.dept_b), 2012, approved="120.50", allocated="100", spent="40")
    make.item(p.plan, p.sub1, kind="subtask", title="云平台一期", progress=0)  # makes sub1 a parent: progress 0
    html = _html(client_for(make.user("viewer")), p.task1.id)
    children = html[html.index('data-testid="item-children"') : html.index("</section>", html.index("item-children"))]
    rows = re.findall(r'<tr class="[^"]*" data-item-id="(\d+)">(.*?)</tr>', children, re.S)
    assert [int(item_id) for item_id, _ in rows] == [p.sub1.id, p.sub2.id]
    sub1_row = rows[0][1]
    assert 'aria-valuenow="0' in sub1_row  # rolled up from its own child, not its own 20%
    assert "120.50" in sub1_row and "100.00" in sub1_row and "40.00" in sub1_row
    assert re.search(r'data-testid="child-stale">1<', sub1_row)  # the new child, never reported
    assert 'data-testid="rolled-up-progress"' in html


def test_panels_render_with_their_own_context(client_for, make, tree_plan, monkeypatch):
    p = tree_plan

    def provider(subject_type, subject):
        if subject_type == "work_item" and subject.id == p.task1.id:
            return Panel(5, "plan/_item_header.html", {"item": p.task2})
        return None

    monkeypatch.setattr(hooks, "_panel_providers", [provider])
    client = client_for(make.user("viewer"))
    assert f'href="/items/{p.task2.id}">← 返回：发展信息产业' in _html(client, p.task1.id)
    assert "返回：发展信息产业" not in _html(client, p.sub1.id)


def test_timeline_shows_audited_changes_and_status_updates_newest_first(client_for, make, tree_plan, session):
    p = tree_plan
    office = make.user("office", display_name="办公室刘")
    audit.record(office.id, "work_item", p.task1.id, "update", "due_date", "2012-12-31", "2013-01-31")
    audit.record(office.id, "work_item", p.task1.id, "update", "status", "not_started", "in_progress")  # journal
    audit.record(office.id, "work_item", p.task2.id, "update", "title", "别的任务", "不应出现")
    session.add(
        StatusUpdate(
            work_item_id=p.task1.id,
            author=office,
            status_before="not_started",
            status_after="in_progress",
            progress_before=0,
            progress_after=40,
            note="已完成网络招标",
        )
    )
    session.flush()
    html = _html(client_for(make.user("viewer")), p.task1.id)
    timeline = html[html.index('data-testid="timeline"') :]
    assert "完成期限" in timeline and "2012-12-31" in timeline and "2013-01-31" in timeline and "办公室刘" in timeline
    assert "不应出现" not in timeline
    # Status and progress changes show once, as the status update, not again as audit rows.
    assert 'data-field="status"' not in timeline
    assert "已完成网络招标" in timeline
    assert timeline.count('data-kind="audit"') == 1 and timeline.count('data-kind="update"') == 1


def test_buttons_follow_the_permission_rules(client_for, make, tree_plan):
    p = tree_plan
    office = make.user("office", p.dept_b)
    lead_a = make.user("lead", p.dept_a)
    viewer = make.user("viewer")
    post_link = f'href="/items/{p.task1.id}/update"'
    edit_link = f'href="/items/{p.task1.id}/edit"'
    move_link = f'href="/items/{p.task1.id}/move"'

    lead_html = _html(client_for(lead_a), p.task1.id)
    assert post_link in lead_html and edit_link in lead_html and move_link not in lead_html
    office_html = _html(client_for(office), p.task1.id)
    assert post_link not in office_html  # the office reports only where its own department leads
    assert edit_link in office_html and move_link in office_html and f"/items/{p.task1.id}/retire" in office_html
    viewer_html = _html(client_for(viewer), p.task1.id)
    assert post_link not in viewer_html and edit_link not in viewer_html and move_link not in viewer_html


ID_ROUTES = [
    ("get", "/items/{id}"),
    ("get", "/items/{id}/edit"),
    ("post", "/items/{id}/edit"),
    ("get", "/items/{id}/children/new"),
    ("post", "/items/{id}/children/new"),
    ("get", "/items/{id}/move"),
    ("post", "/items/{id}/move"),
    ("post", "/items/{id}/retire"),
    ("post", "/items/{id}/restore"),
]


@pytest.mark.parametrize(("method", "route"), ID_ROUTES)
@pytest.mark.parametrize("missing_id", [987654, 2**31, 10**20])
def test_missing_items_are_404_on_every_route(client_for, make, method, route, missing_id):
    client = client_for(make.user("admin"))
    response = getattr(client, method)(route.format(id=missing_id))
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)


def _grow(make, plan, parent, dept, size: int, session) -> None:
    office = make.user("office")
    for n in range(size):
        child = make.item(plan, parent, kind="subtask", lead_department=dept, owner=make.user("lead", dept))
        child.supporting_departments.append(dept)
        make.budget(make.project(child, dept), 2012, approved="1")
        audit.record(office.id, "work_item", parent.id, "update", "title", f"旧{n}", f"新{n}")
        session.add(
            StatusUpdate(
                work_item_id=parent.id,
                author=office,
                status_before="in_progress",
                status_after="in_progress",
                progress_before=0,
                progress_after=n % 100,
            )
        )
    session.flush()


def test_statement_count_does_not_grow_with_children_or_history(client_for, make, tree_plan, count_statements, session):
    p = tree_plan
    client = client_for(make.user("lead", p.dept_a))
    counts = []
    for size in (1, 10):
        _grow(make, p.plan, p.task1, p.dept_a, size, session)
        session.expire_all()
        with count_statements() as counter:
            assert client.get(f"/items/{p.task1.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counter.statements
