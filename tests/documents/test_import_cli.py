"""`flask plan import`: the dry run writes nothing, the real run writes the plan once, refusals write nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.documents.import_helpers import SEED_DIR, SMART_CITY, table_counts
from tracker.documents import services
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem
from tracker.seeding.loader import load_seed_dir


@pytest.fixture
def seeded(session):
    load_seed_dir(SEED_DIR)
    # Committed (a savepoint released, see tests/conftest): a refused command rolls back its own work only.
    session.commit()


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["plan", "import", str(SMART_CITY), "--code", "smart-city-13", *args])


def test_a_dry_run_prints_the_tree_departments_and_indicators_and_writes_nothing(app, session, seeded):
    before = table_counts(session)
    result = _run(app, "--dry-run", "--create-departments")
    assert result.exit_code == 0, result.output
    assert table_counts(session) == before
    lines = result.output.splitlines()
    assert lines[3].startswith("  一、 总体要求 [")
    assert any(line.startswith("    1. 推进“两化”深度融合") and "牵头：市经信委" in line for line in lines)
    assert any(line.startswith("      （1） 建设工业互联网平台") and "市大数据局（未知）" in line for line in lines)
    assert "  市经信委 → 已匹配：杭州市经济和信息化委员会" in lines
    assert "  钱塘新区管委会 → 未知" in lines
    assert "拟建指标（2 个）：" in lines
    assert "  城市大脑覆盖率：2020 ≥ 90%" in lines
    assert "试运行：没有写入任何内容。" in result.output


def test_a_dry_run_says_what_a_real_run_would_refuse(app, session, seeded):
    before = table_counts(session)
    result = _run(app, "--dry-run")
    assert result.exit_code != 0
    assert "钱塘新区管委会" in result.output and "--create-departments" in result.output
    assert table_counts(session) == before


def test_unknown_names_are_refused_without_create_departments(app, session, seeded):
    before = table_counts(session)
    result = _run(app)
    assert result.exit_code != 0
    assert "以下部门名称没有对应的部门" in result.output
    assert table_counts(session) == before


def test_a_real_run_writes_the_whole_plan(app, session, seeded):
    result = _run(app, "--create-departments", "--name", "智慧城市规划")
    assert result.exit_code == 0, result.output
    assert "已导入规划 smart-city-13" in result.output
    plan = session.scalar(select(Plan).where(Plan.code == "smart-city-13"))
    assert (plan.title, plan.start_year, plan.end_year, plan.source) == ("智慧城市规划", 2016, 2020, "smart_city.txt")
    markers = session.scalars(select(WorkItem.outline_no).where(WorkItem.plan_id == plan.id).order_by(WorkItem.path))
    assert list(markers)[:5] == ["一、", "（一）", "二、", "1.", "（1）"]
    assert session.scalar(select(Department).where(Department.name == "市大数据局")) is not None


def test_the_same_code_again_is_refused_and_says_so(app, session, seeded):
    assert _run(app, "--create-departments").exit_code == 0
    before = table_counts(session)
    again = _run(app, "--create-departments")
    assert again.exit_code != 0
    assert "不能重复导入" in again.output
    assert table_counts(session) == before


def test_a_bad_code_and_a_reversed_period_are_refused_together(app, session, seeded):
    result = app.test_cli_runner().invoke(
        args=["plan", "import", str(SMART_CITY), "--code", "规划", "--start-year", "2020", "--end-year", "2016"]
    )
    assert result.exit_code != 0
    assert "规划代码只能由半角字母" in result.output and "结束年份不能早于起始年份" in result.output


def test_one_year_without_the_other_is_a_usage_error(app, session, seeded):
    result = _run(app, "--start-year", "2016")
    assert result.exit_code == 2
    assert "--end-year" in result.output


def test_a_file_that_is_not_a_plan_is_refused(app, session, seeded, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    result = app.test_cli_runner().invoke(args=["plan", "import", str(path), "--code", "x"])
    assert result.exit_code == 1
    assert "Error:" in result.output


def test_no_indicators_writes_none(app, session, seeded):
    from tracker.indicators.models import Indicator

    result = _run(app, "--create-departments", "--no-indicators")
    assert result.exit_code == 0, result.output
    plan = session.scalar(select(Plan).where(Plan.code == "smart-city-13"))
    assert session.scalars(select(Indicator).where(Indicator.plan_id == plan.id)).all() == []


def test_a_failure_midway_leaves_nothing(app, session, seeded, monkeypatch):
    before = table_counts(session)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "_write_indicators", fail)
    result = _run(app, "--create-departments")
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    assert table_counts(session) == before


def test_a_dry_run_with_years_given_prints_that_period(app, session, seeded, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "智慧经济工作方案\n一、建设云平台。（牵头单位：市经信委；完成时间：2017年10月底）\n", encoding="utf-8"
    )
    args = ["plan", "import", str(path), "--code", "smart-x", "--start-year", "2016", "--end-year", "2020", "--dry-run"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "规划期：2016–2020" in result.output and "未写明" not in result.output
    assert "完成：2017-10-31" in result.output


def test_the_help_explains_the_command(app):
    result = app.test_cli_runner().invoke(args=["plan", "import", "--help"])
    assert result.exit_code == 0
    assert "module docstring" not in result.output
    assert "--dry-run" in result.output and "new plan" in result.output and "refused" in result.output
