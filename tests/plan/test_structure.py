"""The office shapes the plan: add a child, move (never under itself), retire (never delete) and restore."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY
from tests.plan.helpers import audit_rows, form_fields, matched_ids
from tracker.plan.models import WorkItem
from tracker.plan.services import overdue_items


@pytest.fixture
def office(make):
    return make.user("office")


def _item_count(session) -> int:
    return session.scalar(select(func.count()).select_from(WorkItem))


def _child_form(**overrides) -> dict:
    data = {
        "kind": "subtask",
        "title": "建设产业公共服务平台 🏭",
        "outline_no": "(1)",
        "mandate": "",
        "start_date": "2013-01-01",
        "due_date": "2014-12-31",
        "lead_department_id": "",
    }
    data.update(overrides)
    return data


def test_office_adds_a_child_after_the_last_sibling(client_for, session, office, tree_plan):
    p = tree_plan
    response = client_for(office).post(
        f"/items/{p.task1.id}/children/new", data=_child_form(lead_department_id=str(p.dept_b.id))
    )
    assert response.status_code == 302
    child = session.scalar(select(WorkItem).where(WorkItem.title == "建设产业公共服务平台 🏭"))
    assert response.headers["Location"].endswith(f"/items/{child.id}")
    assert (child.parent_id, child.plan_id, child.kind, child.lead_department_id) == (
        p.task1.id,
        p.plan.id,
        "subtask",
        p.dept_b.id,
    )
    assert (child.start_date, child.due_date) == (date(2013, 1, 1), date(2014, 12, 31))
    assert child.sort_order > max(p.sub1.sort_order, p.sub2.sort_order)
    fields = {row[1] for row in audit_rows(session, child.id) if row[0] == "create"}
    assert {"title", "kind", "parent", "lead_department", "due_date"} <= fields


def test_the_new_child_form_starts_from_the_parents_dates_and_department(client_for, office, tree_plan):
    html = client_for(office).get(f"/items/{tree_plan.task1.id}/children/new").get_data(as_text=True)
    fields = form_fields(html, "new-child-form")
    assert fields["start_date"].value == "2011-01-01" and fields["due_date"].value == "2013-01-31"
    assert fields["lead_department_id"].selected == [str(tree_plan.dept_a.id)]


def test_the_new_child_forms_types_are_in_the_readers_language(client_for, make, tree_plan):
    """The same words as the tree's type filter (probe defect 3): the form read them before any locale existed."""
    english = make.user("office", username="office.en", locale="en")
    html = client_for(english).get(f"/items/{tree_plan.task1.id}/children/new").get_data(as_text=True)
    kinds = re.search(r'<select[^>]*name="kind".*?</select>', html, re.S).group(0)
    assert [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", kinds)] == [
        "Section",
        "Main task",
        "Subtask",
        "Key platform",
        "Specific goal",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "必填"),
        ("title", "标题\x00", "控制字符"),
        ("title", "长" * 301, "300"),
        ("kind", "chapter", "请从列表中选择"),
        ("due_date", "2012-12-31", "不能早于开始日期"),
        ("start_date", "2023-02-30", "有效日期"),
        ("lead_department_id", "abc", "请从列表中选择"),
    ],
)
def test_bad_child_input_is_answered_at_the_field(client_for, session, office, tree_plan, field, value, message):
    before = _item_count(session)
    response = client_for(office).post(f"/items/{tree_plan.task1.id}/children/new", data=_child_form(**{field: value}))
    assert response.status_code == 200
    shown = form_fields(response.get_data(as_text=True), "new-child-form")[field]
    assert shown.invalid and any(message in error for error in shown.errors), shown
    assert _item_count(session) == before


def test_moving_under_another_parent_is_audited_and_shows_in_the_tree(client_for, session, office, tree_plan):
    p = tree_plan
    client = client_for(office)
    response = client.post(f"/items/{p.sub2.id}/move", data={"parent_id": str(p.task2.id), "version": "1"})
    assert response.status_code == 302
    session.expire_all()
    assert p.sub2.parent_id == p.task2.id
    assert ("move", "parent", "1. 推进电子政务建设", "2. 发展信息产业") in audit_rows(session, p.sub2.id)
    rows = client.get("/").get_data(as_text=True)
    assert f'data-item-id="{p.sub2.id}" data-depth="2" data-parent="{p.task2.id}"' in rows


def test_moving_to_a_position_reorders_the_siblings(client_for, session, office, tree_plan):
    p = tree_plan
    response = client_for(office).post(
        f"/items/{p.sub2.id}/move", data={"parent_id": str(p.task1.id), "position": "1", "version": "1"}
    )
    assert response.status_code == 302
    session.expire_all()
    assert [c.id for c in sorted(p.task1.children, key=lambda c: (c.sort_order, c.id))] == [p.sub2.id, p.sub1.id]
    assert ("move", "sort_order", "2", "1") in audit_rows(session, p.sub2.id)


def test_moving_to_the_top_level(client_for, session, office, tree_plan):
    p = tree_plan
    assert (
        client_for(office).post(f"/items/{p.task2.id}/move", data={"parent_id": "", "version": "1"}).status_code == 302
    )
    session.expire_all()
    assert p.task2.parent_id is None


@pytest.mark.parametrize("target", ["task1", "sub1"])
def test_moving_under_itself_or_its_descendant_is_refused(client_for, session, office, tree_plan, target):
    p = tree_plan
    client = client_for(office)
    page = client.get(f"/items/{p.task1.id}/move").get_data(as_text=True)
    assert f'<option disabled value="{p.sub1.id}"' in page or f'disabled value="{p.sub1.id}"' in page
    response = client.post(f"/items/{p.task1.id}/move", data={"parent_id": str(getattr(p, target).id), "version": "1"})
    assert response.status_code == 200
    shown = form_fields(response.get_data(as_text=True), "move-item-form")["parent_id"]
    assert shown.invalid and "不能把任务移到它自己或它的下级任务之下" in shown.errors[0]
    session.expire_all()
    assert (p.task1.parent_id, p.task1.version) == (p.root.id, 1)
    assert audit_rows(session, p.task1.id) == []


def test_a_move_from_a_stale_page_is_refused(client_for, session, office, tree_plan):
    p = tree_plan
    response = client_for(office).post(f"/items/{p.sub2.id}/move", data={"parent_id": str(p.task2.id), "version": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="conflict"' in html
    assert form_fields(html, "move-item-form")["version"].value == "1"
    session.expire_all()
    assert p.sub2.parent_id == p.task1.id


def test_bad_move_input_is_answered_at_the_field(client_for, session, office, tree_plan, make):
    p = tree_plan
    other_plan_item = make.item(make.plan())
    client = client_for(office)
    for data, field in (
        ({"parent_id": str(other_plan_item.id), "version": "1"}, "parent_id"),
        ({"parent_id": "abc", "version": "1"}, "parent_id"),
        ({"parent_id": str(p.task2.id), "position": "－1", "version": "1"}, "position"),
        ({"parent_id": str(p.task2.id), "position": "0", "version": "1"}, "position"),
    ):
        response = client.post(f"/items/{p.sub2.id}/move", data=data)
        assert form_fields(response.get_data(as_text=True), "move-item-form")[field].invalid, data
    session.expire_all()
    assert p.sub2.parent_id == p.task1.id


def test_retiring_keeps_the_rows_hides_the_subtree_and_can_be_undone(client_for, session, office, tree_plan):
    p = tree_plan
    client = client_for(office)
    before = _item_count(session)
    response = client.post(f"/items/{p.task1.id}/retire", follow_redirects=True)
    assert "已撤销 3 项任务" in response.get_data(as_text=True)
    session.expire_all()
    assert _item_count(session) == before
    assert (p.task1.retired, p.sub1.retired, p.sub2.retired, p.task2.retired) == (True, True, True, False)
    assert ("retire", "retired", "False", "True") in audit_rows(session, p.sub1.id)
    assert matched_ids(client.get("/").get_data(as_text=True)) == {p.root.id, p.task2.id}
    assert p.task1 not in overdue_items(p.plan.id, TODAY)

    page = client.get(f"/items/{p.task1.id}").get_data(as_text=True)
    assert 'data-testid="retired"' in page and f"/items/{p.task1.id}/restore" in page
    assert client.get(f"/items/{p.task1.id}/edit").status_code == 403  # retired items are not edited

    # A child cannot come back while its parent is retired; the parent brings its subtree back.
    refused = client.post(f"/items/{p.sub1.id}/restore", follow_redirects=True)
    assert "请先恢复上级任务" in refused.get_data(as_text=True)
    assert client.post(f"/items/{p.task1.id}/restore").status_code == 302
    session.expire_all()
    assert not any((p.task1.retired, p.sub1.retired, p.sub2.retired))
    assert ("restore", "retired", "True", "False") in audit_rows(session, p.task1.id)


def test_retiring_twice_is_answered_with_a_message(client_for, session, office, tree_plan):
    client = client_for(office)
    client.post(f"/items/{tree_plan.task2.id}/retire")
    again = client.post(f"/items/{tree_plan.task2.id}/retire", follow_redirects=True)
    assert "该任务已撤销" in again.get_data(as_text=True)
    assert len([row for row in audit_rows(session, tree_plan.task2.id) if row[0] == "retire"]) == 1


def test_retire_and_restore_accept_only_post(client_for, office, tree_plan):
    client = client_for(office)
    assert client.get(f"/items/{tree_plan.task2.id}/retire").status_code == 405
    assert client.get(f"/items/{tree_plan.task2.id}/restore").status_code == 405


STRUCTURE_ROUTES = [
    ("get", "/items/{id}/children/new"),
    ("post", "/items/{id}/children/new"),
    ("get", "/items/{id}/move"),
    ("post", "/items/{id}/move"),
    ("post", "/items/{id}/retire"),
    ("post", "/items/{id}/restore"),
]


@pytest.mark.parametrize(("method", "route"), STRUCTURE_ROUTES)
@pytest.mark.parametrize("role", ["lead", "member", "viewer"])
def test_only_office_and_admin_change_the_structure(client_for, make, session, tree_plan, method, route, role):
    p = tree_plan
    user = make.user(role, p.dept_a if role != "viewer" else None)  # dept A leads task1
    before = _item_count(session)
    response = getattr(client_for(user), method)(
        route.format(id=p.task1.id), data={**_child_form(), "parent_id": str(p.task2.id), "version": "1"}
    )
    assert response.status_code == 403
    session.expire_all()
    assert _item_count(session) == before and (p.task1.parent_id, p.task1.retired) == (p.root.id, False)


def test_admin_changes_the_structure_too(client_for, make, session, tree_plan):
    assert client_for(make.user("admin")).post(f"/items/{tree_plan.task2.id}/retire").status_code == 302
    session.expire_all()
    assert tree_plan.task2.retired


@pytest.mark.parametrize(
    ("route", "data"),
    [
        ("/items/{id}/children/new", _child_form()),
        ("/items/{id}/move", {"parent_id": "", "version": "1"}),
        ("/items/{id}/retire", {}),
        ("/items/{id}/restore", {}),
    ],
)
def test_structure_forms_refuse_a_missing_csrf_token(
    app, client_for, monkeypatch, session, office, tree_plan, route, data
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    p = tree_plan
    before = _item_count(session)
    refused = client_for(office).post(route.format(id=p.task2.id), data=data)
    assert refused.status_code == 400 and "页面已过期" in refused.get_data(as_text=True)
    session.expire_all()
    assert _item_count(session) == before and (p.task2.parent_id, p.task2.retired) == (p.root.id, False)
