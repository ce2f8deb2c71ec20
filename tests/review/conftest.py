"""A small plan with overdue, stale and healthy work in two departments, reviews and reports at fixed times.

TODAY is 2013-06-15; with the default 30 stale days, a subject is stale when nothing was reported since
2013-05-16. The queue this world produces, in order:
  late_a (due 03-01, A) · proj_a (project, due 04-15, A) · late_b (due 05-15, B, also stale)
  · silent_b (never reported, B) · quiet_a (last report 03-01, A)
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest

from tests.factories import Factories
from tests.review.helpers import add_review, report


@pytest.fixture
def any_make(any_session) -> Factories:
    """`make`'s factories on `any_session` (SQLite, PostgreSQL and MariaDB in turn)."""
    return Factories(any_session, itertools.count(1))


@pytest.fixture
def world(make, session):
    a = make.department(name="杭州市经济和信息化委员会", short_name="市经信委", sort_order=1)
    b = make.department(name="杭州市商务委员会", short_name="市商务委", sort_order=2)
    office_dept = make.department(name="杭州市信息化办公室", short_name="市信息办", kind="office", sort_order=0)
    plan = make.plan()
    owner_a = make.user("member", a, display_name="张三")
    root = make.item(plan, kind="section", title="主要任务", status="in_progress")
    report(session, root, datetime(2013, 6, 10, 9), owner_a)
    w = {"a": a, "b": b, "office_dept": office_dept, "plan": plan, "root": root, "owner_a": owner_a}

    def item(name: str, dept, **kw):
        kw.setdefault("status", "in_progress")
        kw.setdefault("start_date", date(2011, 1, 1))
        w[name] = make.item(plan, parent=root, lead_department=dept, title=name, **kw)
        return w[name]

    item("late_a", a, due_date=date(2013, 3, 1), owner=owner_a, progress=30)
    report(session, w["late_a"], datetime(2013, 6, 1, 10), owner_a, delay_reason="审批未完成")
    item("late_b", b, due_date=date(2013, 5, 15), status="delayed")
    report(session, w["late_b"], datetime(2013, 3, 20, 10), owner_a, delay_reason="旧原因")
    report(session, w["late_b"], datetime(2013, 4, 1, 10), owner_a, delay_reason="资金未到位")
    item("quiet_a", a, due_date=date(2014, 12, 31))
    report(session, w["quiet_a"], datetime(2013, 3, 1, 10), owner_a)
    item("silent_b", b)  # never reported, no due date: stale since its creation in 2011
    item("done_a", a, due_date=date(2013, 1, 1), status="completed", progress=100)
    report(session, w["done_a"], datetime(2013, 1, 1, 10), owner_a)
    item("retired_a", a, due_date=date(2013, 1, 1), retired=True)
    item("fine_b", b, due_date=date(2015, 12, 31))
    report(session, w["fine_b"], datetime(2013, 6, 10, 10), owner_a)
    item("future_a", a, start_date=date(2013, 9, 1), due_date=date(2014, 6, 30), status="not_started")
    w["proj_a"] = make.project(
        w["fine_b"], a, name="proj_a", due_date=date(2013, 4, 15), status="in_progress", created_at=datetime(2011, 1, 1)
    )
    report(session, w["proj_a"], datetime(2013, 6, 5, 10), owner_a, delay_reason="设备未到货")
    w["proj_fine"] = make.project(
        w["fine_b"],
        b,
        name="proj_fine",
        due_date=date(2014, 4, 15),
        status="in_progress",
        created_at=datetime(2011, 1, 1),
    )
    report(session, w["proj_fine"], datetime(2013, 6, 5, 10), owner_a)

    office = make.user("office", office_dept, display_name="办公室李四")
    w["office"] = office
    add_review(session, w["late_a"], office, "acknowledged", datetime(2013, 6, 1, 12))
    add_review(session, w["late_a"], office, "follow_up", datetime(2013, 6, 10, 9), "请说明进度", date(2013, 6, 14))
    add_review(session, w["proj_a"], office, "escalated", datetime(2013, 6, 12, 9), "提请领导督办", date(2013, 6, 20))
    # Answered in its thread on 04-01 (the report of that day answers nothing): it waits for the office.
    asked_b = (datetime(2013, 3, 25, 9), "请报送", date(2013, 3, 31))
    add_review(session, w["late_b"], office, "follow_up", *asked_b, state="answered")
    w["lead_a"] = make.user("lead", a, display_name="王科长", email="wang@example.gov.cn")
    w["lead_b"] = make.user("lead", b, display_name="赵科长")
    w["member_a"] = make.user("member", a)
    w["viewer"] = make.user("viewer")
    w["admin"] = make.user("admin")
    session.flush()
    return w


QUEUE_ORDER = ["late_a", "proj_a", "late_b", "silent_b", "quiet_a"]
