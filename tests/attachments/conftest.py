"""Fixtures for evidence files: a department, its item and project, its people, and tiny real files."""

from __future__ import annotations

import pytest

import tests.updates.conftest as updates_fixtures
from tests.attachments import samples

# The department, its item and project and its lead, as the status-update pages' tests have them.
dept, plan, item, project, lead = (
    updates_fixtures.dept,
    updates_fixtures.plan,
    updates_fixtures.item,
    updates_fixtures.project,
    updates_fixtures.lead,
)


@pytest.fixture
def other_dept(make):
    return make.department(name="杭州市发展和改革委员会", short_name="市发改委")


@pytest.fixture
def member(make, dept):
    return make.user("member", dept, display_name="李干事")


@pytest.fixture
def viewer(make):
    return make.user("viewer", None, display_name="赵主任")


@pytest.fixture
def pdf() -> bytes:
    return samples.pdf()
