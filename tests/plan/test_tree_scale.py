"""The tree page at scale: a large plan arrives folded to its top levels and opens on demand (plan.children); a
filtered view comes a page of matches at a time. The budgets are made tiny here so the small plan behaves as a
large one does."""

from __future__ import annotations

import re

import pytest

from tests.plan.helpers import counts_line, joined_levels, matched_ids, tree_rows
from tracker.org.models import Department
from tracker.plan import tree_page
from tracker.plan.models import Plan, WorkItem


@pytest.fixture
def viewer_client(client_for, make):
    return client_for(make.user("viewer"))


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _toggle(html: str, item_id: int) -> str:
    match = re.search(rf'<button [^>]*data-tree-toggle="{item_id}"[^>]*>', html)
    return match.group(0) if match else ""


def test_a_plan_larger_than_the_budget_shows_whole_top_levels(viewer_client, tree_plan, monkeypatch):
    p = tree_plan
    monkeypatch.setattr(tree_page, "ROW_BUDGET", 3)  # root, two tasks, two subtasks: the third level folds
    html = _get(viewer_client, "/")
    assert tree_rows(html) == [(p.root.id, True), (p.task1.id, True), (p.task2.id, True)]
    assert 'data-testid="tree-folded"' in html
    # The counts still cover the whole plan, not only the rows on the page.
    assert "显示 5 / 共 5 项" in counts_line(html) and "逾期 1" in counts_line(html)
    # task1's children are not on the page: its toggle loads them; task2 has none; the root's are shown.
    assert f'data-tree-load="/items/{p.task1.id}/children"' in _toggle(html, p.task1.id)
    assert 'aria-expanded="false"' in _toggle(html, p.task1.id)
    assert _toggle(html, p.task2.id) == ""
    assert 'aria-expanded="true"' in _toggle(html, p.root.id) and "data-tree-load" not in _toggle(html, p.root.id)


def test_the_order_and_retired_switch_reach_the_children_links(viewer_client, tree_plan, monkeypatch):
    monkeypatch.setattr(tree_page, "ROW_BUDGET", 3)
    html = _get(viewer_client, "/?sort=due&retired=1")
    assert f'data-tree-load="/items/{tree_plan.task1.id}/children?sort=due&amp;retired=1"' in html


def test_opening_a_row_returns_its_children_as_rows(viewer_client, tree_plan):
    p = tree_plan
    html = _get(viewer_client, f"/items/{p.task1.id}/children")
    assert "<html" not in html  # a fragment for plan_tree.js
    assert tree_rows(html) == [(p.sub1.id, True), (p.sub2.id, True)]
    assert f'data-item-id="{p.sub1.id}" data-depth="2" data-parent="{p.task1.id}"' in html
    outlines = joined_levels(html)
    assert "三、1.(1)" in outlines and "三、1.(2)" in outlines  # full outline numbers, ancestors included
    assert "市发改委" in html and "市经信委" in html  # lead and supporting departments
    assert 'aria-valuenow="20"' in html and "滞后" in html  # progress and status
    ordered = tree_rows(_get(viewer_client, f"/items/{p.task1.id}/children?sort=due"))
    assert [item_id for item_id, _ in ordered] == [p.sub2.id, p.sub1.id]  # 2012-12-31 before 2014-06-30
    assert tree_rows(_get(viewer_client, f"/items/{p.sub1.id}/children")) == []


def test_opened_rows_open_further_and_hide_retired_children(viewer_client, tree_plan, make, session):
    p = tree_plan
    grandchild = make.item(p.plan, p.sub1, kind="subtask", title="云平台一期")
    gone = make.item(p.plan, p.sub1, kind="subtask", title="已撤销的二期", retired=True)
    html = _get(viewer_client, f"/items/{p.task1.id}/children")
    assert f'data-tree-load="/items/{p.sub1.id}/children"' in _toggle(html, p.sub1.id)
    assert matched_ids(_get(viewer_client, f"/items/{p.sub1.id}/children")) == {grandchild.id}
    assert matched_ids(_get(viewer_client, f"/items/{p.sub1.id}/children?retired=1")) == {grandchild.id, gone.id}


def test_children_need_a_session_and_an_existing_item(client, viewer_client, tree_plan):
    response = client.get(f"/items/{tree_plan.task1.id}/children")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert viewer_client.get("/items/987654/children").status_code == 404
    assert viewer_client.get(f"/items/{2**31}/children").status_code == 404


def test_a_filtered_view_pages_its_matches_with_their_ancestors(viewer_client, tree_plan, monkeypatch):
    p = tree_plan
    monkeypatch.setattr(tree_page, "PAGE_SIZE", 1)
    first = _get(viewer_client, "/?kind=subtask")
    assert tree_rows(first) == [(p.root.id, False), (p.task1.id, False), (p.sub1.id, True)]
    assert "显示 2 / 共 5 项" in counts_line(first)  # every match is counted, not only this page's
    assert "第 1 / 2 页" in first and 'href="/?kind=subtask&amp;page=2"' in first
    second = _get(viewer_client, "/?kind=subtask&page=2")
    assert tree_rows(second) == [(p.root.id, False), (p.task1.id, False), (p.sub2.id, True)]
    # A page past the end shows the last one; a page that is not a number, the first.
    assert matched_ids(_get(viewer_client, "/?kind=subtask&page=99")) == {p.sub2.id}
    assert matched_ids(_get(viewer_client, "/?kind=subtask&page=abc")) == {p.sub1.id}


def test_a_sorted_filtered_view_pages_in_the_chosen_order(viewer_client, tree_plan, monkeypatch):
    p = tree_plan
    monkeypatch.setattr(tree_page, "PAGE_SIZE", 1)
    # By due date the first match is sub2 (2012-12-31), then sub1 (2014-06-30): across pages, not only within one.
    assert matched_ids(_get(viewer_client, "/?kind=subtask&sort=due")) == {p.sub2.id}
    assert matched_ids(_get(viewer_client, "/?kind=subtask&sort=due&page=2")) == {p.sub1.id}
    # Overdue counts cover all matches on every page.
    html = _get(viewer_client, f"/?department={p.dept_a.id}&page=2")
    assert "显示 3 / 共 5 项" in counts_line(html) and "逾期 1" in counts_line(html)


def test_the_lead_only_switch_narrows_the_department_filter(viewer_client, tree_plan):
    p = tree_plan
    assert matched_ids(_get(viewer_client, f"/?department={p.dept_a.id}&lead=1")) == {p.task1.id, p.sub2.id}


def _grow(make, plan, parent, dept, size: int) -> None:
    """`size` tasks under `parent`, each led and supported by a department of its own (so that a query per row
    for departments or owners would show), each with two subtasks that have owners of yet another department."""
    for n in range(size):
        lead, helper = make.department(), make.department()
        task = make.item(plan, parent, lead_department=lead, title=f"扩展任务{n}")
        task.supporting_departments.append(helper)
        for _leaf in range(2):
            leaf = make.item(plan, task, kind="subtask", lead_department=helper, owner=make.user("member"))
            make.budget(make.project(leaf, dept), 2012, approved="1")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?department={dept}&sort=due",
        "/?q=扩展&sort=progress",
        "/items/{task1}/children",
        "/items/{root}/children",
    ],
)
def test_statement_count_does_not_grow_folded_paged_or_opened(
    client_for, make, tree_plan, count_statements, session, monkeypatch, url
):
    p = tree_plan
    monkeypatch.setattr(tree_page, "ROW_BUDGET", 4)
    monkeypatch.setattr(tree_page, "PAGE_SIZE", 3)
    client = client_for(make.user("office"))
    target = url.format(dept=p.dept_a.id, task1=p.task1.id, root=p.root.id)
    ids = (p.plan.id, p.root.id, p.task1.id, p.dept_a.id)
    counts = []
    for size in (2, 14):
        plan, root, task1, dept = (
            session.get(model, i) for model, i in zip((Plan, WorkItem, WorkItem, Department), ids, strict=True)
        )
        _grow(make, plan, root, dept, size)
        _grow(make, plan, task1, dept, size)
        # Nothing in memory: what the page needs must come from its own queries (the session is shared with it).
        session.expunge_all()
        with count_statements() as counter:
            response = client.get(target)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counter.statements
