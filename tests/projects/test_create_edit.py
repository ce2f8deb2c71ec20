"""Creating and editing projects: department scoping, owner rules, validation at the field, audit, conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.core.models import AuditEvent
from tracker.models import Project


def project_form(world, **overrides) -> dict:
    data = {
        "plan": world.plan.code,  # the plan the form's page showed (tracker.plan.choice.plan_of_form)
        "department": str(world.dept_a.id),
        "owner": str(world.owner_a.id),
        "work_item": str(world.task.id),
        "linked_items": [str(world.other.id)],
        "name": "工业信息化示范工程",
        "description": "建设企业信息化公共服务平台。",
        "fund_source": "市财政",
        "start_date": "2012-01-01",
        "due_date": "2014-12-31",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_form(project, world, **overrides) -> dict:
    return project_form(world, **{"version": str(project.version), "name": project.name, **overrides})


def count_projects(session) -> int:
    return session.scalar(select(func.count(Project.id)))


def audit_rows(session, project_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == "project", AuditEvent.entity_id == project_id)
    return list(session.scalars(query.order_by(AuditEvent.id)))


def test_admin_creates_a_project_with_links_and_an_audit_row(client_for, world, session):
    response = client_for(world.admin).post("/projects/new", data=project_form(world))
    assert response.status_code == 302
    project = session.scalar(select(Project).where(Project.name == "工业信息化示范工程"))
    assert response.headers["Location"].endswith(f"/projects/{project.id}")
    assert (project.department_id, project.owner_id, project.work_item_id) == (
        world.dept_a.id,
        world.owner_a.id,
        world.task.id,
    )
    assert [i.id for i in project.linked_items] == [world.other.id]
    assert (project.start_date, project.due_date) == (date(2012, 1, 1), date(2014, 12, 31))
    assert (project.status, project.progress, project.version) == ("not_started", 0, 1)
    [event] = audit_rows(session, project.id)
    assert (event.action, event.actor_id, event.new_value) == ("create", world.admin.id, "工业信息化示范工程")


def test_the_new_form_prefills_the_work_item_from_the_item_page_link(client_for, world):
    page = client_for(world.lead_a).get(f"/projects/new?work_item={world.subtask.id}").get_data(as_text=True)
    assert f'<option selected value="{world.subtask.id}">' in page


def test_a_lead_creates_only_in_their_own_department_whatever_the_request_says(client_for, world, session):
    client = client_for(world.lead_a)
    page = client.get("/projects/new").get_data(as_text=True)
    assert 'name="department"' not in page and "市经信委" in page  # fixed, shown as text
    assert world.owner_b.display_name not in page  # only the lead's own people are offered
    response = client.post("/projects/new", data=project_form(world, department=str(world.dept_b.id)))
    assert response.status_code == 302
    project = session.scalar(select(Project).where(Project.name == "工业信息化示范工程"))
    assert project.department_id == world.dept_a.id


def test_a_forged_owner_from_another_department_is_refused_at_the_field(client_for, world, session):
    before = count_projects(session)
    response = client_for(world.lead_a).post("/projects/new", data=project_form(world, owner=str(world.owner_b.id)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "负责人必须是项目所属部门的人员。" in page and 'id="owner"' in page
    assert "工业信息化示范工程" in page  # input kept
    assert count_projects(session) == before


def test_admin_choosing_an_owner_of_another_department_is_refused(client_for, world, session):
    form = project_form(world, department=str(world.dept_b.id), owner=str(world.owner_a.id))
    page = client_for(world.admin).post("/projects/new", data=form).get_data(as_text=True)
    assert "负责人必须是项目所属部门的人员。" in page
    assert count_projects(session) == 0


def test_an_inactive_owner_or_department_is_refused(client_for, world, session, make):
    retired_user = make.user("member", department=world.dept_a, active=False)
    closed = make.department(active=False)
    client = client_for(world.admin)
    page = client.post("/projects/new", data=project_form(world, owner=str(retired_user.id))).get_data(as_text=True)
    assert "该用户已停用，不能设为负责人。" in page
    form = project_form(world, department=str(closed.id), owner="")
    assert "请选择一个有效的部门。" in client.post("/projects/new", data=form).get_data(as_text=True)
    assert count_projects(session) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "此项必填。"),
        ("name", "长" * 201, "不能超过 200 个字符。"),
        ("name", "项目\x00名称", "不能包含控制字符"),
        ("description", "说" * 4001, "不能超过 4000 个字符。"),
        ("fund_source", "资" * 101, "不能超过 100 个字符。"),
        ("start_date", "2023-02-30", "请输入有效日期"),
        ("due_date", "2011-12-31", "结束日期不能早于开始日期。"),
        ("work_item", "", "请选择。"),
        ("work_item", "999999", "请选择一个有效的规划任务。"),
        ("linked_items", ["999999"], "关联任务中有无效或已撤销的任务。"),
        ("department", "abc", "请选择。"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_stored(client_for, world, session, field, value, message):
    response = client_for(world.admin).post("/projects/new", data=project_form(world, **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "is-invalid" in page
    assert count_projects(session) == 0


def test_a_retired_work_item_is_not_offered_and_is_refused(client_for, world, session):
    world.other.retired = True
    session.flush()
    client = client_for(world.admin)
    assert world.other.title not in client.get("/projects/new").get_data(as_text=True)
    page = client.post("/projects/new", data=project_form(world, work_item=str(world.other.id), linked_items=[]))
    assert "请选择一个有效的规划任务。" in page.get_data(as_text=True)
    assert count_projects(session) == 0


def test_the_primary_item_is_not_kept_among_the_links(client_for, world, session):
    form = project_form(world, linked_items=[str(world.task.id), str(world.subtask.id)])
    assert client_for(world.admin).post("/projects/new", data=form).status_code == 302
    project = session.scalar(select(Project))
    assert [i.id for i in project.linked_items] == [world.subtask.id]


def test_chinese_emoji_and_mixed_scripts_round_trip(client_for, world, session):
    name = "智慧城市🏙️项目 Smart-City（一期）"
    description = "第一行\n第二行：数据共享 👍 café"
    client = client_for(world.admin)
    client.post("/projects/new", data=project_form(world, name=name, description=description))
    project = session.scalar(select(Project))
    assert (project.name, project.description) == (name, description)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert name in page and "数据共享 👍 café" in page


def test_edit_changes_fields_and_audits_each_one(client_for, world, session, make):
    project = make.project(world.task, world.dept_a, name="旧名称", owner=world.owner_a, fund_source="市财政")
    client = client_for(world.lead_a)
    form = edit_form(project, world, name="新名称", fund_source="", owner="", linked_items=[str(world.subtask.id)])
    response = client.post(f"/projects/{project.id}/edit", data=form)
    assert response.status_code == 302
    session.refresh(project)
    assert (project.name, project.fund_source, project.owner_id, project.version) == ("新名称", "", None, 2)
    assert [i.id for i in project.linked_items] == [world.subtask.id]
    changes = {e.field: (e.old_value, e.new_value) for e in audit_rows(session, project.id)}
    assert changes["name"] == ("旧名称", "新名称")
    assert changes["fund_source"] == ("市财政", None)
    assert changes["owner"] == ("张三", None)
    assert changes["linked_items"] == (None, "企业信息化")
    assert changes["start_date"] == (None, "2012-01-01")
    assert all(e.actor_id == world.lead_a.id and e.action == "update" for e in audit_rows(session, project.id))


def test_edit_by_a_lead_ignores_a_forged_department(client_for, world, session, make):
    project = make.project(world.task, world.dept_a)
    form = edit_form(project, world, department=str(world.dept_b.id))
    assert client_for(world.lead_a).post(f"/projects/{project.id}/edit", data=form).status_code == 302
    session.refresh(project)
    assert project.department_id == world.dept_a.id


def test_the_office_may_move_a_project_to_another_department(client_for, world, session, make):
    project = make.project(world.task, world.dept_a)
    form = edit_form(project, world, department=str(world.dept_b.id), owner=str(world.owner_b.id))
    assert client_for(world.office).post(f"/projects/{project.id}/edit", data=form).status_code == 302
    session.refresh(project)
    assert (project.department_id, project.owner_id) == (world.dept_b.id, world.owner_b.id)


def test_edit_form_shows_stored_values_and_the_version(client_for, world, make):
    project = make.project(world.task, world.dept_a, name="甲项目", due_date=date(2014, 6, 30))
    page = client_for(world.admin).get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert 'value="甲项目"' in page and 'value="2014-06-30"' in page
    assert f'name="version" type="hidden" value="{project.version}"' in page


def test_a_stale_edit_is_refused_with_the_differences_and_the_input_kept(client_for, world, session, make):
    project = make.project(world.task, world.dept_a, name="原名称", fund_source="市财政")
    first, second = client_for(world.lead_a), client_for(world.office)
    seen_version = project.version
    first.post(f"/projects/{project.id}/edit", data=edit_form(project, world, name="甲改的名称", linked_items=[]))
    session.refresh(project)
    assert project.name == "甲改的名称"

    stale = edit_form(project, world, name="乙改的名称", fund_source="区财政", linked_items=[])
    stale["version"] = str(seen_version)
    response = second.post(f"/projects/{project.id}/edit", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="conflict"' in page
    assert "项目名称：乙改的名称 → <strong>甲改的名称</strong>" in page
    assert "资金来源：区财政 → <strong>市财政</strong>" in page
    assert 'value="乙改的名称"' in page  # the input stays in the form
    assert f'name="version" type="hidden" value="{project.version}"' in page  # refreshed: a resubmit may win
    session.refresh(project)
    assert (project.name, project.fund_source) == ("甲改的名称", "市财政")

    stale["version"] = str(project.version)
    assert second.post(f"/projects/{project.id}/edit", data=stale).status_code == 302
    session.refresh(project)
    assert project.name == "乙改的名称"


def test_status_and_progress_are_not_editable_here(client_for, world, session, make):
    project = make.project(world.task, world.dept_a)
    form = edit_form(project, world, status="completed", progress="100")
    client_for(world.admin).post(f"/projects/{project.id}/edit", data=form)
    session.refresh(project)
    assert (project.status, project.progress) == ("not_started", 0)


def test_a_missing_csrf_token_is_refused_and_nothing_is_written(app, client_for, world, session, make, monkeypatch):
    project = make.project(world.task, world.dept_a, name="原名称")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client = client_for(world.admin)
    response = client.post("/projects/new", data=project_form(world, name="新项目"))
    assert response.status_code == 400
    response = client.post(f"/projects/{project.id}/edit", data=edit_form(project, world, name="改名"))
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    session.refresh(project)
    assert project.name == "原名称" and count_projects(session) == 1
    assert audit_rows(session, project.id) == []
