"""Issue 7, points 5, 8, 9, 22: exports under faults (temporary files always go), concurrent exports per user
capped across workers (slots kept in the database), an export from another installation refused, budgets that sum
without double counting, and file names that tell a filtered export from the whole list."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import delete, func, select

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import upload
from tracker.db import utcnow
from tracker.exports import workbook as workbook_module
from tracker.exports.columns import MARKER_SHEET
from tracker.exports.models import ExportSlot, ImportBatch, Installation
from tracker.exports.scratch import sweep_scratch
from tracker.extensions import db


@pytest.fixture
def viewer_client(client_for, export_plan):
    return client_for(export_plan.viewer)


def _leftovers(app) -> list[str]:
    root = app.config["TRACKER_EXPORT_TMPDIR"]
    return [os.path.join(top, name) for top, dirs, files in os.walk(root) for name in dirs + files]


@pytest.mark.parametrize("url", ["/export/tasks.xlsx", "/export/plan.xlsx"])
def test_a_failed_export_leaves_no_temporary_files(app, viewer_client, monkeypatch, url):
    real = workbook_module.write_marker

    def disk_full(workbook, *args, **kwargs):
        real(workbook, *args, **kwargs)
        # The rows are on disk by now (constant-memory mode); the zip is never assembled.
        assert _leftovers(app)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook_module, "write_marker", disk_full)
    assert viewer_client.get(url).status_code == 500
    assert _leftovers(app) == []


def test_a_finished_export_leaves_no_temporary_files(app, viewer_client):
    response = viewer_client.get("/export/plan.xlsx")
    assert response.status_code == 200
    response.close()
    assert _leftovers(app) == []


def test_start_up_sweeps_what_a_killed_worker_left(app, tmp_path):
    host = "".join(c if c.isalnum() else "_" for c in socket.gethostname())
    root = tmp_path / "scratch"
    dead = root / f"export-999999999-{host}-abc"  # no such process here
    dead.mkdir(parents=True)
    (dead / "tmp1234.xml").write_bytes(b"x" * 1000)
    alive = root / f"export-{os.getpid()}-{host}-def"
    elsewhere = root / "export-999999999-another_host-ghi"  # a shared directory: another host's is not judged
    for path in (alive, elsewhere):
        path.mkdir()
    sweep_scratch(str(root))
    assert not dead.exists() and alive.exists() and elsewhere.exists()


def test_the_app_sweeps_its_export_directory_when_it_starts(tmp_path):
    from tests.conftest import TODAY
    from tracker import create_app

    dead = tmp_path / f"export-999999999-{''.join(c if c.isalnum() else '_' for c in socket.gethostname())}-abc"
    dead.mkdir()
    create_app("testing", TRACKER_EXPORT_TMPDIR=str(tmp_path), TRACKER_TODAY=TODAY.isoformat())
    assert not dead.exists()


def _slots(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ExportSlot).where(ExportSlot.user_id == user_id))


def test_a_user_running_the_maximum_of_exports_gets_429_with_retry_after(
    app, viewer_client, export_plan, session, make, monkeypatch
):
    p = export_plan
    monkeypatch.setitem(app.config, "TRACKER_MAX_CONCURRENT_EXPORTS", 2)
    for slot in (1, 2):  # two exports running in other workers
        make.export_slot(p.viewer, slot)
    session.commit()
    response = viewer_client.get("/export/tasks.xlsx")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "导出" in page and "稍后" in page and "<html" in page.lower()
    # Someone else is not held up.
    other = export_plan.office
    session.execute(delete(ExportSlot).where(ExportSlot.slot == 2))
    session.commit()
    response = viewer_client.get("/export/tasks.xlsx")
    assert response.status_code == 200
    response.close()
    session.expire_all()
    assert _slots(p.viewer.id) == 1  # its own slot was released when the response closed
    assert _slots(other.id) == 0


def test_a_slot_left_by_a_killed_worker_expires(app, viewer_client, export_plan, session, make, monkeypatch):
    p = export_plan
    monkeypatch.setitem(app.config, "TRACKER_MAX_CONCURRENT_EXPORTS", 1)
    make.export_slot(p.viewer, 1, expires_at=utcnow() - timedelta(seconds=1))
    session.commit()
    response = viewer_client.get("/export/plan.xlsx")
    assert response.status_code == 200
    response.close()


def test_a_failed_export_releases_its_slot(app, viewer_client, export_plan, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook_module, "write_marker", broken)
    assert viewer_client.get("/export/tasks.xlsx").status_code == 500
    db.session.expire_all()
    assert _slots(export_plan.viewer.id) == 0


def test_the_marker_names_this_installation_and_another_ones_export_is_refused(client_for, export_plan):
    client = client_for(export_plan.lead_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    marker = {row[0].value: row[1] for row in workbook[MARKER_SHEET].iter_rows()}
    installation = db.session.scalar(select(Installation.key))
    assert installation and marker["installation"].value == installation
    marker["installation"].value = "another-installation-of-the-same-plan"
    table = task_table(workbook)
    table.cell(table.row_of(export_plan.sub3.id), "progress").value = 45
    response = upload(client, saved(workbook))
    assert response.status_code == 200
    assert "另一套系统" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_budget_columns_sum_without_counting_a_subtree_twice(viewer_client, export_plan):
    p = export_plan
    # Streamed (the whole list) and loaded as a tree (filtered): both give both figures.
    for query, own_shown in (("", 180), (f"department={p.dept_b.id}", 150)):
        table = task_table(open_workbook(viewer_client.get("/export/tasks.xlsx?" + query).data))
        headers = [table.sheet.cell(table.header_row, c).value for c in range(1, table.sheet.max_column + 1)]
        assert "批复金额（万元，含下级）" in headers and "本级批复金额（万元）" in headers
        assert table.value(table.row_of(p.root.id), "approved") == 180  # the whole plan, rolled up
        assert table.value(table.row_of(p.task2.id), "own_approved") == 150
        # Summing the own column over the rows counts each project once: the root's total when all are shown.
        assert sum(table.value(row, "own_approved") or 0 for row in table.rows) == own_shown


def test_a_filtered_export_is_named_after_its_filter(viewer_client, export_plan):
    whole = viewer_client.get("/export/tasks.xlsx").headers["Content-Disposition"]
    filtered = viewer_client.get(f"/export/tasks.xlsx?department={export_plan.dept_b.id}&overdue=1")
    disposition = filtered.headers["Content-Disposition"]
    assert disposition != whole
    code = export_plan.plan.code
    assert f'filename="plan-tasks-{code}-filtered-2013-06-15.xlsx"' in disposition
    assert "filename*=UTF-8''" + quote(f"规划任务-{code}-市发改委-筛选-2013-06-15.xlsx") in disposition


def test_the_budget_by_task_sheet_says_its_rows_are_roll_ups(viewer_client, export_plan):
    sheet = open_workbook(viewer_client.get("/export/plan.xlsx").data)["预算按任务"]
    assert "每行含其全部下级任务，请勿逐行相加" in sheet["A1"].value
