"""Keeps bench/ from rotting: the generator and every scenario of the runner on a 200-item plan, one run each.

It checks that the benchmark still works against the app (data shaped as described, each scenario answered,
statements captured and replayed); it asserts nothing about time.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

from bench import databases
from bench import run as bench_run
from bench.generate import level_sizes
from tracker.plan.models import WorkItem


@pytest.fixture
def bench_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(databases, "SQLITE_DIR", tmp_path)
    return tmp_path


def test_the_generator_builds_the_described_plan(bench_dir):
    url, summary = bench_run.build("sqlite", 200, seed=3)
    assert summary.items == 200 and sum(summary.levels) == 200 and len(summary.levels) == 5
    assert summary.projects > 0 and summary.budget_lines == 5 * summary.projects
    assert summary.status_updates >= 5 * 200  # about ten per item
    engine = create_engine(url)
    with engine.connect() as conn:
        depths = dict(conn.execute(select(WorkItem.depth, func.count()).group_by(WorkItem.depth)).all())
        # The derived columns are filled: every item sits on its level, and parents roll up.
        assert [depths[d] for d in range(5)] == level_sizes(200)
        assert conn.scalar(select(func.count()).where(WorkItem.path == "")) == 0
    engine.dispose()


def test_every_scenario_runs_on_a_small_plan(bench_dir, capsys):
    results = bench_run.main(
        ["--items", "200", "--runs", "1", "--slow-runs", "1", "--warmup", "0", "--import-rows", "20"]
    )
    table = capsys.readouterr().out
    assert [r.name for r in results if r.missing] == []
    for result in results:
        assert result.runs == 1 and result.statements > 0 and result.bare_ms > 0, result
        assert result.name in table
    export = next(r for r in results if r.kind == "export")
    assert export.bare_kind == "xlsxwriter" and export.memory_ratio > 0
    assert list(bench_dir.glob("*.db")) == []  # the databases are dropped afterwards
