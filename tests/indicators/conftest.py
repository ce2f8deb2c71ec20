"""A small register: a plan with a goal, two departments, indicators with and without baselines, one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import pytest

from tracker.indicators.models import Indicator, IndicatorValue
from tracker.models import Department, Plan, User, WorkItem


@dataclass
class World:
    plan: Plan
    goal: WorkItem
    task: WorkItem
    dept_a: Department
    dept_b: Department
    revenue: Indicator  # dept A, baseline 2010: 100, target ≥ 200 in 2015, values 2011: 130, 2012: 135
    adoption: Indicator  # dept B, no baseline, target ≥ 80% in 2015, no values
    energy: Indicator  # dept A, baseline 10, target ≤ 5 in 2015, value 2012: 9 (expected 8: off track)
    admin: User
    office: User
    lead_a: User
    member_a: User
    lead_b: User
    member_b: User
    viewer: User


def add_indicator(session, plan, **kw) -> Indicator:
    indicator = Indicator(
        plan=plan,
        code=kw.pop("code"),
        name=kw.pop("name", kw.get("code", "")),
        unit=kw.pop("unit", "亿元"),
        target_year=kw.pop("target_year", 2015),
        target_value=Decimal(kw.pop("target_value", "200")),
        **kw,
    )
    session.add(indicator)
    session.flush()
    return indicator


def add_value(session, indicator, year, value, source="统计年鉴", user=None) -> IndicatorValue:
    row = IndicatorValue(
        indicator=indicator,
        year=year,
        value=Decimal(value),
        source=source,
        entered_by=user,
        entered_at=datetime(2013, 3, 1, 9, 30),
    )
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def world(make, session) -> World:
    plan = make.plan()
    dept_a = make.department(name="市经信委", short_name="经信委", sort_order=1)
    dept_b = make.department(name="市商务委", short_name="商务委", sort_order=2)
    office_dept = make.department(name="市信息化办公室", short_name="信息办", kind="office", sort_order=0)
    section = make.item(plan, kind="section", outline_no="二、", title="发展目标")
    goal = make.item(plan, parent=section, kind="goal", outline_no="2.", title="信息产业发展目标")
    task = make.item(plan, parent=section, kind="task", outline_no="3.", title="推进两化融合")
    lead_a = make.user("lead", department=dept_a, display_name="甲负责人")
    revenue = add_indicator(
        session,
        plan,
        code="revenue",
        name="信息产业销售收入",
        baseline_year=2010,
        baseline_value=Decimal("100"),
        responsible_department=dept_a,
        goal_item=goal,
        sort_order=1,
    )
    add_value(session, revenue, 2011, "130", user=lead_a)
    add_value(session, revenue, 2012, "135", source="2012年统计公报", user=lead_a)
    adoption = add_indicator(
        session,
        plan,
        code="adoption",
        name="中小企业电子商务普及率",
        unit="%",
        target_value="80",
        responsible_department=dept_b,
        goal_item=goal,
        sort_order=2,
    )
    energy = add_indicator(
        session,
        plan,
        code="energy",
        name="单位产值能耗",
        unit="吨标煤",
        baseline_year=2010,
        baseline_value=Decimal("10"),
        target_value="5",
        comparator="le",
        responsible_department=dept_a,
        sort_order=3,
    )
    add_value(session, energy, 2012, "9")
    world = World(
        plan=plan,
        goal=goal,
        task=task,
        dept_a=dept_a,
        dept_b=dept_b,
        revenue=revenue,
        adoption=adoption,
        energy=energy,
        admin=make.user("admin"),
        office=make.user("office", department=office_dept),
        lead_a=lead_a,
        member_a=make.user("member", department=dept_a),
        lead_b=make.user("lead", department=dept_b),
        member_b=make.user("member", department=dept_b),
        viewer=make.user("viewer"),
    )
    session.commit()  # keep the fixtures when a view rolls back (the outer test transaction still discards all)
    return world
