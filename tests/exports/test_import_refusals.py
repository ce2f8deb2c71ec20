"""Uploads refused whole, with a clear message at the file field and nothing stored: not an .xlsx, corrupt,
oversized (as a request or once unpacked), too many rows, or not one of our exports for this plan."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import upload
from tracker.exports import reading
from tracker.exports.columns import COLUMN_INDEX
from tracker.exports.models import ImportBatch, ImportRow
from tracker.extensions import db


@pytest.fixture
def lead_client(client_for, export_plan):
    return client_for(export_plan.lead_b)


@pytest.fixture
def export_bytes(lead_client):
    return lead_client.get("/export/tasks.xlsx").data


def _refused(client, data: bytes, name: str = "进展.xlsx") -> str:
    """The upload page again with the message at the file field; nothing stored."""
    response = upload(client, data, name)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="form-control is-invalid"' in html
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0
    assert db.session.scalar(select(func.count()).select_from(ImportRow)) == 0
    return " ".join(re.findall(r'<div class="invalid-feedback">([^<]*)</div>', html))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_text_file_named_xlsx_is_refused_by_its_content(lead_client, export_plan):
    assert "不是 Excel 工作簿" in _refused(lead_client, "任务ID,版本\n1,1\n".encode(), "伪装.xlsx")


def test_an_old_xls_file_is_refused_with_advice(lead_client, export_plan):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert "另存为 .xlsx" in _refused(lead_client, ole, "进展.xls")


def test_a_truncated_file_is_refused_as_corrupt(lead_client, export_bytes):
    assert "文件已损坏" in _refused(lead_client, export_bytes[: len(export_bytes) // 2])


def test_a_zip_that_is_not_a_workbook_is_refused(lead_client, export_plan):
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
    assert "不是 Excel 工作簿" in _refused(lead_client, docx, "报告.xlsx")


def test_a_workbook_with_broken_xml_is_refused_as_corrupt(lead_client, export_bytes):
    with zipfile.ZipFile(io.BytesIO(export_bytes)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = b"<workbook><sheets><sheet name="
    assert "文件已损坏" in _refused(lead_client, _zip(parts))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(lead_client, export_bytes):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(export_bytes)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for name in source.namelist():
            bomb.writestr(name, source.read(name))
        with bomb.open("xl/worksheets/padding.xml", "w") as padding:
            chunk = b" " * (1024 * 1024)
            for _ in range(reading.MAX_UNPACKED_BYTES // len(chunk) + 1):
                padding.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on the wire
    assert "解压后过大" in _refused(lead_client, data)


def test_an_upload_over_the_request_limit_is_refused_with_413(lead_client, export_plan, app):
    response = upload(lead_client, b"PK\x03\x04" + b"\0" * app.config["MAX_CONTENT_LENGTH"])
    assert response.status_code == 413
    assert "超过了允许的大小" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_too_many_rows_are_refused(lead_client, export_bytes, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    assert "行数过多" in _refused(lead_client, export_bytes)


def test_a_foreign_spreadsheet_is_refused(lead_client, export_plan):
    workbook = openpyxl.Workbook()
    workbook.active.append(["编号", "任务", "状态", "进度（%）", "任务ID", "版本"])
    workbook.active.append(["1.", "推进电子政务建设", "进行中", 50, export_plan.task1.id, 1])
    assert "不是从本系统导出的任务清单" in _refused(lead_client, saved(workbook))


def test_another_plans_export_is_refused(lead_client, export_bytes):
    workbook = open_workbook(export_bytes)
    workbook["_tracker"]["B3"] = "another-plan"
    assert "属于另一个规划" in _refused(lead_client, saved(workbook))


def test_a_newer_format_version_is_refused(lead_client, export_bytes):
    workbook = open_workbook(export_bytes)
    workbook["_tracker"]["B2"] = "99"
    assert "格式版本不受支持" in _refused(lead_client, saved(workbook))


def test_missing_key_columns_are_refused(lead_client, export_bytes):
    workbook = open_workbook(export_bytes)
    table = task_table(workbook)
    # The hidden 版本 column's header.
    table.sheet.cell(row=table.header_row, column=COLUMN_INDEX["version"] + 1).value = None
    assert "找不到表头" in _refused(lead_client, saved(workbook))


def test_a_missing_status_column_is_named(lead_client, export_bytes):
    workbook = open_workbook(export_bytes)
    table = task_table(workbook)
    table.sheet.delete_cols(COLUMN_INDEX["status"] + 1)
    assert "缺少必需的列：状态" in _refused(lead_client, saved(workbook))


def test_a_renamed_task_sheet_is_refused(lead_client, export_bytes):
    workbook = open_workbook(export_bytes)
    workbook["任务清单"].title = "Sheet1"
    assert "找不到任务清单工作表" in _refused(lead_client, saved(workbook))


def test_an_export_without_rows_is_refused(lead_client, export_plan):
    empty = lead_client.get("/export/tasks.xlsx?q=不存在的词").data
    assert "没有任务行" in _refused(lead_client, empty)


def test_no_file_at_all_asks_for_one(lead_client, export_plan):
    response = lead_client.post("/import", data={"plan": export_plan.plan.code}, content_type="multipart/form-data")
    assert response.status_code == 200 and "请选择要上传的文件" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_columns_may_be_moved_as_long_as_their_headers_stay(lead_client, export_bytes, export_plan):
    workbook = open_workbook(export_bytes)
    table = task_table(workbook)
    row = table.row_of(export_plan.sub3.id)
    table.cell(row, "progress").value = 44
    table.sheet.insert_cols(1)  # a column added in front shifts every column
    response = upload(lead_client, saved(workbook))
    assert response.status_code == 302
    assert db.session.scalar(select(ImportRow.progress)) == 44
