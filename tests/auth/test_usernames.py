"""Issue 7, point 8 (usernames): ASCII letters, digits, ".", "_" and "-", 2 to 64 characters, stored in lower case
and compared in lower case on every database: no zero-width, bidirectional or look-alike characters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD
from tracker.auth import services
from tracker.auth.models import User
from tracker.core.errors import ValidationError

REFUSED = [
    "admin\u200b",  # zero-width space
    "\u202eadmin",  # right-to-left override
    "\u0430dmin",  # Cyrillic а
    "adm\u0131n",  # dotless ı
    "\u212aelvin",  # Kelvin sign: lower() would turn it into an ASCII k
    "ａｄｍｉｎ",  # full-width
    "two words",
    "tab\tname",
    "nul\x00name",
    "张三",
    "a",
    "u" * 65,
    "name@example",
]


@pytest.mark.parametrize("username", REFUSED)
def test_names_outside_the_documented_set_are_refused(session, username):
    with pytest.raises(ValidationError) as refused:
        services.create_user(services.NewUser(username, PASSWORD, "viewer"))
    assert refused.value.field == "username"
    assert session.scalar(select(User.id)) is None


def test_allowed_names_are_stored_in_lower_case(session):
    user = services.create_user(services.NewUser("  Zhang.San_01-X ", PASSWORD, "viewer"))
    assert user.username == "zhang.san_01-x"


def test_names_differing_only_in_case_are_the_same_name(session):
    services.create_user(services.NewUser("wang.wu", PASSWORD, "viewer"))
    with pytest.raises(ValidationError, match="已存在"):
        services.create_user(services.NewUser("Wang.Wu", PASSWORD, "viewer"))


def test_sign_in_ignores_case(any_app, any_session):
    services.create_user(services.NewUser("li.si", PASSWORD, "viewer"))
    any_session.flush()
    response = any_app.test_client().post("/login", data={"username": "LI.SI", "password": PASSWORD})
    assert response.status_code == 302


def test_a_nul_byte_in_the_name_is_a_wrong_sign_in_on_every_database(any_app, any_session):
    response = any_app.test_client().post("/login", data={"username": "li\x00si", "password": PASSWORD})
    assert response.status_code == 200 and "用户名或密码不正确" in response.get_data(as_text=True)


def test_the_admin_form_explains_the_rule(client_for, make):
    page = client_for(make.user("admin")).get("/admin/users/new").get_data(as_text=True)
    assert "英文字母、数字或 . _ -" in page


def test_the_admin_form_refuses_a_look_alike_name(client_for, make, session):
    response = client_for(make.user("admin")).post(
        "/admin/users/new",
        data={"username": "\u0430dmin", "display_name": "假管理员", "role": "viewer", "password": PASSWORD},
    )
    assert response.status_code == 200 and "只能使用英文字母、数字" in response.get_data(as_text=True)
    assert session.scalar(select(User.id).where(User.display_name == "假管理员")) is None


def test_the_cli_refuses_a_look_alike_name(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "admin\u200b", "--role", "viewer", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code != 0 and "只能使用英文字母、数字" in result.output
