"""Issue 9, point 2: the exports say where each row's departments come from (分工来源), and the column survives the
re-import round trip: an untouched export changes nothing, and the column is never imported."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, _updates_count, _verdicts, upload
from tracker.core.models import AuditEvent
from tracker.exports.models import ImportBatch
from tracker.extensions import db
from tracker.plan.models import WorkItem


@pytest.fixture
def defaults(export_plan, session):
    """As the seed leaves a plan: the tasks' departments are the office's defaults, one is confirmed."""
    p = export_plan
    for item in (p.task1, p.sub1, p.task2, p.sub3, p.sub4):
        item.assignment_source = "default"
    p.sub2.assignment_source = "office"
    session.commit()
    return p


def _sources() -> dict[int, str]:
    return dict(db.session.execute(select(WorkItem.id, WorkItem.assignment_source)).all())


def _audits() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("url", ["/export/tasks.xlsx", "/export/plan.xlsx"])
def test_each_row_says_where_its_departments_come_from(client_for, defaults, url):
    workbook = open_workbook(client_for(defaults.viewer).get(url).data)
    table = task_table(workbook)
    header = [cell.value for cell in table.sheet[table.header_row]]
    assert "分工来源" in header
    shown = {item_id: table.value(table.row_of(item_id), "assignment") for item_id in table.ids()}
    assert shown[defaults.task1.id] == shown[defaults.sub1.id] == "默认分工，待确认"
    assert shown[defaults.sub2.id] == "信息办已确认"
    assert shown[defaults.root.id] is None  # a chapter without departments has nothing to say


def test_the_indicator_sheet_says_it_too(client_for, defaults, make, session):
    make.indicator(defaults.plan, code="G1", responsible_department=defaults.dept_a, assignment_source="default")
    session.commit()
    sheet = open_workbook(client_for(defaults.viewer).get("/export/plan.xlsx").data)["指标"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if "代码" in row)
    g1 = next(row for row in rows if row[0] == "G1")
    assert g1[header.index("分工来源")] == "默认分工，待确认"


def test_an_untouched_export_reimports_as_nothing_to_do(client_for, defaults):
    client = client_for(defaults.lead_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    before, updates, audits = _sources(), _updates_count(), _audits()
    batch_id = _batch_id(upload(client, saved(workbook)))
    assert _verdicts(batch_id) == {}
    batch = db.session.get(ImportBatch, batch_id)
    assert batch.unchanged_count == batch.row_count
    client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert (_sources(), _updates_count(), _audits()) == (before, updates, audits)


def test_the_column_is_never_imported(client_for, defaults):
    """Typing over the mark confirms nothing: confirming is the office's act in the app, audited."""
    client = client_for(defaults.lead_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    table = task_table(workbook)
    table.fill(table.row_of(defaults.sub1.id), assignment="信息办已确认")
    before, audits = _sources(), _audits()
    batch_id = _batch_id(upload(client, saved(workbook)))
    assert _verdicts(batch_id) == {}
    client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert (_sources(), _audits()) == (before, audits)


def test_a_report_through_excel_keeps_the_departments_source(client_for, defaults):
    client = client_for(defaults.lead_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    table = task_table(workbook)
    table.fill(table.row_of(defaults.sub3.id), progress=45, note="按计划推进")
    batch_id = _batch_id(upload(client, saved(workbook)))
    assert _verdicts(batch_id) == {defaults.sub3.id: ("apply", "")}
    client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert db.session.get(WorkItem, defaults.sub3.id).progress == 45
    assert _sources()[defaults.sub3.id] == "default"
