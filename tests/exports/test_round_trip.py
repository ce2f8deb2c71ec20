"""Issue 7, point 1: an export comes back exactly as it left. Written by the app, opened and saved by openpyxl as a
user's spreadsheet program would leave it, uploaded unchanged: nothing to do, nothing posted, nothing audited, and
no text altered (CRLF line breaks from browsers, emoji, formula-like, number-like and date-like text, outer blanks,
long text). Edits that change nothing are not reports; a row moved onto another item is refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, _updates_count, _verdicts, upload
from tracker.core.models import AuditEvent
from tracker.exports.models import ImportBatch, ImportRow
from tracker.extensions import db
from tracker.updates.models import StatusUpdate

TRICKY_NOTES = {
    "sub3": "第一行\r\n第二行\r\n\r\n第四行",  # as a browser's textarea sends it
    "sub4": "=SUM(A1:A3) 😀 进度正常",
    "task2": "  前后有空格的说明\t ",
    "sub1": "0012",
}
TRICKY_REASONS = {"sub1": "2013-06-15", "task2": "_x000D_ 字面的转义 _x005F_"}


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _report(session, item, author, note, delay_reason="", remedy="", expected=None, minute=0):
    """A status update as stored (the form keeps CRLF; older rows may carry outer blanks)."""
    session.add(
        StatusUpdate(
            work_item=item,
            author=author,
            created_at=datetime(2013, 6, 14, 8, minute),
            status_before=item.status,
            status_after=item.status,
            progress_before=item.progress,
            progress_after=item.progress,
            note=note,
            delay_reason=delay_reason,
            remedy=remedy,
            expected_completion=expected,
        )
    )


@pytest.fixture
def tricky_plan(export_plan, session):
    p = export_plan
    for minute, (name, note) in enumerate(TRICKY_NOTES.items()):
        item = getattr(p, name)
        reason = TRICKY_REASONS.get(name, "")
        _report(
            session,
            item,
            p.lead_b,
            note,
            reason,
            "措施\r\n第二条" if reason else "",
            date(2013, 12, 31) if reason else None,
            minute,
        )
    _report(session, p.sub2, p.lead_a, "长" * 3990 + "😀" * 10, minute=30)
    session.commit()
    return p


@pytest.fixture
def lead_client(client_for, export_plan):
    return client_for(export_plan.lead_b)


def _export(client):
    response = client.get("/export/tasks.xlsx")
    assert response.status_code == 200
    return response.data


def test_an_untouched_export_saved_by_a_spreadsheet_program_imports_as_nothing_to_do(lead_client, tricky_plan):
    workbook = open_workbook(_export(lead_client))  # openpyxl, not read-only: it rewrites every part on save
    updates, audits = _updates_count(), _audit_count()
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    batch = db.session.get(ImportBatch, batch_id)
    assert _verdicts(batch_id) == {}
    assert batch.unchanged_count == batch.row_count == 7
    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert (_updates_count(), _audit_count()) == (updates, audits)


def test_repeated_cycles_do_not_grow_the_text(lead_client, tricky_plan):
    data = _export(lead_client)
    for _ in range(3):
        data = saved(open_workbook(data))
    batch_id = _batch_id(upload(lead_client, data))
    assert _verdicts(batch_id) == {}


def test_the_latest_progress_note_is_exported_as_typed(lead_client, tricky_plan):
    p = tricky_plan
    table = task_table(open_workbook(_export(lead_client)))
    notes = {name: table.value(table.row_of(getattr(p, name).id), "note") for name in TRICKY_NOTES}
    # Excel keeps line breaks as LF; a formula-like text carries the guard apostrophe; nothing else changes.
    assert notes == {
        "sub3": "第一行\n第二行\n\n第四行",
        "sub4": "'=SUM(A1:A3) 😀 进度正常",
        "task2": "  前后有空格的说明\t ",
        "sub1": "0012",
    }
    assert table.value(table.row_of(p.sub1.id), "delay_reason") == "2013-06-15"


def test_a_new_note_with_crlf_and_literal_escapes_arrives_as_typed(lead_client, tricky_plan):
    p = tricky_plan
    workbook = open_workbook(_export(lead_client))
    table = task_table(workbook)
    row = table.row_of(p.sub3.id)
    # As Excel stores "_x0041_" typed literally (openpyxl itself would not escape it).
    table.cell(row, "note").value = "新说明\r\n第二行 _x005F_x0041_ 😀"
    table.cell(row, "progress").value = 45
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    assert _verdicts(batch_id) == {p.sub3.id: ("apply", "")}
    note = db.session.scalar(select(ImportRow.note).where(ImportRow.batch_id == batch_id))
    assert note == "新说明\n第二行 _x0041_ 😀"


def test_a_row_whose_only_edit_is_the_check_cell_posts_nothing(lead_client, tricky_plan):
    p = tricky_plan
    workbook = open_workbook(_export(lead_client))
    table = task_table(workbook)
    table.cell(table.row_of(p.sub3.id), "check").value = "0" * 16
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    assert _verdicts(batch_id) == {}
    assert db.session.get(ImportBatch, batch_id).unchanged_count == 7


def test_a_row_moved_onto_another_item_by_its_hidden_id_is_refused(lead_client, export_plan, session):
    p = export_plan
    assert p.sub3.version == p.sub4.version  # both versions match: the old check could not tell
    workbook = open_workbook(_export(lead_client))
    table = task_table(workbook)
    row = table.row_of(p.sub3.id)
    table.cell(row, "id").value = p.sub4.id
    table.cell(row, "progress").value = 77
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    assert _verdicts(batch_id) == {p.sub4.id: ("refused", "bad_key")}


@pytest.mark.parametrize("key", ["version", "id"])
def test_numbers_beyond_the_integer_range_in_hidden_columns_refuse_the_row(lead_client, export_plan, key):
    """500 on every database before (the version went into an INTEGER column); run with --db= for the others."""
    p = export_plan
    workbook = open_workbook(_export(lead_client))
    table = task_table(workbook)
    row = table.row_of(p.sub3.id)
    table.cell(row, key).value = 10**20  # past 64 bits too: SQLite refuses it as well
    table.cell(row, "progress").value = 45
    response = upload(lead_client, saved(workbook))
    batch_id = _batch_id(response)
    (verdict,) = db.session.execute(
        select(ImportRow.verdict, ImportRow.reason, ImportRow.message).where(ImportRow.batch_id == batch_id)
    ).all()
    assert verdict.verdict == "refused" and verdict.reason in ("bad_key", "unknown_item")
    assert "隐藏" in verdict.message


def test_text_columns_are_formatted_as_text_so_typed_numbers_and_dates_stay_text(lead_client, tricky_plan):
    table = task_table(open_workbook(_export(lead_client)))
    row = table.row_of(tricky_plan.sub3.id)
    for key in ("note", "title"):
        assert table.cell(row, key).number_format == "@", key
    # Empty cells take their column's format when someone types into them.
    for key in ("note", "delay_reason", "remedy"):
        column = table.cell(row, key).column
        (dimension,) = [d for d in table.sheet.column_dimensions.values() if d.min <= column <= d.max]
        assert dimension.number_format == "@", key


def test_a_departments_filing_imports_back_as_nothing_to_do(lead_client, tricky_plan):
    """Its 汇总 and 进展记录 sheets (user text included) are not read: only the task sheet the marker names is."""
    response = lead_client.get(f"/export/tasks.xlsx?department={tricky_plan.dept_a.id}")
    assert response.status_code == 200
    workbook = open_workbook(response.data)
    assert workbook.sheetnames == ["汇总", "任务清单", "进展记录", "_tracker"]
    updates, audits = _updates_count(), _audit_count()
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    batch = db.session.get(ImportBatch, batch_id)
    assert _verdicts(batch_id) == {}
    assert batch.unchanged_count == batch.row_count == len(task_table(workbook).rows) > 0
    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert (_updates_count(), _audit_count()) == (updates, audits)
