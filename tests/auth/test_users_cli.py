from sqlalchemy import select

from tracker.auth.models import User


def test_create_user_reads_password_from_stdin(app, session, make):
    dept = make.department(code="JXW")
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Zhang.San", "--role", "lead", "--department", "JXW", "--password-stdin"],
        input="一个足够长的中文密码abc\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.username == "zhang.san"))
    assert user.role == "lead" and user.department_id == dept.id
    assert user.password_hash != "一个足够长的中文密码abc"


def test_short_password_is_refused(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "short", "--role", "viewer", "--password-stdin"], input="short\n"
    )
    assert result.exit_code != 0
    assert "12" in result.output
    assert session.scalar(select(User).where(User.username == "short")) is None


def test_lead_needs_a_department(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "nodept", "--role", "lead", "--password-stdin"], input="long enough password\n"
    )
    assert result.exit_code != 0
    assert session.scalar(select(User).where(User.username == "nodept")) is None


def test_unknown_department_is_refused(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x", "--role", "lead", "--department", "NOPE", "--password-stdin"],
        input="long enough password\n",
    )
    assert result.exit_code != 0 and "NOPE" in result.output


def test_create_user_with_an_email_address(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "li.si", "--email", " li.si@hangzhou.gov.cn ", "--password-stdin"],
        input="long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert session.scalar(select(User.email).where(User.username == "li.si")) == "li.si@hangzhou.gov.cn"


def test_a_bad_email_address_is_refused_as_on_the_admin_form(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "wang.wu", "--email", "not an address", "--password-stdin"],
        input="long enough password\n",
    )
    assert result.exit_code != 0 and "name@hangzhou.gov.cn" in result.output
    assert session.scalar(select(User).where(User.username == "wang.wu")) is None
