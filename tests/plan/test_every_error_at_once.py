"""Editing an item and adding a child report every problem in one response, with the input kept; dates keep to
the shared window."""

from __future__ import annotations

import pytest

from tests.plan.helpers import form_fields
from tests.plan.test_edit_item import _snapshot, edit_form
from tests.plan.test_structure import _child_form, _item_count

WINDOW = "日期须在 2000-01-01 到 2100-12-31 之间。"


@pytest.fixture
def office(make):
    return make.user("office", display_name="办公室刘")


def errors(page: str) -> dict[str, list[str]]:
    return {name: view.errors for name, view in form_fields(page).items() if view.errors}


def test_every_bad_field_of_an_item_edit_is_answered_at_once(client_for, session, office, tree_plan):
    p = tree_plan
    before = _snapshot(session, p.task1)
    data = edit_form(
        p.task1,
        title="",
        start_date="0001-01-01",
        weight="abc",
        lead_department_id=str(p.dept_b.id),
        supporting_department_ids=[str(p.dept_b.id)],
        outline_no="保留的编号",
    )
    page = client_for(office).post(f"/items/{p.task1.id}/edit", data=data).get_data(as_text=True)
    found = errors(page)
    assert found["title"] == ["此项必填。"]
    assert found["start_date"] == [WINDOW]
    assert found["weight"]
    assert found["supporting_department_ids"] == ["牵头部门不能同时作为配合部门。"]
    assert form_fields(page)["outline_no"].value == "保留的编号"
    assert _snapshot(session, p.task1) == before


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_item_dates_outside_the_window_are_refused(client_for, session, office, tree_plan, day):
    p = tree_plan
    before = _snapshot(session, p.task1)
    page = client_for(office).post(f"/items/{p.task1.id}/edit", data=edit_form(p.task1, due_date=day))
    assert errors(page.get_data(as_text=True)) == {"due_date": [WINDOW]}
    assert _snapshot(session, p.task1) == before


def test_every_bad_field_of_a_new_child_is_answered_at_once(client_for, session, office, tree_plan):
    p = tree_plan
    before = _item_count(session)
    data = _child_form(title="", start_date="2013-13-01", due_date="9999-12-31", kind="bogus", outline_no="(9)")
    page = client_for(office).post(f"/items/{p.task1.id}/children/new", data=data).get_data(as_text=True)
    found = errors(page)
    assert set(found) == {"title", "start_date", "due_date", "kind"}
    assert found["due_date"] == [WINDOW]
    assert form_fields(page)["outline_no"].value == "(9)"
    assert _item_count(session) == before


def test_a_move_under_a_descendant_to_position_zero_gets_both_messages(client_for, session, office, tree_plan):
    p = tree_plan
    data = {"parent_id": str(p.sub1.id), "position": "0", "version": "1"}
    page = client_for(office).post(f"/items/{p.task1.id}/move", data=data).get_data(as_text=True)
    fields = form_fields(page, "move-item-form")
    assert fields["parent_id"].errors == ["不能把任务移到它自己或它的下级任务之下。"]
    assert fields["position"].errors == ["位置须为不小于 1 的整数。"]
    session.expire_all()
    assert (p.task1.parent_id, p.task1.version) == (p.root.id, 1)
