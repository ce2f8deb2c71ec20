"""Reminders to departments: their missing reports for the current period and their overdue work.

`build_reminders` gathers what each department should hear about one plan (six statements); `reminder_text` writes it
as plain Chinese text; `send_reminders` e-mails each department's active leads through the configured
SMTP server (standard library smtplib: no extra dependency), one mail per department and plan, naming the plan.
Nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from tracker.auth.models import Role, User
from tracker.extensions import db
from tracker.notifications.mailer import smtp_connection
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem
from tracker.plan.outline import ADDED_LEGEND, has_added, numbered
from tracker.plan.outline_paths import full_outlines
from tracker.review.compliance import Period, missing_reports, period_containing
from tracker.review.queue import QueueEntry, QueueFilters, queue_entries


@dataclass
class DepartmentReminder:
    plan: Plan
    department: Department
    period: Period
    missing: list[WorkItem] = field(default_factory=list)
    overdue: list[QueueEntry] = field(default_factory=list)
    recipients: list[User] = field(default_factory=list)
    # The missing items' full outlines ("三、(一)1.〔1〕"), by id: a mail has no tree to show where "〔1〕" sits.
    outlines: dict[int, str] = field(default_factory=dict)


def build_reminders(plan: Plan, today: date, period_kind: str, stale_days: int) -> list[DepartmentReminder]:
    """Every active department with a missing report or overdue work in the plan, in department order."""
    period = period_containing(today, period_kind)
    reminders: dict[int | None, DepartmentReminder] = {}
    for row in missing_reports(plan.id, period.start, period.end):
        if row.missing:
            reminders[row.department.id] = DepartmentReminder(plan, row.department, period, missing=list(row.missing))
    overdue = [e for e in queue_entries(plan.id, QueueFilters(overdue=True), today, stale_days) if e.department_id]
    wanted = {e.department_id for e in overdue} - set(reminders)
    if wanted:
        for department in db.session.scalars(select(Department).where(Department.id.in_(wanted))):
            reminders[department.id] = DepartmentReminder(plan, department, period)
    for entry in overdue:
        reminders[entry.department_id].overdue.append(entry)
    active = [r for r in reminders.values() if r.department.active]
    _attach_recipients(active)
    _attach_outlines(plan.id, active)
    return sorted(active, key=lambda r: (r.department.sort_order, r.department.id))


def _attach_outlines(plan_id: int, reminders: list[DepartmentReminder]) -> None:
    """The missing items' full outlines, for every reminder in one statement (the overdue entries carry theirs)."""
    outlines = full_outlines(plan_id, {item.id: item.path for r in reminders for item in r.missing})
    for reminder in reminders:
        reminder.outlines = {item.id: outlines[item.id] for item in reminder.missing if item.id in outlines}


def _attach_recipients(reminders: list[DepartmentReminder]) -> None:
    """The active leads of each department who have an e-mail address: one statement."""
    by_department: dict[int | None, DepartmentReminder] = {r.department.id: r for r in reminders}
    if not by_department:
        return
    leads = db.session.scalars(
        select(User)
        .where(
            User.department_id.in_(by_department),
            User.role == Role.LEAD.value,
            User.active.is_(True),
            User.email.is_not(None),
            User.email != "",
        )
        .order_by(User.id)
    )
    for lead in leads:
        by_department[lead.department_id].recipients.append(lead)


def reminder_text(reminder: DepartmentReminder) -> str:
    period = reminder.period
    lines = [_("【%(department)s】", department=reminder.department.name)]
    if reminder.missing:
        lines.append(
            _(
                "本期（%(label)s，%(start)s 至 %(end)s）尚未报送进展的任务（%(n)d 项）：",
                label=period.label,
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                n=len(reminder.missing),
            )
        )
        for item in reminder.missing:
            due = item.due_date.isoformat() if item.due_date else _("未设定")
            outline = reminder.outlines.get(item.id, item.shown_outline_no)
            title = _numbered(outline, item.title, item.short_name)
            lines.append(_("  - %(title)s（完成期限：%(due)s）", title=title, due=due))
    if reminder.overdue:
        lines.append(_("逾期事项（%(n)d 项）：", n=len(reminder.overdue)))
        for entry in reminder.overdue:
            lines.append(
                ngettext(
                    "  - [%(kind)s] %(title)s（完成期限：%(due)s，已逾期 %(num)d 天）",
                    "  - [%(kind)s] %(title)s（完成期限：%(due)s，已逾期 %(num)d 天）",
                    entry.days_overdue,
                    kind=entry.subject_type.label,
                    title=_numbered(entry.outline_no, entry.title, entry.short_name),
                    due=entry.due_date.isoformat() if entry.due_date else "",
                )
            )
    if any(has_added(line) for line in lines):
        lines.append(str(ADDED_LEGEND))  # a mail has no tooltip: say what the 〔 〕 numbers are
    return "\n".join(lines)


def plan_heading(plan: Plan) -> str:
    """The line that names the plan a listing or a mail is about."""
    return _("规划：%(title)s（%(code)s）", title=plan.title, code=plan.code)


def _numbered(outline_no: str, title: str, short_name: str = "") -> str:
    """The item as a reminder names it: its shown outline number (an added one in 〔 〕), title and the name
    people use (两化融合), if any."""
    named = numbered(outline_no, title)
    return named + _("（%(name)s）", name=short_name) if short_name else named


def mail_configured(config: Mapping) -> bool:
    return bool(config.get("TRACKER_MAIL_SERVER"))


def reminder_message(reminder: DepartmentReminder, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(user.email or "" for user in reminder.recipients)
    message["Subject"] = _(
        "【规划任务跟踪系统】%(department)s：%(plan)s %(label)s进展报送与逾期事项提醒",
        department=reminder.department.short_name or reminder.department.name,
        plan=reminder.plan.title,
        label=reminder.period.label,
    )
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    greeting = _("%(names)s：", names=_("、").join(user.display_name for user in reminder.recipients))
    footer = _("请登录规划任务跟踪系统报送进展。此邮件由系统自动发送。")
    plan = plan_heading(reminder.plan)
    message.set_content(f"{greeting}\n\n{plan}\n{reminder_text(reminder)}\n\n{footer}\n")
    return message


def send_reminders(
    reminders: list[DepartmentReminder], config: Mapping, on_sent: Callable[[DepartmentReminder], None]
) -> None:
    """E-mail every reminder that has recipients over one SMTP connection, calling `on_sent` after each.

    Raises smtplib.SMTPException or OSError when the server refuses or cannot be reached; reminders sent
    before the failure stay sent (mail cannot be recalled), and `on_sent` has told the caller which.
    """
    deliverable = [r for r in reminders if r.recipients]
    if not deliverable:
        return
    with smtp_connection(config) as smtp:
        for reminder in deliverable:
            smtp.send_message(reminder_message(reminder, config["TRACKER_MAIL_FROM"]))
            on_sent(reminder)
