"""`flask seed plan` end to end, and the load on every supported database."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from tests.seed.conftest import SEED_DIR, edit, items_by_key, row_counts
from tracker.indicators.models import Indicator
from tracker.plan.models import Plan
from tracker.seeding.loader import load_seed_dir


def test_cli_loads_the_default_seed_and_reports_counts(app, session):
    # The session fixture turns the command's commit into a savepoint inside a transaction rolled back at the end.
    result = app.test_cli_runner().invoke(args=["seed", "plan"])
    assert result.exit_code == 0, result.output
    assert "工作项：新增 36，更新 0，未变 0" in result.output
    assert "指标：新增 22" in result.output
    assert session.scalars(select(Plan)).one().code == "hz-informatization-12th-fyp"

    again = app.test_cli_runner().invoke(args=["seed", "plan", str(SEED_DIR)])
    assert again.exit_code == 0, again.output
    assert "工作项：新增 0，更新 0，未变 36" in again.output


def test_cli_refuses_a_malformed_seed(app, session, seed_copy):
    edit(seed_copy / "plan.yaml", "key: s3.1.t4.p3\n", "key: s3.1.t4.p2\n")
    result = app.test_cli_runner().invoke(args=["seed", "plan", str(seed_copy)])
    assert result.exit_code != 0
    assert "plan.yaml" in result.output and "s3.1.t4.p2" in result.output
    assert row_counts(session)["Plan"] == 0


def test_load_on_each_database(any_session):
    report = load_seed_dir(SEED_DIR)
    any_session.flush()
    assert report.counts["items"].created == 36 and report.counts["indicators"].created == 22
    any_session.expire_all()
    items = items_by_key(any_session)
    assert items["s3.1.t1"].title == "以工业信息化为重点推动“两化”深度融合"
    assert [department.code for department in items["s3.1.t1"].supporting_departments] == ["fgw", "kjj", "czj", "tjj"]
    revenue = any_session.scalars(select(Indicator).where(Indicator.code == "it-industry-revenue")).one()
    assert (revenue.baseline_value, revenue.target_value) == (Decimal("1927.75"), Decimal("4500"))
    plan = any_session.scalars(select(Plan)).one()
    assert plan.title == "杭州市“十二五”信息化发展规划\u00a0（上）"

    assert load_seed_dir(SEED_DIR).changed == 0
