"""Apps on a database of their own, with real commits (not the rolled-back test transaction): for tests where
other connections must see what a request wrote, or hold locks against it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import TODAY
from tests.factories import Factories
from tracker import create_app
from tracker.extensions import db


@dataclass
class Branch:
    """A section with two tasks; the first task has two subtasks. Ids only: each test opens its own sessions."""

    plan: int
    section: int
    task: int
    other_task: int
    first: int
    second: int
    lead: int
    lead_id: str  # what Flask-Login keeps in the session for the lead


def build_branch(app) -> Branch:
    with app.app_context():
        make = Factories(db.session, itertools.count(1))
        dept = make.department(name="市经信委")
        lead = make.user("lead", dept, display_name="王科长", username="lead")
        plan = make.plan()
        common = {"lead_department": dept, "due_date": date(2015, 12, 31), "status": "in_progress", "progress": 20}
        section = make.item(plan, kind="section", **common)
        task = make.item(plan, section, **common)
        other_task = make.item(plan, section, **common)
        first = make.item(plan, task, kind="subtask", **common)
        second = make.item(plan, task, kind="subtask", **common)
        db.session.commit()
        branch = Branch(plan.id, section.id, task.id, other_task.id, first.id, second.id, lead.id, lead.get_id())
        db.session.remove()
        return branch


@pytest.fixture
def fresh_app(databases):
    """`fresh_app(backend, **settings)`: an app on a new, empty database of that backend, tables created."""
    apps = []

    def make(backend: str, **settings):
        app = create_app(
            "testing", SQLALCHEMY_DATABASE_URI=databases.create(backend), TRACKER_TODAY=TODAY.isoformat(), **settings
        )
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def signed_in(app, user_id: str, **session_values):
    """A test client whose session says `user_id` is signed in (as tests/conftest.py's client_for)."""
    from tracker.db import utcnow

    client = app.test_client()
    stamp = utcnow().isoformat()
    with client.session_transaction() as sess:
        sess.update({"_user_id": user_id, "_fresh": True, "login_at": stamp, "seen_at": stamp, **session_values})
    return client
