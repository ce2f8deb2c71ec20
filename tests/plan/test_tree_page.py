"""The plan tree page: filters from the URL, ancestors kept for context, counts, bad values, statement count."""

from __future__ import annotations

import pytest

from tests.plan.helpers import counts_line, joined_levels, matched_ids, tree_rows


@pytest.fixture
def viewer_client(client_for, make):
    return client_for(make.user("viewer"))


def _page(client, query: str = "") -> str:
    response = client.get("/" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(client, tree_plan):
    response = client.get("/?status=delayed")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unfiltered_tree_shows_every_item_in_plan_order_with_marks(viewer_client, tree_plan):
    p = tree_plan
    html = _page(viewer_client)
    assert tree_rows(html) == [(i.id, True) for i in (p.root, p.task1, p.sub1, p.sub2, p.task2)]
    assert "显示 5 / 共 5 项" in counts_line(html)
    assert "逾期 1" in counts_line(html) and "久未更新 2" in counts_line(html)
    # Outline numbers, departments (lead and supporting), and the rows' hierarchy attributes for the script.
    assert "三、1.(1)" in joined_levels(html) and "市发改委" in html
    assert f'data-item-id="{p.sub1.id}" data-depth="2" data-parent="{p.task1.id}"' in html
    assert 'src="/static/js/plan_tree.js"' in html and "http://" not in html and "https://" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=delayed", {"sub1"}),
        ("status=completed", {"sub2"}),
        ("overdue=1", {"task1"}),
        ("on_time=1", {"root", "sub1", "task2"}),  # open and not overdue: neither task1 (overdue) nor sub2 (done)
        ("stale=1", {"root", "task1"}),
        ("kind=subtask", {"sub1", "sub2"}),
        ("q=政务", {"task1", "sub1"}),
        ("q=ipv6", {"task1"}),  # in the mandate, Latin case ignored
        ("q=%EF%BC%A9%EF%BD%90%EF%BD%96%EF%BC%96", {"task1"}),  # full-width ＩｐｖＶ６ typed from a Chinese IME
        ("q=不存在的词", set()),
    ],
)
def test_each_filter_narrows_the_tree(viewer_client, tree_plan, query, expected):
    html = _page(viewer_client, query)
    assert matched_ids(html) == {getattr(tree_plan, name).id for name in expected}
    assert f"显示 {len(expected)} / 共 5 项" in counts_line(html)


def test_department_filter_matches_lead_or_supporting(viewer_client, tree_plan):
    p = tree_plan
    assert matched_ids(_page(viewer_client, f"department={p.dept_a.id}")) == {p.task1.id, p.sub1.id, p.sub2.id}
    assert matched_ids(_page(viewer_client, f"department={p.dept_b.id}")) == {p.sub1.id, p.task2.id}


def test_filters_combine_and_ancestors_stay_visible_greyed(viewer_client, tree_plan):
    p = tree_plan
    html = _page(viewer_client, f"department={p.dept_a.id}&status=completed&q=门户")
    # The match and its ancestors, in plan order; the ancestors are context only (not matched).
    assert tree_rows(html) == [(p.root.id, False), (p.task1.id, False), (p.sub2.id, True)]
    assert html.count("tree-context") == 2
    assert "显示 1 / 共 5 项" in counts_line(html) and "逾期 0" in counts_line(html)
    # The form shows the filters back, so the bookmarked URL reproduces the same view.
    assert 'value="门户"' in html and f'<option value="{p.dept_a.id}" selected' in html


def test_sort_by_due_date_orders_siblings_and_keeps_the_hierarchy(viewer_client, tree_plan):
    p = tree_plan
    html = _page(viewer_client, "sort=due")
    # sub2 (2012-12-31) before sub1 (2014-06-30) under task1; task1 (2013) before task2 (2015) under the root.
    assert [i for i, _ in tree_rows(html)] == [p.root.id, p.task1.id, p.sub2.id, p.sub1.id, p.task2.id]
    by_status = [i for i, _ in tree_rows(_page(viewer_client, "sort=status"))]
    assert by_status.index(p.sub1.id) < by_status.index(p.sub2.id)  # delayed before completed
    by_progress = [i for i, _ in tree_rows(_page(viewer_client, "sort=progress"))]
    assert by_progress.index(p.sub1.id) < by_progress.index(p.sub2.id)  # 20% before 100%


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "department=abc",
        "department=99999999999999999999",
        "department=-1",
        "department=424242",
        "kind=chapter",
        "sort=random",
        "overdue=maybe",
        "stale=%00",
    ],
)
def test_invalid_filter_values_are_ignored_with_a_notice(viewer_client, tree_plan, query):
    html = _page(viewer_client, query)
    assert 'data-testid="filter-notice"' in html
    assert len(matched_ids(html)) == 5


def test_a_valid_filter_still_applies_next_to_an_invalid_one(viewer_client, tree_plan):
    html = _page(viewer_client, "status=delayed&department=abc")
    assert matched_ids(html) == {tree_plan.sub1.id} and 'data-testid="filter-notice"' in html


def test_control_characters_and_overlong_search_do_not_break_the_page(viewer_client, tree_plan):
    assert matched_ids(_page(viewer_client, "q=%E6%94%BF%00%E5%8A%A1")) == {tree_plan.task1.id, tree_plan.sub1.id}
    html = _page(viewer_client, "q=" + "政" * 500)
    assert 'data-testid="filter-notice"' in html and matched_ids(html) == set()


def test_retired_items_are_hidden_unless_asked_for(viewer_client, tree_plan, session):
    p = tree_plan
    p.task1.retired = True
    session.flush()
    assert p.task1.id not in matched_ids(_page(viewer_client))
    html = _page(viewer_client, "retired=On")
    assert p.task1.id in matched_ids(html) and "已撤销" in html


def test_empty_database_shows_a_hint(viewer_client):
    assert "尚未导入规划" in _page(viewer_client)


def _grow(make, plan, dept, size: int) -> None:
    for n in range(size):
        task = make.item(plan, lead_department=dept, owner=make.user("lead", dept), title=f"扩展任务{n}")
        task.supporting_departments.append(dept)
        for _leaf in range(2):
            leaf = make.item(plan, task, kind="subtask")
            make.budget(make.project(leaf, dept), 2012, approved="1")


def test_statement_count_does_not_grow_with_the_tree(client_for, make, tree_plan, count_statements, session):
    client = client_for(make.user("office"))
    counts = []
    for size in (1, 12):
        _grow(make, tree_plan.plan, tree_plan.dept_a, size)
        session.expire_all()
        with count_statements() as counter:
            response = client.get(f"/?department={tree_plan.dept_a.id}&sort=due")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counter.statements


def test_a_filtered_tree_tells_the_folding_script_so(viewer_client, tree_plan):
    """plan_tree.js neither applies nor saves the whole tree's folding on a filtered view (its matches must show)."""
    assert 'id="plan-tree" data-plan-id' in _page(viewer_client)
    assert "data-filtered" not in _page(viewer_client, "sort=due")
    assert "data-filtered" in _page(viewer_client, "overdue=1")
