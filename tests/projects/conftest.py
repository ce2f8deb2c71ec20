"""A small world for project tests: a plan with nested items, two departments, one user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tracker.models import Department, Plan, User, WorkItem


@dataclass
class World:
    plan: Plan
    section: WorkItem  # 一、
    task: WorkItem  # 一、1. (child of section)
    subtask: WorkItem  # (child of task)
    other: WorkItem  # 二、 (another root)
    dept_a: Department
    dept_b: Department
    admin: User
    office: User
    lead_a: User
    member_a: User
    owner_a: User  # an active member of A, chosen as owner
    lead_b: User
    owner_b: User
    viewer: User


@pytest.fixture
def world(make) -> World:
    plan = make.plan()
    dept_a = make.department(name="市经信委", short_name="经信委", sort_order=1)
    dept_b = make.department(name="市发改委", short_name="发改委", sort_order=2)
    office_dept = make.department(name="市信息化办公室", short_name="信息办", kind="office", sort_order=0)
    section = make.item(plan, kind="section", outline_no="一、", title="主要任务", sort_order=1)
    # A leads the task and its subtask and supports 二、; a lead attaches projects only to such items.
    task = make.item(plan, parent=section, outline_no="1.", title="推进两化融合", sort_order=1, lead_department=dept_a)
    subtask = make.item(
        plan, parent=task, kind="subtask", outline_no="(1)", title="企业信息化", sort_order=1, lead_department=dept_a
    )
    other = make.item(
        plan, kind="section", outline_no="二、", title="保障措施", sort_order=2, supporting_departments=[dept_a]
    )
    return World(
        plan=plan,
        section=section,
        task=task,
        subtask=subtask,
        other=other,
        dept_a=dept_a,
        dept_b=dept_b,
        admin=make.user("admin"),
        office=make.user("office", department=office_dept),
        lead_a=make.user("lead", department=dept_a, display_name="甲部门负责人"),
        member_a=make.user("member", department=dept_a),
        owner_a=make.user("member", department=dept_a, display_name="张三"),
        lead_b=make.user("lead", department=dept_b),
        owner_b=make.user("member", department=dept_b, display_name="李四"),
        viewer=make.user("viewer"),
    )
