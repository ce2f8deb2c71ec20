"""Fixtures for the status-update pages: a department, an item it leads and a project it owns."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def dept(make):
    return make.department(name="杭州市经济和信息化委员会", short_name="市经信委")


@pytest.fixture
def plan(make):
    return make.plan()


@pytest.fixture
def item(make, plan, dept):
    """Led by `dept`, due after TODAY: not overdue."""
    return make.item(
        plan,
        lead_department=dept,
        title="推进两化深度融合",
        start_date=date(2011, 1, 1),
        due_date=date(2015, 12, 31),
        status="in_progress",
        progress=20,
    )


@pytest.fixture
def project(make, item, dept):
    return make.project(
        item, dept, name="企业信息化示范工程", due_date=date(2014, 12, 31), status="in_progress", progress=10
    )


@pytest.fixture
def lead(make, dept):
    return make.user("lead", dept, display_name="王科长")
