"""Department admin pages: list, create, edit, deactivate; audited; bad input answered at the field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.auth.helpers import field_errors
from tracker.core.models import AuditEvent
from tracker.org.models import Department


@pytest.fixture
def admin(make):
    return make.user("admin")


@pytest.fixture
def as_admin(client_for, admin):
    return client_for(admin)


def form(**overrides) -> dict:
    data = {
        "code": "sjj",
        "name": "杭州市审计局",
        "short_name": "市审计局",
        "kind": "bureau",
        "sort_order": "120",
        "active": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def department_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Department))


def audit_rows(session, department_id: int) -> list[tuple]:
    rows = session.execute(
        select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.field, AuditEvent.old_value, AuditEvent.new_value)
        .where(AuditEvent.entity_type == "department", AuditEvent.entity_id == department_id)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def test_list_shows_every_department_active_or_not(as_admin, make):
    make.department(name="杭州市经济和信息化委员会")
    make.department(name="已撤并的部门", active=False)
    page = as_admin.get("/admin/departments").get_data(as_text=True)
    assert "杭州市经济和信息化委员会" in page and "已撤并的部门" in page and "已停用" in page


def test_admin_creates_a_department_and_it_is_audited(session, as_admin, admin):
    response = as_admin.post("/admin/departments/new", data=form())
    assert response.status_code == 302 and response.headers["Location"] == "/admin/departments"
    department = session.scalar(select(Department).where(Department.code == "sjj"))
    assert (department.name, department.short_name, department.kind, department.sort_order, department.active) == (
        "杭州市审计局",
        "市审计局",
        "bureau",
        120,
        True,
    )
    rows = audit_rows(session, department.id)
    assert (admin.id, "create", "code", None, "sjj") in rows
    assert (admin.id, "create", "name", None, "杭州市审计局") in rows


def test_an_empty_order_means_zero(session, as_admin):
    as_admin.post("/admin/departments/new", data=form(sort_order=""))
    assert session.scalar(select(Department.sort_order).where(Department.code == "sjj")) == 0


def test_admin_edits_and_deactivates_a_department(session, as_admin, admin, make):
    department = make.department(code="old", name="旧名称", short_name="旧简称", kind="bureau", sort_order=5)
    data = form(code="new-code", name="新名称", short_name="旧简称", kind="district", sort_order="5", active=None)
    response = as_admin.post(f"/admin/departments/{department.id}/edit", data=data)
    assert response.status_code == 302
    session.refresh(department)
    assert (department.code, department.name, department.kind, department.active) == (
        "new-code",
        "新名称",
        "district",
        False,
    )
    rows = audit_rows(session, department.id)
    assert (admin.id, "update", "code", "old", "new-code") in rows
    assert (admin.id, "update", "name", "旧名称", "新名称") in rows
    assert (admin.id, "update", "kind", "bureau", "district") in rows
    assert (admin.id, "update", "active", "True", "False") in rows
    assert not any(field in ("short_name", "sort_order") for *_x, field, _o, _n in rows)


def test_a_department_with_users_and_items_is_deactivated_and_kept(session, as_admin, make):
    department = make.department()
    lead = make.user("lead", department=department)
    item = make.item(make.plan(), lead_department=department)
    data = form(code=department.code, name=department.name, short_name=department.short_name, active=None)
    assert as_admin.post(f"/admin/departments/{department.id}/edit", data=data).status_code == 302
    session.refresh(department)
    session.refresh(lead)
    session.refresh(item)
    assert not department.active
    assert lead.department_id == department.id and item.lead_department_id == department.id


def test_there_is_no_way_to_delete_a_department(app, as_admin, make):
    department = make.department()
    assert as_admin.delete(f"/admin/departments/{department.id}/edit").status_code == 405
    assert not any("delete" in rule.rule or "DELETE" in rule.methods for rule in app.url_map.iter_rules())


def test_edit_form_shows_the_current_values(as_admin, make):
    department = make.department(code="tjj", name="杭州市统计局", kind="office", sort_order=60)
    page = as_admin.get(f"/admin/departments/{department.id}/edit").get_data(as_text=True)
    assert 'value="tjj"' in page and 'value="杭州市统计局"' in page and 'value="60"' in page
    assert '<option selected value="office">' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "TAKEN"}, "code", "已被其他部门使用"),
        ({"code": "taken"}, "code", "已被其他部门使用"),
        ({"code": ""}, "code", "此项必填"),
        ({"code": "市审计"}, "code", "半角字母"),
        ({"code": "a b"}, "code", "半角字母"),
        ({"code": "c" * 33}, "code", "不能超过 32 个字符"),
        ({"name": ""}, "name", "此项必填"),
        ({"name": "名" * 101}, "name", "不能超过 100 个字符"),
        ({"name": "审计\x00局"}, "name", "不能包含控制字符"),
        ({"short_name": "简" * 41}, "short_name", "不能超过 40 个字符"),
        ({"kind": "ministry"}, "kind", "请从列表中选择"),
        ({"sort_order": "-1"}, "sort_order", "请输入整数"),
        ({"sort_order": "１２"}, "sort_order", "请输入整数"),
        ({"sort_order": "1e3"}, "sort_order", "请输入整数"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_saved(session, as_admin, make, overrides, field, message):
    make.department(code="TAKEN")
    before = department_count(session)
    data = form(**overrides)
    response = as_admin.post("/admin/departments/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(page, field))
    assert department_count(session) == before
    audited = select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type == "department")
    assert session.scalar(audited) == 0


def test_a_duplicate_code_on_edit_is_refused_and_the_input_kept(session, as_admin, make):
    make.department(code="jxw")
    department = make.department(code="fgw", name="原名")
    data = form(code="JXW", name="想改的名字")
    page = as_admin.post(f"/admin/departments/{department.id}/edit", data=data).get_data(as_text=True)
    assert field_errors(page, "code") == ["代码 JXW 已被其他部门使用。"] and 'value="想改的名字"' in page
    session.refresh(department)
    assert department.code == "fgw" and department.name == "原名"


def test_keeping_its_own_code_is_not_a_duplicate(session, as_admin, make):
    department = make.department(code="own")
    data = form(code="own", name="改了名")
    assert as_admin.post(f"/admin/departments/{department.id}/edit", data=data).status_code == 302
    session.refresh(department)
    assert department.name == "改了名"


def test_missing_csrf_token_is_refused(app, session, as_admin, monkeypatch):
    before = department_count(session)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = as_admin.post("/admin/departments/new", data=form())
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)
    assert department_count(session) == before
