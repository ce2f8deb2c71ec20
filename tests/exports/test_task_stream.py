"""The unfiltered task list is streamed (tracker.exports.task_stream) rather than built from the loaded tree: its
rows must be exactly the loaded tree's, and a plan the stream cannot show exactly falls back to the tree."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import pytest

from tests.conftest import TODAY
from tests.exports.helpers import open_workbook, page_ids, task_table
from tracker.exports import data

STALE_DAYS = 60


def _streamed_and_loaded(plan, user, args):
    streamed = data.task_export(plan, args, user, TODAY, STALE_DAYS)
    loaded = data.task_export(plan, args, user, TODAY, STALE_DAYS, data.filtered_tree(plan, args, TODAY, STALE_DAYS))
    return streamed, loaded


@pytest.mark.parametrize("args", [{}, {"retired": "1"}])
def test_streamed_rows_equal_the_loaded_trees_rows(app, export_plan, make, session, args):
    p = export_plan
    extra = make.item(p.plan, p.sub3, kind="subtask", outline_no="①", title="园区二期", lead_department=p.dept_a)
    extra.supporting_departments.extend([p.dept_b, p.dept_a])
    make.project(extra, p.dept_b)
    make.status_update(
        extra,
        p.lead_b,
        created_at=datetime(2013, 6, 1),
        status_before="not_started",
        status_after="in_progress",
        progress_before=0,
        progress_after=5,
        remedy="加快进度",
    )
    p.sub4.retired = True
    session.commit()
    with app.test_request_context():
        streamed, loaded = _streamed_and_loaded(p.plan, p.viewer, args)
        assert streamed.meta.summary == loaded.meta.summary
        streamed_rows = [asdict(row) for row in streamed.rows]
        assert streamed_rows == [asdict(row) for row in loaded.rows]
    assert (p.sub4.id in [row["id"] for row in streamed_rows]) == bool(args)


def test_a_live_item_below_a_retired_one_falls_back_to_the_loaded_tree(client_for, export_plan, session, monkeypatch):
    """Retiring moves whole subtrees, but a live child under a retired parent must still stay hidden."""
    p = export_plan
    p.task2.retired = True  # its children sub3 and sub4 stay live
    session.commit()
    from tracker.exports import task_stream

    streamed = []
    monkeypatch.setattr(task_stream, "stream_rows", lambda *a, **k: streamed.append(a) or iter(()))
    client = client_for(p.viewer)
    table = task_table(open_workbook(client.get("/export/tasks.xlsx").data))
    assert not streamed
    assert table.ids() == page_ids(client.get("/").get_data(as_text=True))
    assert not {p.task2.id, p.sub3.id, p.sub4.id} & set(table.ids())
