"""Fixtures for evidence files: a department, its item and project, its people, and tiny real files."""

from __future__ import annotations

from datetime import date

import pytest

from tests.attachments import samples


@pytest.fixture
def dept(make):
    return make.department(name="杭州市经济和信息化委员会", short_name="市经信委")


@pytest.fixture
def other_dept(make):
    return make.department(name="杭州市发展和改革委员会", short_name="市发改委")


@pytest.fixture
def plan(make):
    return make.plan()


@pytest.fixture
def item(make, plan, dept):
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
        item, dept, name="企业信息化示范工程", due_date=date(2015, 12, 31), status="in_progress", progress=10
    )


@pytest.fixture
def lead(make, dept):
    return make.user("lead", dept, display_name="王科长")


@pytest.fixture
def member(make, dept):
    return make.user("member", dept, display_name="李干事")


@pytest.fixture
def viewer(make):
    return make.user("viewer", None, display_name="赵主任")


@pytest.fixture
def pdf() -> bytes:
    return samples.pdf()
