"""Every model a test writes by hand has a factory, and each one gives a valid row (the constraints hold)."""

import pytest
from sqlalchemy import inspect

from tests.factories import Factories
from tracker.db import Base

# Rows no test should write by hand: kept by the app itself.
DERIVED = {"work_item_search_texts"}


def _factory_tables() -> set[str]:
    """The tables the factories' return annotations name."""
    names = set()
    for name, member in vars(Factories).items():
        if name.startswith("_") or not callable(member):
            continue
        returned = member.__annotations__.get("return")
        model = next((m.class_ for m in Base.registry.mappers if m.class_.__name__ == returned), None)
        if model is not None:
            names.add(model.__tablename__)
    return names


def _without_factory() -> set[str]:
    mapped = {mapper.class_.__tablename__ for mapper in Base.registry.mappers}
    return mapped - DERIVED - _factory_tables()


def test_every_model_has_a_factory():
    assert _without_factory() == set()


def test_the_check_notices_a_model_without_a_factory(monkeypatch):
    monkeypatch.delattr(Factories, "export_slot")
    assert _without_factory() == {"export_slots"}


@pytest.mark.usefixtures("any_session")
def test_each_factory_builds_a_valid_row(any_make):
    make = any_make
    plan = make.plan()
    department = make.department()
    user = make.user("lead", department=department)
    item = make.item(plan, lead_department=department)
    project = make.project(item, department)
    rows = [
        make.budget(project, 2013, "10", "5", "1"),
        make.status_update(item, user, note="按计划推进"),
        make.status_update(project, user),
        make.review(item, make.user("office"), "follow_up"),
        make.review(project, make.user("office")),
        make.indicator_value(make.indicator(plan, goal_item=item), 2012, "66"),
        make.audit_event("project", project.id, user),
        make.login_throttle("addr:10.0.0.1"),
        make.plan_context(plan),
        make.import_row(make.import_batch(plan, user), item, status="in_progress"),
        make.export_slot(user),
        make.installation(),
        make.request_message(make.review(item, make.user("office"), "follow_up", request_state="answered"), user),
        make.mail_message(make.notification(user).user),
        make.attachment(project, user),
        make.former_name(department, user),
    ]
    assert all(inspect(row).persistent for row in rows)
    assert item.last_update_at is not None and project.last_update_at is not None
