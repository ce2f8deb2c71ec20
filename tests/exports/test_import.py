"""Round trip: export → edit in a spreadsheet program (openpyxl) → upload → preview → confirm.

Exactly the edited rows are applied, as status updates, in one transaction; the rest are refused with reasons
(another department, changed since the export, bad values, late work without an explanation)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY
from tests.exports.helpers import open_workbook, saved, task_table
from tracker.exports import importing
from tracker.exports.columns import COLUMN_INDEX
from tracker.exports.models import ImportBatch, ImportRow
from tracker.extensions import db
from tracker.plan.choice import default_plan
from tracker.updates.models import StatusUpdate
from tracker.updates.services import UpdateData, post_status_update


def upload(client, data: bytes, name: str = "进展.xlsx"):
    """The upload form as its page sends it: the file, and the plan the page showed (the default plan here)."""
    body = {"file": (io.BytesIO(data), name), "plan": default_plan().code}
    return client.post("/import", data=body, content_type="multipart/form-data")


def _batch_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _verdicts(batch_id: int) -> dict[int, tuple[str, str]]:
    rows = db.session.execute(
        select(ImportRow.work_item_id, ImportRow.verdict, ImportRow.reason).where(ImportRow.batch_id == batch_id)
    )
    return {item_id: (verdict, reason) for item_id, verdict, reason in rows}


def _updates_count() -> int:
    return db.session.scalar(select(func.count()).select_from(StatusUpdate))


@pytest.fixture
def lead_client(client_for, export_plan):
    return client_for(export_plan.lead_b)


@pytest.fixture
def exported(lead_client):
    """The lead's export of the whole list, opened for editing."""
    response = lead_client.get("/export/tasks.xlsx")
    assert response.status_code == 200
    return open_workbook(response.data)


def test_round_trip_applies_exactly_the_edited_rows_and_refuses_the_rest(lead_client, exported, export_plan, session):
    p = export_plan
    table = task_table(exported)

    def edit(item, **cells):
        row = table.row_of(item.id)
        for key, value in cells.items():
            table.cell(row, key).value = value

    edit(p.sub1, progress=35, note="已完成招标")  # B, delayed with its explanation carried over: applies
    edit(p.task2, status="已完成", progress=100, note="全部完成")  # B: applies
    edit(p.task1, progress=55)  # A leads it: not this lead's department
    edit(p.sub3, progress=45)  # changed by someone else after the export (below)
    edit(p.sub4, progress="七十")  # a bad value
    edit(p.root, status="滞后")  # no department: refused too, after the value check passes
    # sub2 (A) is left as exported: skipped silently, only counted.
    post_status_update(p.sub3, UpdateData("in_progress", 40, p.sub3.version, "线上报告"), p.lead_b, TODAY)
    session.commit()
    updates_before = _updates_count()

    batch_id = _batch_id(upload(lead_client, saved(exported)))
    verdicts = _verdicts(batch_id)
    assert verdicts == {
        p.sub1.id: ("apply", ""),
        p.task2.id: ("apply", ""),
        p.task1.id: ("refused", "not_your_department"),
        p.sub3.id: ("refused", "changed_since_export"),
        p.sub4.id: ("refused", "bad_value"),
        p.root.id: ("refused", "not_your_department"),
    }
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.state, batch.row_count, batch.unchanged_count, batch.filename) == ("pending", 7, 1, "进展.xlsx")
    assert _updates_count() == updates_before  # the preview writes nothing

    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert "将导入 2 行" in page and "拒绝 4 行" in page and "未修改 1 行（跳过）" in page
    assert (
        "不是您所在部门牵头的任务" in page
        and "导出之后此任务已被更新" in page
        and "进度须为 0 到 100 之间的整数" in page
    )

    response = lead_client.post(f"/import/{batch_id}/confirm")
    assert response.status_code == 302
    session.expire_all()
    assert _updates_count() == updates_before + 2
    assert (p.sub1.status, p.sub1.progress) == ("delayed", 35)
    assert (p.task2.status, p.task2.progress) == ("completed", 100)
    assert (p.task1.progress, p.sub4.progress, p.sub3.progress, p.root.status) == (40, 10, 40, "not_started")
    newest = db.session.scalars(
        select(StatusUpdate).where(StatusUpdate.work_item_id == p.sub1.id).order_by(StatusUpdate.id.desc())
    ).first()
    assert newest.author_id == p.lead_b.id and newest.note == "已完成招标"
    assert (newest.delay_reason, newest.remedy, newest.expected_completion) == (
        "招标文件审核延期",
        "加快审核流程",
        date(2013, 12, 31),
    )
    assert db.session.get(ImportBatch, batch_id).state == "applied"
    assert "已导入 2 条进展报告" in lead_client.get(f"/import/{batch_id}").get_data(as_text=True)

    # Applied at most once.
    lead_client.post(f"/import/{batch_id}/confirm")
    assert _updates_count() == updates_before + 2


def test_late_work_needs_its_explanation(lead_client, exported, export_plan):
    p = export_plan
    table = task_table(exported)
    row = table.row_of(p.sub3.id)
    table.cell(row, "status").value = "滞后"  # no reason, remedy or expected completion
    row4 = table.row_of(p.sub4.id)
    table.fill(
        row4, status="有风险", delay_reason="资金未到位", remedy="申请追加预算", expected_completion="2014-03-31"
    )
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert _verdicts(batch_id) == {
        p.sub3.id: ("refused", "needs_delay_explanation"),
        p.sub4.id: ("apply", ""),
    }
    message = db.session.scalar(select(ImportRow.message).where(ImportRow.work_item_id == p.sub3.id))
    assert message == "滞后、有风险或已逾期的事项须填写滞后原因。"


def test_values_typed_the_way_excel_users_type_them(lead_client, exported, export_plan):
    p = export_plan
    table = task_table(exported)
    rows = {item: table.row_of(item.id) for item in (p.sub3, p.sub4, p.task2, p.sub1)}
    table.cell(rows[p.sub3], "progress").value = "45%"
    table.cell(rows[p.sub4], "progress").value = 0.6
    table.cell(rows[p.sub4], "progress").number_format = "0%"  # "60%" typed into the cell
    table.cell(rows[p.task2], "status").value = "in_progress"  # the code works as well as the label
    table.cell(rows[p.task2], "progress").value = 55.0
    table.cell(rows[p.sub1], "progress").value = 20.5  # not a whole number
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    progress = dict(
        db.session.execute(
            select(ImportRow.work_item_id, ImportRow.progress).where(ImportRow.batch_id == batch_id)
        ).all()
    )
    assert progress[p.sub3.id] == 45 and progress[p.sub4.id] == 60 and progress[p.task2.id] == 55
    assert _verdicts(batch_id)[p.sub1.id] == ("refused", "bad_value")


def test_english_export_imports_for_a_chinese_user(client_for, make, export_plan, session):
    p = export_plan
    p.lead_b.locale = "en"
    session.commit()
    workbook = open_workbook(client_for(p.lead_b).get("/export/tasks.xlsx").data)
    sheet = workbook.worksheets[0]
    header = next(
        r for r in range(1, 30) if "任务ID" in [c.value for c in sheet[r]] or "Task ID" in [c.value for c in sheet[r]]
    )
    labels = {c.value: c.column for c in sheet[header]}
    status_label = next(label for label in labels if label in ("Status", "状态"))
    progress_label = next(label for label in labels if label.startswith(("Progress", "进度（%）")))
    id_label = next(label for label in labels if label in ("Task ID", "任务ID"))
    row = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, labels[id_label]).value == p.sub3.id)
    sheet.cell(row, labels[status_label]).value = sheet.cell(row, labels[status_label]).value  # English label kept
    sheet.cell(row, labels[progress_label]).value = 33
    p.lead_b.locale = "zh_Hans_CN"
    session.commit()
    batch_id = _batch_id(upload(client_for(p.lead_b), saved(workbook)))
    assert _verdicts(batch_id) == {p.sub3.id: ("apply", "")}


def test_confirm_rechecks_versions_and_writes_nothing_when_one_row_changed_meanwhile(
    lead_client, exported, export_plan, session
):
    p = export_plan
    table = task_table(exported)
    table.cell(table.row_of(p.sub3.id), "progress").value = 45
    table.cell(table.row_of(p.sub4.id), "progress").value = 15
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert _verdicts(batch_id) == {p.sub3.id: ("apply", ""), p.sub4.id: ("apply", "")}
    # Between preview and confirmation someone reports on the second row's item.
    post_status_update(p.sub4, UpdateData("in_progress", 12, p.sub4.version, "线上"), p.member_b, TODAY)
    session.commit()
    before = _updates_count()
    response = lead_client.post(f"/import/{batch_id}/confirm", follow_redirects=True)
    assert "在预览之后已被他人更新" in response.get_data(as_text=True)
    session.expire_all()
    assert _updates_count() == before
    assert (p.sub3.progress, p.sub4.progress) == (30, 12)
    assert db.session.get(ImportBatch, batch_id).state == "pending"


def test_a_failure_midway_leaves_nothing_written(lead_client, exported, export_plan, session, monkeypatch):
    p = export_plan
    table = task_table(exported)
    for item, progress in ((p.sub3, 45), (p.sub4, 15), (p.task2, 60)):
        table.cell(table.row_of(item.id), "progress").value = progress
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    before = _updates_count()
    calls = []
    real = importing.post_status_update

    def failing_on_the_second(subject, data, actor, today):
        calls.append(subject.id)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real(subject, data, actor, today)

    monkeypatch.setattr(importing, "post_status_update", failing_on_the_second)
    response = lead_client.post(f"/import/{batch_id}/confirm")
    assert response.status_code == 500
    assert len(calls) == 2
    session.expire_all()
    assert _updates_count() == before
    assert (p.task2.progress, p.sub3.progress, p.sub4.progress) == (50, 30, 10)
    assert db.session.get(ImportBatch, batch_id).state == "pending"


def test_a_rule_failure_midway_is_reported_and_nothing_written(lead_client, exported, export_plan, monkeypatch):
    from tracker.core.errors import ValidationError

    p = export_plan
    table = task_table(exported)
    for item, progress in ((p.sub3, 45), (p.sub4, 15)):
        table.cell(table.row_of(item.id), "progress").value = progress
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    before = _updates_count()
    real = importing.post_status_update

    def refusing_the_second(subject, data, actor, today):
        if subject.id == p.sub4.id:
            raise ValidationError("规则不允许", field="progress")
        return real(subject, data, actor, today)

    monkeypatch.setattr(importing, "post_status_update", refusing_the_second)
    page = lead_client.post(f"/import/{batch_id}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "规则不允许" in page and "本次导入没有写入任何内容" in page
    db.session.expire_all()
    assert _updates_count() == before and p.sub3.progress == 30


def test_a_discarded_batch_cannot_be_applied(lead_client, exported, export_plan):
    p = export_plan
    table = task_table(exported)
    table.cell(table.row_of(p.sub3.id), "progress").value = 45
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert lead_client.post(f"/import/{batch_id}/discard").status_code == 302
    before = _updates_count()
    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch_id).state == "discarded" and _updates_count() == before


def test_a_file_with_nothing_edited_applies_nothing(lead_client, exported):
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.row_count, batch.unchanged_count) == (7, 7) and _verdicts(batch_id) == {}
    assert "没有可导入的行" in lead_client.get(f"/import/{batch_id}").get_data(as_text=True)


def test_text_cells_come_back_without_the_formula_guard(lead_client, exported, export_plan):
    p = export_plan
    table = task_table(exported)
    row = table.row_of(p.sub3.id)
    table.cell(row, "note").value = "'=按计划推进"  # as our export would have written "=按计划推进"
    table.cell(row, "progress").value = 35
    other = table.row_of(p.sub4.id)
    table.cell(other, "note").value = "长" * 4001  # over the 4,000 a report holds
    table.cell(other, "progress").value = 11
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    notes = dict(
        db.session.execute(select(ImportRow.work_item_id, ImportRow.note).where(ImportRow.batch_id == batch_id)).all()
    )
    assert notes[p.sub3.id] == "=按计划推进"
    assert _verdicts(batch_id)[p.sub4.id] == ("refused", "bad_value")


def test_unknown_and_duplicated_rows_are_refused(lead_client, exported, export_plan):
    p = export_plan
    table = task_table(exported)
    sheet = table.sheet
    last = table.rows[-1]
    # A copy of sub3's row, edited, and a row whose key points nowhere.
    for offset, key in ((1, p.sub3.id), (2, 999_999), (3, p.sub3.id)):
        for col in range(1, sheet.max_column + 1):
            sheet.cell(last + offset, col).value = sheet.cell(table.row_of(p.sub3.id), col).value
        sheet.cell(last + offset, COLUMN_INDEX["id"] + 1).value = key
        sheet.cell(last + offset, COLUMN_INDEX["progress"] + 1).value = 40 + offset
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    rows = db.session.execute(
        select(ImportRow.row_number, ImportRow.verdict, ImportRow.reason)
        .where(ImportRow.batch_id == batch_id)
        .order_by(ImportRow.row_number)
    ).all()
    assert [tuple(r) for r in rows] == [
        (last + 1, "apply", ""),
        (last + 2, "refused", "unknown_item"),
        (last + 3, "refused", "duplicate"),
    ]
