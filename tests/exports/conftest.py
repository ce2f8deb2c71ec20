"""A small plan for export and import tests: two departments, items at three depths, one update with a delay
explanation, a project with budgets.

三、 主要任务 (section, no department)
  1. 推进电子政务建设     lead A, overdue (due 2013-01-31, in progress 40)
    (1) 建设政务云平台    lead B, supporting A, delayed 20, reported 2013-06-10 with a delay explanation
    (2) 完善门户网站      lead A, completed
  2. 发展信息产业         lead B, in progress 50, due 2015
    (1) 建设软件园        lead B, in progress 30
    (2) 培育龙头企业      lead B, in progress 10
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from tracker.updates.models import StatusUpdate


@pytest.fixture
def export_plan(make, session):
    dept_a = make.department(name="杭州市经济和信息化委员会", short_name="市经信委", sort_order=1)
    dept_b = make.department(name="杭州市发展和改革委员会", short_name="市发改委", sort_order=2)
    plan = make.plan(code="hz-12th-test", title="杭州市“十二五”信息化发展规划")
    root = make.item(plan, kind="section", outline_no="三、", title="主要任务")
    task1 = make.item(
        plan,
        root,
        outline_no="1.",
        title="推进电子政务建设",
        lead_department=dept_a,
        start_date=date(2011, 1, 1),
        due_date=date(2013, 1, 31),
        status="in_progress",
        progress=40,
    )
    sub1 = make.item(
        plan,
        task1,
        kind="subtask",
        outline_no="(1)",
        outline_added=True,  # as the seeded plan: the document numbers no paragraph under a task
        title="建设政务云平台",
        lead_department=dept_b,
        status="delayed",
        progress=20,
        start_date=date(2012, 1, 1),
        due_date=date(2014, 6, 30),
        last_update_at=datetime(2013, 6, 10, 2, 30),
    )
    sub1.supporting_departments.append(dept_a)
    sub2 = make.item(
        plan,
        task1,
        kind="subtask",
        outline_no="(2)",
        outline_added=True,  # as the seeded plan: the document numbers no paragraph under a task
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
    sub3 = make.item(
        plan,
        task2,
        kind="subtask",
        outline_no="(1)",
        outline_added=True,  # as the seeded plan: the document numbers no paragraph under a task
        title="建设软件园",
        lead_department=dept_b,
        status="in_progress",
        progress=30,
        due_date=date(2015, 6, 30),
        last_update_at=datetime(2013, 6, 1),
    )
    sub4 = make.item(
        plan,
        task2,
        kind="subtask",
        outline_no="(2)",
        outline_added=True,  # as the seeded plan: the document numbers no paragraph under a task
        title="培育龙头企业",
        lead_department=dept_b,
        status="in_progress",
        progress=10,
        due_date=date(2015, 6, 30),
        last_update_at=datetime(2013, 6, 1),
    )
    lead_a = make.user("lead", dept_a, display_name="王科长")
    lead_b = make.user("lead", dept_b, display_name="李处长")
    member_b = make.user("member", dept_b, display_name="赵科员")
    viewer = make.user("viewer", display_name="钱主任")
    office = make.user("office", display_name="孙干事")
    session.add(
        StatusUpdate(
            work_item=sub1,
            author=lead_b,
            created_at=datetime(2013, 6, 10, 2, 30),
            status_before="in_progress",
            status_after="delayed",
            progress_before=15,
            progress_after=20,
            note="招标延后",
            delay_reason="招标文件审核延期",
            remedy="加快审核流程",
            expected_completion=date(2013, 12, 31),
        )
    )
    project = make.project(task2, dept_b, name="软件园公共服务平台", status="in_progress", progress=30)
    make.budget(project, 2011, approved="100", allocated="80", spent="60.5")
    make.budget(project, 2012, approved="50", allocated="50", spent="20")
    other = make.project(sub2, dept_a, name="门户网站改版", status="completed", progress=100)
    make.budget(other, 2012, approved="30", allocated="30", spent="30")
    # Committed (a SAVEPOINT inside the test's rolled-back transaction), so a view's rollback returns here.
    session.commit()
    return SimpleNamespace(
        plan=plan,
        dept_a=dept_a,
        dept_b=dept_b,
        root=root,
        task1=task1,
        sub1=sub1,
        sub2=sub2,
        task2=task2,
        sub3=sub3,
        sub4=sub4,
        lead_a=lead_a,
        lead_b=lead_b,
        member_b=member_b,
        viewer=viewer,
        office=office,
        project=project,
        other_project=other,
    )
