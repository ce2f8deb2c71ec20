"""`flask reminders [--plan CODE] [--today YYYY-MM-DD] [--send]`: each department's missing reports and overdue work,
in every plan (each plan's part headed by its title) or in the one plan chosen."""

from __future__ import annotations

import smtplib
from datetime import date, datetime

import click
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.core import clock
from tracker.plan.choice import all_plans, plan_by_code
from tracker.plan.models import Plan
from tracker.review.reminders import (
    DepartmentReminder,
    build_reminders,
    mail_configured,
    plan_heading,
    reminder_text,
    send_reminders,
)


@click.command(
    "reminders",
    help="List (and with --send e-mail) each department's missing reports and overdue items, in every plan "
    "(each plan under its title; one mail per department and plan), or with --plan in that plan only.",
)
@click.option(
    "--today",
    "today_value",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date to report for (YYYY-MM-DD); default: today.",
)
@click.option("--plan", "plan_code", help="The code of the one plan to cover; default: every plan.")
@click.option("--send", is_flag=True, help="E-mail each department's active leads (needs TRACKER_MAIL_SERVER).")
def reminders_command(today_value: datetime | None, send: bool, plan_code: str | None) -> None:
    config = current_app.config
    if send and not mail_configured(config):
        raise click.ClickException(
            _("未配置邮件服务器（TRACKER_MAIL_SERVER 等），无法发送提醒；去掉 --send 可只列出。")
        )
    plans = _plans(plan_code)
    today = today_value.date() if today_value else clock.today()
    reminders: list[DepartmentReminder] = []
    for number, plan in enumerate(plans):
        if number:
            click.echo("")
        reminders += _list_plan(plan, today)
    if send:
        _send(reminders, config)


def _plans(plan_code: str | None) -> list[Plan]:
    """The plan named by --plan, or every plan in the order they were loaded."""
    if plan_code is not None:
        plan = plan_by_code(plan_code)
        if plan is None:
            raise click.ClickException(_("没有代码为“%(code)s”的规划。", code=plan_code))
        return [plan]
    plans = all_plans()
    if not plans:
        raise click.ClickException(_("尚未导入规划。"))
    return plans


def _list_plan(plan: Plan, today: date) -> list[DepartmentReminder]:
    """Print one plan's reminders under its title; return them."""
    config = current_app.config
    click.echo(plan_heading(plan))
    reminders = build_reminders(plan, today, config["TRACKER_REPORTING_PERIOD"], config["TRACKER_STALE_DAYS"])
    if not reminders:
        click.echo(_("%(date)s：各部门均已按期报送，没有逾期事项。", date=today.isoformat()))
        return reminders
    click.echo(
        ngettext(
            "%(date)s 提醒（%(num)d 个部门）", "%(date)s 提醒（%(num)d 个部门）", len(reminders), date=today.isoformat()
        )
    )
    for reminder in reminders:
        click.echo("")
        click.echo(reminder_text(reminder))
    return reminders


def _send(reminders: list[DepartmentReminder], config) -> None:
    click.echo("")
    for reminder in reminders:
        if not reminder.recipients:
            click.echo(
                _(
                    "%(department)s（%(plan)s）：没有填写邮箱的在职负责人，未发送。",
                    department=reminder.department.name,
                    plan=reminder.plan.title,
                )
            )

    def sent(reminder: DepartmentReminder) -> None:
        addresses = _("、").join(user.email for user in reminder.recipients)
        click.echo(
            _(
                "已发送给 %(department)s（%(plan)s）：%(addresses)s",
                department=reminder.department.name,
                plan=reminder.plan.title,
                addresses=addresses,
            )
        )

    try:
        send_reminders(reminders, config, sent)
    except (smtplib.SMTPException, OSError) as error:
        raise click.ClickException(_("发送失败（其余提醒未发送）：%(error)s", error=error)) from error
