"""A small plan with two departments, built to exercise every tree filter and the item page.

三、 主要任务 (section)
  1. 推进电子政务建设     lead A, overdue (due 2013-01-31, in progress), mandate mentions IPv6
    (1) 建设政务云平台    lead B, supporting A, delayed, reported recently (not stale)
    (2) 完善门户网站      lead A, completed
  2. 发展信息产业         lead B, reported recently, due 2015
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest


@pytest.fixture
def tree_plan(make, session):
    dept_a = make.department(name="杭州市经济和信息化委员会", short_name="市经信委")
    dept_b = make.department(name="杭州市发展和改革委员会", short_name="市发改委")
    plan = make.plan(title="杭州市“十二五”信息化发展规划")
    root = make.item(plan, kind="section", outline_no="三、", title="主要任务")
    task1 = make.item(
        plan,
        root,
        outline_no="1.",
        title="推进电子政务建设",
        mandate="加快建设全市统一的电子政务网络，\n推进 IPv6 改造。",
        lead_department=dept_a,
        start_date=date(2011, 1, 1),
        due_date=date(2013, 1, 31),
        status="in_progress",
        progress=40,
        weight=Decimal("3"),
    )
    sub1 = make.item(
        plan,
        task1,
        kind="subtask",
        outline_no="(1)",
        title="建设政务云平台",
        lead_department=dept_b,
        status="delayed",
        progress=20,
        due_date=date(2014, 6, 30),
        last_update_at=datetime(2013, 6, 10),
    )
    sub1.supporting_departments.append(dept_a)
    sub2 = make.item(
        plan,
        task1,
        kind="subtask",
        outline_no="(2)",
        title="完善门户网站",
        lead_department=dept_a,
        status="completed",
        progress=100,
        due_date=date(2012, 12, 31),
    )
    task2 = make.item(
        plan,
        root,
        outline_no="2.",
        title="发展信息产业",
        lead_department=dept_b,
        status="in_progress",
        progress=50,
        due_date=date(2015, 12, 31),
        last_update_at=datetime(2013, 6, 1),
    )
    # Committed (a SAVEPOINT released inside the test's outer transaction, still rolled back at the end), so that
    # a view's rollback after a refused save returns to this state rather than to an empty database.
    session.commit()
    return SimpleNamespace(
        plan=plan, dept_a=dept_a, dept_b=dept_b, root=root, task1=task1, sub1=sub1, sub2=sub2, task2=task2
    )
