"""Admin pages for users: list, create, edit, reset password; sessions end on role change, deactivation, reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.auth.helpers import copy_session, field_errors, is_signed_in, sign_in
from tests.factories import PASSWORD
from tracker.auth.models import User
from tracker.core.models import AuditEvent
from tracker.db import utcnow

NEW_PASSWORD = "重置后的新密码 reset-2013"


@pytest.fixture
def admin(make):
    return make.user("admin", username="root-admin", display_name="管理员")


@pytest.fixture
def as_admin(client_for, admin):
    return client_for(admin)


def user_count(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def audit_rows(session, user_id: int) -> list[tuple]:
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.field, AuditEvent.old_value, AuditEvent.new_value)
        .where(AuditEvent.entity_type == "user", AuditEvent.entity_id == user_id)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def new_user_data(dept=None, **overrides) -> dict:
    data = {
        "username": "Li.Si",
        "display_name": "李四",
        "email": "lisi@hangzhou.gov.cn",
        "role": "member",
        "department": str(dept.id) if dept else "",
        "password": "初始密码 initial-2013",
    }
    data.update(overrides)
    return data


def edit_data(user, **overrides) -> dict:
    data = {
        "display_name": user.display_name,
        "email": user.email or "",
        "role": user.role,
        "department": str(user.department_id or ""),
        "active": "y" if user.active else "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if not (key == "active" and value == "")}


# --- list ---------------------------------------------------------------------------------------


def test_user_list_filters_by_department_role_and_active(as_admin, make):
    jxw, fgw = make.department(short_name="市经信委"), make.department(short_name="市发改委")
    lead = make.user("lead", department=jxw, display_name="张牵头", last_login_at=utcnow())
    member = make.user("member", department=jxw, display_name="王成员")
    other = make.user("lead", department=fgw, display_name="赵发改")
    gone = make.user("member", department=jxw, display_name="钱停用", active=False)

    def names(query: str) -> set[str]:
        page = as_admin.get("/admin/users" + query).get_data(as_text=True)
        return {u.display_name for u in (lead, member, other, gone) if u.display_name in page}

    assert names("") == {"张牵头", "王成员", "赵发改", "钱停用"}
    assert names(f"?department={jxw.id}") == {"张牵头", "王成员", "钱停用"}
    assert names("?role=lead") == {"张牵头", "赵发改"}
    assert names(f"?department={jxw.id}&active=1") == {"张牵头", "王成员"}
    assert names("?active=0") == {"钱停用"}
    page = as_admin.get("/admin/users?role=lead").get_data(as_text=True)
    assert "从未登录" in page  # 赵发改 never signed in; 张牵头's time is shown
    assert (lead.last_login_at + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M") in page  # in Beijing time


def test_a_forged_filter_is_ignored_with_a_message(as_admin, make):
    make.user("viewer", display_name="看得见")
    page = as_admin.get("/admin/users?department=999999&role=boss").get_data(as_text=True)
    assert "看得见" in page and "请从列表中选择" in page


def test_user_list_statement_count_does_not_grow(session, as_admin, make, count_statements):
    def count() -> int:
        session.expire_all()  # the test shares the request's session: measure from an empty cache
        with count_statements() as counter:
            assert as_admin.get("/admin/users").status_code == 200
        return counter.count

    make.user("lead")
    small = count()
    for _ in range(6):
        make.user("member", email="m@hz.gov.cn", last_login_at=utcnow())
    assert count() == small


# --- create -------------------------------------------------------------------------------------


def test_admin_creates_a_user_who_can_sign_in(app, session, as_admin, admin, make):
    department = make.department(code="jxw")
    response = as_admin.post("/admin/users/new", data=new_user_data(department))
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    user = session.scalar(select(User).where(User.username == "li.si"))
    assert (user.display_name, user.email, user.role, user.department_id) == (
        "李四",
        "lisi@hangzhou.gov.cn",
        "member",
        department.id,
    )
    assert sign_in(app, "li.si", "初始密码 initial-2013")
    rows = audit_rows(session, user.id)
    assert ("create", "role", None, "member") in rows and ("create", "department", None, "jxw") in rows
    assert all(field != "password" and "initial-2013" not in (new or "") for _a, field, _o, new in rows)
    assert session.scalar(select(AuditEvent.actor_id).where(AuditEvent.entity_id == user.id).limit(1)) == admin.id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "root-admin"}, "username", "用户名 root-admin 已存在"),
        ({"username": "ROOT-ADMIN"}, "username", "用户名 root-admin 已存在"),
        ({"username": ""}, "username", "此项必填"),
        ({"username": "u" * 65}, "username", "不能超过 64 个字符"),
        ({"username": "two words"}, "username", "只能使用英文字母、数字"),
        ({"display_name": "名" * 101}, "display_name", "不能超过 100 个字符"),
        ({"display_name": "李\x00四"}, "display_name", "不能包含控制字符"),
        ({"display_name": ""}, "display_name", "此项必填"),
        ({"email": "not-an-address"}, "email", "请输入有效的电子邮箱地址"),
        ({"email": "a@b"}, "email", "请输入有效的电子邮箱地址"),
        ({"email": "a b@hz.gov.cn"}, "email", "请输入有效的电子邮箱地址"),
        ({"email": "x" * 250 + "@hz.cn"}, "email", "不能超过 254 个字符"),
        ({"role": "member", "department": ""}, "department", "部门负责人和部门成员必须属于一个部门"),
        ({"role": "lead", "department": ""}, "department", "部门负责人和部门成员必须属于一个部门"),
        ({"role": "superuser"}, "role", "请从列表中选择"),
        ({"department": "999999"}, "department", "请从列表中选择"),
        ({"password": "short"}, "password", "至少需要 12 个字符"),
        ({"password": "p" * 129}, "password", "不能超过 128 个字符"),
        ({"password": "long enough\x00password"}, "password", "不能包含控制字符"),
    ],
)
def test_bad_new_user_input_is_answered_at_the_field(session, as_admin, make, overrides, field, message):
    department = make.department()
    before = user_count(session)
    data = new_user_data(department, **overrides)
    response = as_admin.post("/admin/users/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(page, field))
    assert user_count(session) == before
    kept = data["display_name"]
    if kept and "\x00" not in kept:
        assert f'value="{kept}"' in page  # the input is kept


def test_a_deactivated_department_cannot_receive_new_users(session, as_admin, make):
    closed = make.department(active=False)
    before = user_count(session)
    page = as_admin.post("/admin/users/new", data=new_user_data(closed)).get_data(as_text=True)
    assert field_errors(page, "department") == ["请从列表中选择。"] and user_count(session) == before


def test_viewer_and_office_need_no_department(session, as_admin):
    for role in ("viewer", "office"):
        data = new_user_data(None, username=f"no-dept-{role}", role=role)
        assert as_admin.post("/admin/users/new", data=data).status_code == 302
        assert session.scalar(select(User.department_id).where(User.username == f"no-dept-{role}")) is None


def test_mixed_scripts_round_trip(session, as_admin, make):
    department = make.department()
    name = "欧阳 Ōuyáng 🚀 Наташа"
    as_admin.post("/admin/users/new", data=new_user_data(department, username="ouyang", display_name=name))
    assert session.scalar(select(User.display_name).where(User.username == "ouyang")) == name
    assert name in as_admin.get("/admin/users").get_data(as_text=True)


def test_missing_csrf_token_is_refused(app, session, as_admin, make, monkeypatch):
    department = make.department()
    before = user_count(session)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = as_admin.post("/admin/users/new", data=new_user_data(department))
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)
    assert user_count(session) == before


# --- edit ---------------------------------------------------------------------------------------


def test_admin_edits_a_user_and_every_change_is_audited(session, as_admin, admin, make):
    jxw, fgw = make.department(code="jxw"), make.department(code="fgw")
    user = make.user("member", department=jxw, display_name="旧名字")
    data = edit_data(user, display_name="新名字", email="new@hz.gov.cn", role="lead", department=str(fgw.id))
    response = as_admin.post(f"/admin/users/{user.id}/edit", data=data)
    assert response.status_code == 302
    session.refresh(user)
    assert (user.display_name, user.email, user.role, user.department_id) == ("新名字", "new@hz.gov.cn", "lead", fgw.id)
    rows = audit_rows(session, user.id)
    assert ("update", "display_name", "旧名字", "新名字") in rows
    assert ("update", "email", None, "new@hz.gov.cn") in rows
    assert ("update", "role", "member", "lead") in rows
    assert ("update", "department", "jxw", "fgw") in rows
    assert not any(field == "active" for _a, field, _o, _n in rows)  # unchanged fields are not recorded


def test_edit_form_shows_the_current_values(as_admin, make):
    department = make.department(short_name="市统计局")
    user = make.user("lead", department=department, display_name="孙统计", email="sun@hz.gov.cn")
    page = as_admin.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert 'value="孙统计"' in page and 'value="sun@hz.gov.cn"' in page
    assert f'<option selected value="{department.id}">市统计局</option>' in page


def test_a_user_keeps_a_department_that_was_switched_off_later(session, as_admin, make):
    department = make.department()
    user = make.user("member", department=department)
    department.active = False
    session.flush()
    response = as_admin.post(f"/admin/users/{user.id}/edit", data=edit_data(user, display_name="改名"))
    assert response.status_code == 302
    session.refresh(user)
    assert user.display_name == "改名" and user.department_id == department.id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role": "viewer"}, "role", "不能修改自己的角色"),
        ({"active": ""}, "active", "不能停用自己的账号"),
    ],
)
def test_an_admin_cannot_demote_or_deactivate_themselves(session, as_admin, admin, overrides, field, message):
    response = as_admin.post(f"/admin/users/{admin.id}/edit", data=edit_data(admin, **overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and any(message in error for error in field_errors(page, field))
    session.refresh(admin)
    assert admin.role == "admin" and admin.active
    assert audit_rows(session, admin.id) == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "此项必填"),
        ({"display_name": "x" * 101}, "display_name", "不能超过 100 个字符"),
        ({"email": "bad@@hz.gov.cn"}, "email", "请输入有效的电子邮箱地址"),
        ({"role": "lead", "department": ""}, "department", "部门负责人和部门成员必须属于一个部门"),
        ({"department": "999999"}, "department", "请从列表中选择"),
        ({"display_name": "tab\there"}, "display_name", "不能包含控制字符"),
    ],
)
def test_bad_edits_are_answered_at_the_field(session, as_admin, make, overrides, field, message):
    user = make.user("member", display_name="原样")
    response = as_admin.post(f"/admin/users/{user.id}/edit", data=edit_data(user, **overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and any(message in error for error in field_errors(page, field))
    session.refresh(user)
    assert user.display_name == "原样" and user.role == "member"
    assert audit_rows(session, user.id) == []


@pytest.mark.parametrize(
    ("change", "ends_sessions"),
    [
        ({"role": "viewer", "department": ""}, True),
        ({"active": ""}, True),
        ({"display_name": "只改名字"}, False),
    ],
    ids=["role-change", "deactivation", "name-only"],
)
def test_role_change_or_deactivation_ends_the_users_sessions(app, session, as_admin, make, change, ends_sessions):
    user = make.user("member")
    client = sign_in(app, user.username)
    copied = copy_session(app, client)
    assert is_signed_in(copied)

    assert as_admin.post(f"/admin/users/{user.id}/edit", data=edit_data(user, **change)).status_code == 302

    assert is_signed_in(copied) is not ends_sessions
    assert is_signed_in(client) is not ends_sessions


def test_a_deactivated_user_cannot_sign_in_again(app, session, as_admin, make):
    user = make.user("viewer")
    as_admin.post(f"/admin/users/{user.id}/edit", data=edit_data(user, active=""))
    response = app.test_client().post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200


# --- reset password -----------------------------------------------------------------------------


def test_reset_password_sets_the_new_one_and_ends_every_session(app, session, as_admin, admin, make):
    user = make.user("lead")
    client = sign_in(app, user.username)
    copied = copy_session(app, client)

    response = as_admin.post(f"/admin/users/{user.id}/password", data={"new_password": NEW_PASSWORD})

    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{user.id}/edit"
    assert not is_signed_in(client) and not is_signed_in(copied)
    assert sign_in(app, user.username, NEW_PASSWORD)
    assert ("update", "password", None, None) in audit_rows(session, user.id)


@pytest.mark.parametrize(
    ("password", "field_message"),
    [
        ("too short", "至少需要 12 个字符"),
        ("x" * 129, "不能超过 128 个字符"),
        ("twelve chars\x1b!", "不能包含控制字符"),
    ],
)
def test_reset_password_checks_the_rules_at_the_field(app, session, as_admin, make, password, field_message):
    user = make.user("lead")
    client = sign_in(app, user.username)
    before = user.password_hash
    response = as_admin.post(f"/admin/users/{user.id}/password", data={"new_password": password})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and any(field_message in e for e in field_errors(page, "new_password"))
    session.refresh(user)
    assert user.password_hash == before and is_signed_in(client)
    assert audit_rows(session, user.id) == []


def test_an_admin_resetting_their_own_password_stays_signed_in(app, session, admin):
    client = sign_in(app, admin.username)
    copied = copy_session(app, client)
    assert client.post(f"/admin/users/{admin.id}/password", data={"new_password": NEW_PASSWORD}).status_code == 302
    assert is_signed_in(client) and not is_signed_in(copied)


def test_reset_password_is_post_only(as_admin, make):
    assert as_admin.get(f"/admin/users/{make.user('viewer').id}/password").status_code == 405


def test_missing_csrf_token_on_reset_is_refused(app, session, as_admin, make, monkeypatch):
    user = make.user("viewer")
    before = user.password_hash
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = as_admin.post(f"/admin/users/{user.id}/password", data={"new_password": NEW_PASSWORD})
    assert response.status_code == 400
    session.refresh(user)
    assert user.password_hash == before
