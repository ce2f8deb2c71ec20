"""The yearly budget form: one form for the whole table, strict amounts, warnings, audit, conflicts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from markupsafe import escape
from sqlalchemy import select

from tracker.core.models import AuditEvent
from tracker.models import BudgetLine

COLUMNS = ("approved", "allocated", "spent")


def budget_form(project, rows: dict[int, tuple[str, str, str]] | None = None, version=None) -> dict:
    """Every plan year (2011–2015) blank unless given in `rows`."""
    data = {"version": str(project.version if version is None else version)}
    for year in range(2011, 2016):
        for column, value in zip(COLUMNS, (rows or {}).get(year, ("", "", "")), strict=True):
            data[f"{column}_{year}"] = value
    return data


def cell_html(page: str, name: str) -> str:
    """The table cell holding the input called `name`."""
    cell = r"(?:(?!</td>).)*"
    match = re.search(rf'<td>({cell}name="{name}"{cell})</td>', page, re.DOTALL)
    assert match, name
    return match.group(1)


def stored(session, project) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    session.expire_all()
    lines = session.scalars(select(BudgetLine).where(BudgetLine.project_id == project.id))
    return {line.year: (line.approved, line.allocated, line.spent) for line in lines}


@pytest.fixture
def project(make, world):
    return make.project(world.task, world.dept_a, name="数据中心")


def test_the_form_offers_every_plan_year_and_existing_other_years(client_for, world, make, project):
    make.budget(project, 2016, approved="5")
    page = client_for(world.lead_a).get(f"/projects/{project.id}/budget").get_data(as_text=True)
    for year in (2011, 2012, 2013, 2014, 2015, 2016):
        assert f'name="spent_{year}"' in page
    assert 'name="approved_2016"' in page and 'value="5.00"' in page
    assert 'name="spent_2010"' not in page


def test_a_valid_save_stores_lines_and_shows_totals_and_execution_rate(client_for, world, session, project):
    client = client_for(world.lead_a)
    rows = {2012: ("1,000.50", "800", "600.25"), 2013: ("200", "200", "")}
    response = client.post(f"/projects/{project.id}/budget", data=budget_form(project, rows))
    assert response.status_code == 302
    assert stored(session, project) == {
        2012: (Decimal("1000.50"), Decimal("800.00"), Decimal("600.25")),
        2013: (Decimal("200.00"), Decimal("200.00"), Decimal("0.00")),
    }  # all-zero years are not stored
    assert project.version == 2  # saving the budget moves the project's version
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "预算已保存。" in page
    assert "1,200.50" in page and "1,000.00" in page and "600.25" in page  # totals
    assert '<td class="text-end" data-testid="execution-rate">60.0%</td>' in page  # 600.25 / 1000


def test_overspending_is_saved_with_a_warning(client_for, world, session, project):
    client = client_for(world.lead_a)
    rows = {2013: ("100", "150", "200")}
    response = client.post(f"/projects/{project.id}/budget", data=budget_form(project, rows), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert stored(session, project) == {2013: (Decimal("100.00"), Decimal("150.00"), Decimal("200.00"))}
    assert "2013 年：已下达 150.00 万元超过批复 100.00 万元。" in page
    assert "2013 年：已支出 200.00 万元超过已下达 150.00 万元。" in page


@pytest.mark.parametrize(
    "bad",
    ["NaN", "Infinity", "-Infinity", "1e400", "１００", "-5", "12345678901234", "1,234.567", "abc", "0x10", " 5 5"],
)
def test_bad_amounts_are_refused_at_the_cell_and_nothing_changes(client_for, world, session, make, project, bad):
    make.budget(project, 2012, approved="10", allocated="5", spent="1")
    version = project.version
    rows = {2012: ("20", "20", "20"), 2013: ("100", bad, "50")}
    response = client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=budget_form(project, rows))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "请输入不小于 0 的金额（万元），最多两位小数，使用半角数字。" in page
    # The message sits in the refused cell, which keeps what was typed; no other cell is marked.
    cell = cell_html(page, "allocated_2013")
    assert "is-invalid" in cell and "请输入不小于 0 的金额" in cell
    assert f'value="{escape(bad)}"' in cell
    assert page.count("is-invalid") == 1
    assert 'value="20"' in page  # the other cells keep their input too
    assert stored(session, project) == {2012: (Decimal("10.00"), Decimal("5.00"), Decimal("1.00"))}
    assert project.version == version


def test_a_cell_missing_from_the_request_is_refused(client_for, world, session, project):
    data = budget_form(project, {2013: ("1", "1", "1")})
    del data["spent_2014"]
    page = client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=data).get_data(as_text=True)
    assert "此项必填。" in page
    assert stored(session, project) == {}


def test_each_changed_cell_is_audited_on_the_project(client_for, world, session, make, project):
    make.budget(project, 2013, approved="100", allocated="50", spent="10")
    rows = {2013: ("100", "80", "10"), 2014: ("30", "", "")}
    client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=budget_form(project, rows))
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "project", AuditEvent.entity_id == project.id)
    ).all()
    assert sorted((e.field, e.old_value, e.new_value, e.actor_id) for e in events) == [
        ("2013.allocated", "50.00", "80.00", world.lead_a.id),
        ("2014.approved", "0.00", "30.00", world.lead_a.id),
    ]


def test_a_resave_without_changes_writes_nothing(client_for, world, session, make, project):
    make.budget(project, 2013, approved="100")
    version = project.version
    client_for(world.lead_a).post(f"/projects/{project.id}/budget", data=budget_form(project, {2013: ("100", "", "")}))
    assert session.scalars(select(AuditEvent).where(AuditEvent.entity_id == project.id)).all() == []
    session.refresh(project)
    assert project.version == version


def test_a_concurrent_budget_save_is_refused_with_the_input_kept(client_for, world, session, project):
    first, second = client_for(world.lead_a), client_for(world.admin)
    seen = project.version
    first.post(f"/projects/{project.id}/budget", data=budget_form(project, {2013: ("100", "50", "")}, version=seen))
    response = second.post(
        f"/projects/{project.id}/budget", data=budget_form(project, {2013: ("300", "50", "")}, version=seen)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="conflict"' in page
    assert "2013 批复：300.00 → <strong>100.00</strong>" in page
    assert 'value="300"' in page
    session.refresh(project)
    assert f'name="version" type="hidden" value="{project.version}"' in page
    assert stored(session, project) == {2013: (Decimal("100.00"), Decimal("50.00"), Decimal("0.00"))}


def test_a_project_edit_and_a_budget_save_on_the_same_version_conflict(client_for, world, session, project):
    """Both forms carry the project's version, so one cannot silently undo what the other saw."""
    seen = project.version
    client_for(world.admin).post(
        f"/projects/{project.id}/budget", data=budget_form(project, {2013: ("1", "", "")}, version=seen)
    )
    form = {
        "department": str(world.dept_a.id),
        "work_item": str(world.task.id),
        "name": "改名",
        "version": str(seen),
    }
    page = client_for(world.lead_a).post(f"/projects/{project.id}/edit", data=form).get_data(as_text=True)
    assert 'data-testid="conflict"' in page
    session.refresh(project)
    assert project.name == "数据中心"


def test_a_missing_csrf_token_is_refused_and_nothing_is_written(app, client_for, world, session, project, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client = client_for(world.lead_a)
    response = client.post(f"/projects/{project.id}/budget", data=budget_form(project, {2013: ("1", "1", "1")}))
    assert response.status_code == 400
    assert stored(session, project) == {}
