"""Fixtures the plan-document tests share: the seeded plan and an office user who may import."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.documents.import_helpers import SEED_DIR
from tracker.plan.models import Plan
from tracker.seeding.loader import load_seed_dir


@pytest.fixture
def seeded(session) -> Plan:
    """The seeded Hangzhou plan (departments and indicators too): the plan an import must leave as it is."""
    load_seed_dir(SEED_DIR)
    return session.scalar(select(Plan).order_by(Plan.id).limit(1))


@pytest.fixture
def office(make):
    return make.user(role="office")


@pytest.fixture
def office_client(client_for, office):
    return client_for(office)
