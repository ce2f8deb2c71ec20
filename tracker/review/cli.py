"""`flask reminders [--plan CODE] [--today YYYY-MM-DD] [--send]`: each department's missing reports and overdue work,
in every plan (each plan's part headed by its title) or in the one plan chosen. With --send (cron) it also tells
people through notifications: items due soon, items newly overdue, a period closed with reports missing; the mail
of those who want it waits in the outbox for `flask notifications send`."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.core import clock
from tracker.extensions import db
from tracker.plan.choice import all_plans, plan_by_code
from tracker.plan.models import Plan
from tracker.review import reminder_notices
from tracker.review.reminders import build_reminders, plan_heading, reminder_text


@click.command(
    "reminders",
    help="List each department's missing reports and overdue items, in every plan (each plan under its title), "
    "or with --plan in that plan only. With --send, also notify people (in the app, and by mail through "
    "`flask notifications send`): items due soon, items newly overdue, a period closed with reports missing. "
    "Each is told once: running it again (daily from cron) tells nobody twice.",
)
@click.option(
    "--today",
    "today_value",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date to report for (YYYY-MM-DD); default: today.",
)
@click.option("--plan", "plan_code", help="The code of the one plan to cover; default: every plan.")
@click.option(
    "--send",
    is_flag=True,
    help="Write the notifications (without it the command only lists, writing nothing).",
)
def reminders_command(today_value: datetime | None, send: bool, plan_code: str | None) -> None:
    plans = _plans(plan_code)
    today = today_value.date() if today_value else clock.today()
    # Notifications link to pages: url_for needs a request context, which a command has not got.
    with current_app.test_request_context():
        for number, plan in enumerate(plans):
            if number:
                click.echo("")
            _list_plan(plan, today)
            if send:
                _notify_plan(plan, today)
    if send:
        db.session.commit()
    else:
        click.echo("")
        click.echo(_("（仅列出，未通知任何人；加 --send 写入通知。）"))


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


def _list_plan(plan: Plan, today: date) -> None:
    """Print one plan's reminders under its title."""
    config = current_app.config
    click.echo(plan_heading(plan))
    reminders = build_reminders(plan, today, config["TRACKER_REPORTING_PERIOD"], config["TRACKER_STALE_DAYS"])
    if not reminders:
        click.echo(_("%(date)s：各部门均已按期报送，没有逾期事项。", date=today.isoformat()))
        return
    click.echo(
        ngettext(
            "%(date)s 提醒（%(num)d 个部门）", "%(date)s 提醒（%(num)d 个部门）", len(reminders), date=today.isoformat()
        )
    )
    for reminder in reminders:
        click.echo("")
        click.echo(reminder_text(reminder))


def _notify_plan(plan: Plan, today: date) -> None:
    config = current_app.config
    due_soon = reminder_notices.notify_due_soon(plan, today, config["TRACKER_DUE_SOON_DAYS"])
    overdue = reminder_notices.notify_newly_overdue(plan, today)
    missing = reminder_notices.notify_closed_period(plan, today, config["TRACKER_REPORTING_PERIOD"])
    click.echo("")
    click.echo(
        _(
            "已通知（%(plan)s）：即将到期 %(due)d 项任务（%(due_people)d 人次），新逾期 %(late)d 项任务"
            "（%(late_people)d 人次），上期未报送 %(missing)d 个部门（%(missing_people)d 人次）。",
            plan=plan.title,
            due=due_soon.subjects,
            due_people=due_soon.people,
            late=overdue.subjects,
            late_people=overdue.people,
            missing=missing.subjects,
            missing_people=missing.people,
        )
    )
