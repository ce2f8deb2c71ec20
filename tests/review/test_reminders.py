"""`flask reminders`: the listing per department, and sending through a fake SMTP server (never the network)."""

from __future__ import annotations

import smtplib
from datetime import date, datetime

import pytest

from tests.review.helpers import report

MAIL = {
    "TRACKER_MAIL_SERVER": "smtp.example.gov.cn",
    "TRACKER_MAIL_PORT": 2525,
    "TRACKER_MAIL_FROM": "tracker@example.gov.cn",
    "TRACKER_MAIL_USERNAME": "",
    "TRACKER_MAIL_PASSWORD": "",
    "TRACKER_MAIL_STARTTLS": False,
}


class FakeSMTP:
    """Records what would have been sent; `fail_on` makes the n-th message fail."""

    instances: list[FakeSMTP] = []
    fail_on: int | None = None

    def __init__(self, host, port, timeout=None) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.messages = []
        self.started_tls = False
        self.logged_in = None
        FakeSMTP.instances.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.closed = True

    def starttls(self, context=None) -> None:
        self.started_tls = True

    def login(self, user, password) -> None:
        self.logged_in = (user, password)

    def send_message(self, message) -> None:
        if FakeSMTP.fail_on is not None and len(self.messages) + 1 == FakeSMTP.fail_on:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})
        self.messages.append(message)


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.instances = []
    FakeSMTP.fail_on = None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


@pytest.fixture
def mail(app, monkeypatch):
    for name, value in MAIL.items():
        monkeypatch.setitem(app.config, name, value)


def outline(world, name: str) -> str:
    """The item's full outline, as a reminder shows it: its parent's number, then its own."""
    return world["root"].outline_no + world[name].outline_no


def run(app, *args):
    return app.test_cli_runner().invoke(args=["reminders", *args])


def test_lists_missing_reports_and_overdue_items_per_department(world, app, session):
    result = run(app, "--today", "2013-06-15")
    assert result.exit_code == 0, result.output
    out = result.output
    a_part, b_part = out.split("【杭州市经济和信息化委员会】")[1].split("【杭州市商务委员会】")
    # June: A's late_a reported on 06-01; quiet_a and the rest did not.
    assert "本期（2013年6月，2013-06-01 至 2013-06-30）尚未报送进展的任务（1 项）" in a_part
    assert "quiet_a" in a_part.split("逾期事项")[0]
    assert "逾期事项（2 项）" in a_part
    assert f"[任务] {outline(world, 'late_a')} late_a（完成期限：2013-03-01，已逾期 106 天）" in a_part
    assert "[项目] proj_a（完成期限：2013-04-15，已逾期 61 天）" in a_part
    assert "尚未报送进展的任务（2 项）" in b_part and "late_b" in b_part and "silent_b" in b_part
    assert "fine_b" not in b_part.split("逾期事项")[0]  # reported on 06-10
    assert f"[任务] {outline(world, 'late_b')} late_b（完成期限：2013-05-15，已逾期 31 天）" in b_part


def test_a_reminder_names_an_item_by_its_short_name_too(world, app, session):
    """Issue 9, point 4: the office calls tasks by their short names; a reminder uses them as well."""
    world["late_a"].short_name = "甲任务"
    world["quiet_a"].short_name = "静默任务"
    session.commit()
    out = run(app, "--today", "2013-06-15").output
    assert f"[任务] {outline(world, 'late_a')} late_a（甲任务）（完成期限：2013-03-01" in out
    assert "quiet_a（静默任务）（完成期限：" in out


def test_a_quiet_plan_says_so(make, app, session):
    plan = make.plan()
    dept = make.department()
    item = make.item(plan, lead_department=dept, status="in_progress", due_date=date(2015, 1, 1))
    report(session, item, datetime(2013, 6, 2), make.user("member", dept))
    result = run(app, "--today", "2013-06-15")
    assert result.exit_code == 0 and "各部门均已按期报送，没有逾期事项" in result.output


def test_quarterly_period(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_REPORTING_PERIOD", "quarterly")
    result = run(app, "--today", "2013-06-15")
    assert "2013年第2季度，2013-04-01 至 2013-06-30" in result.output


def test_bad_date_is_refused(world, app):
    result = run(app, "--today", "2013-02-30")
    assert result.exit_code != 0 and "--today" in result.output


def test_send_without_mail_configured_says_so_and_fails(world, app, fake_smtp):
    result = run(app, "--today", "2013-06-15", "--send")
    assert result.exit_code == 1
    assert "未配置邮件服务器" in result.output
    assert fake_smtp.instances == []


def test_send_mails_each_departments_active_leads(world, app, mail, make, fake_smtp):
    make.user("lead", world["a"], display_name="钱科长", email="qian@example.gov.cn")
    make.user("lead", world["a"], display_name="孙科长", email="sun@example.gov.cn", active=False)
    make.user("member", world["a"], email="member@example.gov.cn")
    result = run(app, "--today", "2013-06-15", "--send")
    assert result.exit_code == 0, result.output
    (smtp,) = fake_smtp.instances
    assert (smtp.host, smtp.port) == ("smtp.example.gov.cn", 2525) and not smtp.started_tls and smtp.logged_in is None
    (message,) = smtp.messages  # department B's only lead has no e-mail address
    assert message["To"] == "wang@example.gov.cn, qian@example.gov.cn"
    assert message["From"] == "tracker@example.gov.cn"
    assert "市经信委" in message["Subject"] and "2013年6月" in message["Subject"]
    body = message.get_content()
    assert "王科长、钱科长" in body and "quiet_a" in body and "已逾期 106 天" in body and "late_b" not in body
    plan = world["plan"].title
    assert f"已发送给 杭州市经济和信息化委员会（{plan}）：wang@example.gov.cn、qian@example.gov.cn" in result.output
    assert f"杭州市商务委员会（{plan}）：没有填写邮箱的在职负责人，未发送" in result.output


def test_send_uses_starttls_and_login_when_configured(world, app, mail, fake_smtp, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_MAIL_STARTTLS", True)
    monkeypatch.setitem(app.config, "TRACKER_MAIL_USERNAME", "tracker")
    monkeypatch.setitem(app.config, "TRACKER_MAIL_PASSWORD", "s3cret")
    assert run(app, "--today", "2013-06-15", "--send").exit_code == 0
    (smtp,) = fake_smtp.instances
    assert smtp.started_tls and smtp.logged_in == ("tracker", "s3cret")


def test_a_refused_message_fails_the_command_and_says_how_far_it_got(world, app, mail, make, fake_smtp):
    world["lead_b"].email = "zhao@example.gov.cn"
    fake_smtp.fail_on = 2
    result = run(app, "--today", "2013-06-15", "--send")
    assert result.exit_code == 1
    assert "已发送给 杭州市经济和信息化委员会" in result.output
    assert "发送失败" in result.output and "已发送给 杭州市商务委员会" not in result.output


def test_a_number_the_tracker_added_is_marked_and_explained(world, app, session):
    world["late_a"].outline_no, world["late_a"].outline_added = "(2)", True
    session.flush()
    out = run(app, "--today", "2013-06-15").output
    a_part, b_part = out.split("【杭州市经济和信息化委员会】")[1].split("【杭州市商务委员会】")
    assert f"[任务] {world['root'].outline_no}〔2〕 late_a（完成期限：2013-03-01，已逾期 106 天）" in a_part
    assert "〔 〕内的编号为系统添加，非规划原文" in a_part and "〔 〕内的编号" not in b_part
