"""Projects: a lead attaches them only to items their department leads or supports; amounts and dates keep to the
shared rules; every broken rule is reported in one submit with the input kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.auth.helpers import field_errors
from tests.projects.test_budget import budget_form, cell_html, stored
from tests.projects.test_create_edit import edit_form, project_form
from tracker.models import Project


def count_projects(session) -> int:
    return session.scalar(select(func.count(Project.id)))


@pytest.fixture
def foreign(make, world):
    """An item that B leads and A does not support."""
    return make.item(
        world.plan, parent=world.section, outline_no="2.", title="外部门任务", lead_department=world.dept_b
    )


def test_a_lead_is_offered_only_the_items_their_department_leads_or_supports(client_for, world, foreign):
    page = client_for(world.lead_a).get("/projects/new").get_data(as_text=True)
    assert f'value="{world.task.id}"' in page and f'value="{world.other.id}"' in page
    assert "外部门任务" not in page
    assert "外部门任务" in client_for(world.office).get("/projects/new").get_data(as_text=True)


@pytest.mark.parametrize("field", ["work_item", "linked_items"])
def test_a_crafted_item_of_another_department_is_refused_at_the_field(client_for, world, session, foreign, field):
    before = count_projects(session)
    value = str(foreign.id) if field == "work_item" else [str(world.other.id), str(foreign.id)]
    page = client_for(world.lead_a).post("/projects/new", data=project_form(world, **{field: value}))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert field_errors(text, field) == [
        "只能选择本部门牵头或配合的任务。" if field == "work_item" else "只能关联本部门牵头或配合的任务。"
    ]
    assert count_projects(session) == before


def test_the_office_may_attach_a_project_to_any_item(client_for, world, session, foreign):
    response = client_for(world.office).post("/projects/new", data=project_form(world, work_item=str(foreign.id)))
    assert response.status_code == 302


def test_an_item_already_chosen_by_the_office_stays_when_a_lead_edits(client_for, world, session, make, foreign):
    project = make.project(foreign, world.dept_a, linked_items=[foreign], name="既有项目")
    data = edit_form(project, world, work_item=str(foreign.id), linked_items=[str(foreign.id)], name="改名")
    response = client_for(world.lead_a).post(f"/projects/{project.id}/edit", data=data)
    assert response.status_code == 302
    session.refresh(project)
    assert (project.name, project.work_item_id) == ("改名", foreign.id)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_project_dates_outside_the_window_are_refused(client_for, world, session, day):
    before = count_projects(session)
    page = (
        client_for(world.admin).post("/projects/new", data=project_form(world, start_date=day)).get_data(as_text=True)
    )
    assert field_errors(page, "start_date") == ["日期须在 2000-01-01 到 2100-12-31 之间。"]
    assert count_projects(session) == before


def test_every_broken_project_rule_is_reported_in_one_submit(client_for, world, session, foreign):
    data = project_form(
        world,
        name="",
        owner=str(world.owner_b.id),
        work_item=str(foreign.id),
        due_date="2099-99-99",
        fund_source="财政",
    )
    page = client_for(world.lead_a).post("/projects/new", data=data).get_data(as_text=True)
    assert field_errors(page, "name") == ["此项必填。"]
    assert field_errors(page, "owner") == ["负责人必须是项目所属部门的人员。"]
    assert field_errors(page, "work_item") == ["只能选择本部门牵头或配合的任务。"]
    assert field_errors(page, "due_date") == ["请输入有效日期，格式为 YYYY-MM-DD。"]
    assert 'value="2099-99-99"' in page and 'value="财政"' in page


@pytest.mark.parametrize("typed", ["1,5", ",", "1,,000", "12,34", "1，5"])
def test_a_budget_cell_with_a_misplaced_comma_is_refused(client_for, world, session, make, typed):
    project = make.project(world.task, world.dept_a)
    rows = {2012: ("20", typed, "5")}
    page = client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=budget_form(project, rows))
    cell = cell_html(page.get_data(as_text=True), "allocated_2012")
    assert "逗号只能用作千位分隔符（如 1,234.5）。请检查金额。" in cell and f'value="{typed}"' in cell
    assert stored(session, project) == {}


def test_budget_cells_accept_thousands_separators_ascii_and_full_width(client_for, world, session, make):
    project = make.project(world.task, world.dept_a)
    rows = {2012: ("1,234.5", "1，000", "12,345,678")}
    response = client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=budget_form(project, rows))
    assert response.status_code == 302
    assert stored(session, project) == {2012: (Decimal("1234.50"), Decimal("1000.00"), Decimal("12345678.00"))}


def test_every_bad_budget_cell_is_reported_in_one_submit(client_for, world, session, make):
    project = make.project(world.task, world.dept_a)
    rows = {2012: ("1,5", "abc", "7"), 2014: ("", "", "-1")}
    page = client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=budget_form(project, rows))
    text = page.get_data(as_text=True)
    for name in ("approved_2012", "allocated_2012", "spent_2014"):
        assert "is-invalid" in cell_html(text, name)
    assert 'value="7"' in cell_html(text, "spent_2012")
