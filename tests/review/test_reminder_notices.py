"""`flask reminders --send` writes notifications (cron): due soon, newly overdue, a closed period's missing reports;
each once however often it runs. The mail waits in the outbox for `flask notifications send`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.review.test_reminders import run
from tracker.auth.models import User
from tracker.notifications.models import MailMessage, Notification


def notices(session, kind: str) -> list[tuple[str, str]]:
    """(recipient's display name, title) of every notification of `kind`, sorted."""
    rows = session.execute(
        select(Notification.user_id, Notification.title).where(Notification.kind == kind).order_by(Notification.id)
    )
    names = {u.id: u.display_name for u in session.scalars(select(User))}
    return sorted((names[user_id], title) for user_id, title in rows)


def count(session) -> int:
    return session.scalar(select(func.count(Notification.id)))


def send(app, today: str = "2013-06-15"):
    result = run(app, "--today", today, "--send")
    assert result.exit_code == 0, result.output
    return result


def test_without_send_nobody_is_told(world, app, session):
    result = run(app, "--today", "2013-06-15")
    assert "仅列出，未通知任何人" in result.output
    assert count(session) == 0


def test_due_soon_reaches_the_owner_and_the_departments_leads_once(world, app, session, make):
    soon = make.item(
        world["plan"],
        parent=world["root"],
        title="即将到期",
        lead_department=world["a"],
        owner=world["member_a"],
        due_date=date(2013, 6, 20),
        status="in_progress",
    )
    make.item(
        world["plan"],
        parent=world["root"],
        title="八天后",
        lead_department=world["a"],
        due_date=date(2013, 6, 23),
        status="in_progress",
    )
    make.item(
        world["plan"],
        parent=world["root"],
        title="已完成",
        lead_department=world["a"],
        due_date=date(2013, 6, 20),
        status="completed",
    )
    session.flush()
    result = send(app)
    told = notices(session, "due_soon")
    assert [name for name, _title in told] == sorted([world["member_a"].display_name, "王科长"])
    assert all(title.endswith("即将到期") for _name, title in told)
    assert "即将到期 1 项任务（2 人次）" in result.output
    (link,) = set(session.scalars(select(Notification.link).where(Notification.kind == "due_soon")))
    assert link == f"/items/{soon.id}"
    before = count(session)
    send(app)  # a second run: nothing new
    assert count(session) == before
    soon.due_date = date(2013, 6, 21)  # a new due date is news again
    session.flush()
    send(app)
    assert len(notices(session, "due_soon")) == 4


def test_newly_overdue_items_are_told_once_and_old_ones_not_at_all(world, app, session, make):
    make.item(
        world["plan"],
        parent=world["root"],
        title="刚逾期",
        lead_department=world["b"],
        due_date=date(2013, 6, 10),
        status="in_progress",
    )
    session.flush()
    send(app)
    # late_a (03-01) and late_b (05-15) were overdue for more than 30 days: the queue shows them, no notice.
    ((name, title),) = notices(session, "overdue")
    assert name == "赵科长" and title.endswith(" 刚逾期")
    send(app, "2013-06-16")
    assert len(notices(session, "overdue")) == 1


def test_a_closed_period_with_missing_reports_tells_the_leads_once(world, app, session):
    send(app)  # June 15: May closed; A's quiet_a and late_a, B's late_b, silent_b and fine_b reported nothing in May
    told = notices(session, "reports_missing")
    plan = world["plan"].title
    assert told == [
        ("王科长", f"{plan} 2013年5月：2 项任务未报送进展"),
        ("赵科长", f"{plan} 2013年5月：3 项任务未报送进展"),
    ]
    send(app, "2013-06-20")
    assert len(notices(session, "reports_missing")) == 2
    # The mail for a lead with an address waits in the outbox.
    mails = session.scalars(select(MailMessage).where(MailMessage.to_address == "wang@example.gov.cn")).all()
    assert any("2013年5月" in mail.subject or "2013年5月" in mail.body for mail in mails)


def test_a_switched_off_department_and_departed_leads_hear_nothing(world, app, session):
    world["a"].active = False
    world["lead_b"].active = False
    session.flush()
    send(app)
    assert notices(session, "reports_missing") == []
