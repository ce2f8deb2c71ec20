"""A form that acts on the plan its page shows names that plan (a hidden `plan` field, the plan's code), and the
POST acts on the plan it names, never on the session's choice: the office may have switched plans in another tab
since the page was opened. A form that names no plan, or a code no plan has, is refused with a message and
writes nothing.

The forms: the tree's "confirm the filtered defaults", a new project, and the upload of a filled-in export.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.exports.helpers import open_workbook, saved
from tests.plan.test_several_plans import ALPHA, BETA, plans  # noqa: F401 (fixture)
from tracker.exports.models import ImportBatch
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.projects.models import Project

REFUSED = "没有保存：表单没有指明所属的规划，或指明的规划不存在。请重新打开页面后再提交。"


def _hidden_plan(html: str, form_testid: str) -> str:
    """The value of the hidden plan field inside the form marked `form_testid` (or the form with that id)."""
    form = html.split(form_testid)[1].split("</form>")[0]
    return form.split('name="plan" value="')[1].split('"')[0]


def _sources(session, *items) -> list[str]:
    session.expire_all()
    return [session.scalar(select(WorkItem.assignment_source).where(WorkItem.id == item.id)) for item in items]


@pytest.fixture
def defaults(plans, session):  # noqa: F811
    """Every item of both plans with departments carries the office's default."""
    for world in (plans.alpha, plans.beta):
        for item in (world.late, world.fine):
            item.assignment_source = "default"
    session.commit()
    return plans


# ---------------------------------------------------------------------------------------------------------------
# The tree's bulk confirmation


def test_the_bulk_confirm_form_names_the_shown_plan(client_for, defaults):
    client = client_for(defaults.office_user)
    assert _hidden_plan(client.get("/?default=1").get_data(as_text=True), 'data-testid="confirm-filtered"') == ALPHA
    html = client.get(f"/?plan={BETA}&default=1").get_data(as_text=True)
    assert _hidden_plan(html, 'data-testid="confirm-filtered"') == BETA


def test_the_bulk_confirm_acts_on_the_plan_the_form_names_after_a_switch_in_another_tab(client_for, defaults, session):
    client = client_for(defaults.office_user)
    client.get("/?default=1")  # this tab shows ALPHA's defaults...
    client.get(f"/?plan={BETA}")  # ...another tab switches the session to BETA
    response = client.post("/assignments/confirm?default=1", data={"plan": ALPHA})
    assert response.status_code == 302 and response.headers["Location"] == "/?default=1"
    assert _sources(session, defaults.alpha.late, defaults.alpha.fine) == ["office", "office"]
    assert _sources(session, defaults.beta.late, defaults.beta.fine) == ["default", "default"]


@pytest.mark.parametrize("posted", [{}, {"plan": ""}, {"plan": "no-such-plan"}])
def test_a_bulk_confirm_naming_no_existing_plan_is_refused_and_writes_nothing(client_for, defaults, session, posted):
    client = client_for(defaults.office_user)
    response = client.post("/assignments/confirm?default=1", data=posted)
    assert response.status_code == 302 and response.headers["Location"] == "/?default=1"
    assert REFUSED in client.get("/?default=1").get_data(as_text=True)
    everything = (defaults.alpha.late, defaults.alpha.fine, defaults.beta.late, defaults.beta.fine)
    assert _sources(session, *everything) == ["default"] * 4


# ---------------------------------------------------------------------------------------------------------------
# A new project


def _project_count(session) -> int:
    return session.scalar(select(func.count(Project.id)))


def test_the_new_project_form_names_the_shown_plan(client_for, plans):  # noqa: F811
    client = client_for(plans.office_user)
    assert _hidden_plan(client.get("/projects/new").get_data(as_text=True), 'data-testid="project-form"') == ALPHA
    html = client.get(f"/projects/new?work_item={plans.beta.fine.id}").get_data(as_text=True)
    assert _hidden_plan(html, 'data-testid="project-form"') == BETA


def test_a_new_project_goes_to_the_plan_the_form_names_after_a_switch_in_another_tab(client_for, plans, session):  # noqa: F811
    client = client_for(plans.office_user)
    client.get(f"/projects/new?plan={BETA}")
    client.get(f"/?plan={ALPHA}")  # another tab
    data = {"plan": BETA, "department": plans.dept_a.id, "work_item": plans.beta.fine.id, "name": "BETA新项目"}
    response = client.post("/projects/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    project = session.scalars(select(Project).where(Project.name == "BETA新项目")).one()
    assert project.work_item_id == plans.beta.fine.id


@pytest.mark.parametrize("code", [None, "", "no-such-plan"])
def test_a_new_project_naming_no_existing_plan_is_refused_and_writes_nothing(client_for, plans, session, code):  # noqa: F811
    client = client_for(plans.office_user)
    before = _project_count(session)
    data = {"department": plans.dept_a.id, "work_item": plans.alpha.fine.id, "name": "无规划项目"}
    if code is not None:
        data["plan"] = code
    response = client.post("/projects/new", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/projects/new"
    assert REFUSED in client.get("/projects/new").get_data(as_text=True)
    assert _project_count(session) == before


# ---------------------------------------------------------------------------------------------------------------
# The upload of a filled-in export


def _batches(session) -> list[tuple[int, str]]:
    session.expire_all()
    return [tuple(row) for row in session.execute(select(ImportBatch.plan_id, ImportBatch.filename))]


def test_the_upload_form_names_the_shown_plan(client_for, plans):  # noqa: F811
    client = client_for(plans.lead_a)
    assert _hidden_plan(client.get("/import").get_data(as_text=True), 'id="import-form"') == ALPHA
    assert _hidden_plan(client.get(f"/import?plan={BETA}").get_data(as_text=True), 'id="import-form"') == BETA


def _upload(client, data: bytes, **fields):
    body = {"file": (io.BytesIO(data), "进展.xlsx"), **fields}
    return client.post("/import", data=body, content_type="multipart/form-data")


def test_an_upload_goes_to_the_plan_the_form_names_after_a_switch_in_another_tab(client_for, plans, session):  # noqa: F811
    client = client_for(plans.lead_a)
    exported = saved(open_workbook(client.get(f"/export/tasks.xlsx?plan={BETA}").data))
    client.get(f"/import?plan={BETA}")
    client.get(f"/?plan={ALPHA}")  # another tab
    response = _upload(client, exported, plan=BETA)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert _batches(session) == [(plans.beta.plan.id, "进展.xlsx")]


@pytest.mark.parametrize("code", [None, "", "no-such-plan"])
def test_an_upload_naming_no_existing_plan_is_refused_and_writes_nothing(client_for, plans, session, code):  # noqa: F811
    client = client_for(plans.lead_a)
    exported = client.get("/export/tasks.xlsx").data
    response = _upload(client, exported, **({} if code is None else {"plan": code}))
    assert response.status_code == 302 and response.headers["Location"] == "/import"
    assert REFUSED in client.get("/import").get_data(as_text=True)
    assert _batches(session) == []
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0
