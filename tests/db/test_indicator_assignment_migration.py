"""The revision that gives indicators an assignment source starts the seeded indicators with a responsible
department as the office's default (默认分工，待确认) and those without one as having nothing to confirm; the
former-names table comes and goes with it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from tracker.db import utcnow
from tracker.extensions import db

BEFORE = "78ceaa0aa09c"  # the revision just before this one
REVISION = "922051343797"


def _insert(connection, table: str, **values) -> int:
    now = utcnow()
    values = {"created_at": now, "updated_at": now, **values}
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)
    return connection.execute(text(f"SELECT MAX(id) FROM {table}")).scalar_one()


def test_indicators_with_a_department_start_as_defaults(fresh_app, alembic_config):
    command.upgrade(alembic_config, BEFORE)
    with db.engine.begin() as connection:
        department = _insert(
            connection, "departments", code="jxw", name="杭州市经济和信息化委员会", short_name="市经信委",
            kind="bureau", sort_order=20, active=True,
        )  # fmt: skip
        plan = _insert(
            connection, "plans", code="p", title="规划", start_year=2011, end_year=2015, source="", preamble=""
        )
        common = {"plan_id": plan, "unit": "%", "target_year": 2015, "target_value": 80, "comparator": "ge",
                  "source_text": "", "sort_order": 0}  # fmt: skip
        _insert(connection, "indicators", code="with", name="有部门", responsible_department_id=department, **common)
        _insert(connection, "indicators", code="without", name="无部门", **common)
    db.engine.dispose()

    command.upgrade(alembic_config, REVISION)
    with db.engine.connect() as connection:
        sources = dict(connection.execute(text("SELECT code, assignment_source FROM indicators")).all())
    assert sources == {"with": "default", "without": "office"}
    assert "department_former_names" in inspect(db.engine).get_table_names()
    db.engine.dispose()

    command.downgrade(alembic_config, BEFORE)
    assert "department_former_names" not in inspect(db.engine).get_table_names()
    assert "assignment_source" not in {c["name"] for c in inspect(db.engine).get_columns("indicators")}
