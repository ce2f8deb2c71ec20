"""The admin's user forms: a new user starts with the least privilege, and every bad field is answered at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.auth.helpers import field_errors
from tracker.auth.models import User


@pytest.fixture
def as_admin(client_for, make):
    return client_for(make.user("admin", username="root-admin", display_name="管理员"))


def selected_role(page: str) -> list[str]:
    select_html = page[page.index('id="role"') : page.index("</select>", page.index('id="role"'))]
    return re.findall(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html)


def test_the_new_user_form_starts_with_the_viewer_role(as_admin):
    page = as_admin.get("/admin/users/new").get_data(as_text=True)
    assert [value for pair in selected_role(page) for value in pair if value] == ["viewer"]


def test_the_cli_creates_a_viewer_unless_told_otherwise(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "kan.kan", "--password-stdin"], input="一个足够长的中文密码abc\n"
    )
    assert result.exit_code == 0, result.output
    assert session.scalar(select(User.role).where(User.username == "kan.kan")) == "viewer"


def test_every_bad_field_of_a_new_user_is_answered_in_one_submit(session, as_admin, make):
    make.user("viewer", username="taken")
    data = {
        "username": "Taken",
        "display_name": "",
        "email": "not-an-address",
        "role": "lead",
        "department": "",
        "password": "short",
    }
    page = as_admin.post("/admin/users/new", data=data).get_data(as_text=True)
    assert field_errors(page, "display_name") == ["此项必填。"]
    assert field_errors(page, "email")
    assert field_errors(page, "department") == ["部门负责人和部门成员必须属于一个部门。"]
    assert field_errors(page, "password")
    assert field_errors(page, "username") == ["用户名 taken 已存在。"]
    assert 'value="not-an-address"' in page and 'value="Taken"' in page
    assert session.scalar(select(User).where(User.email == "not-an-address")) is None


def test_every_bad_field_of_a_user_edit_is_answered_in_one_submit(session, as_admin, make):
    user = make.user("member", display_name="王五")
    data = {"display_name": "王" * 300, "email": "x@", "role": "lead", "department": ""}
    page = as_admin.post(f"/admin/users/{user.id}/edit", data=data).get_data(as_text=True)
    assert field_errors(page, "display_name")
    assert field_errors(page, "email")
    assert field_errors(page, "department") == ["部门负责人和部门成员必须属于一个部门。"]
    assert 'value="x@"' in page
