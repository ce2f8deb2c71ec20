"""Issue 7, point 20: the preview shows old → new for each changed field, the value a refused row carried, and,
once confirmed, that its rows were imported (no longer 将导入)."""

from __future__ import annotations

import re

import pytest

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, upload


@pytest.fixture
def lead_client(client_for, export_plan):
    return client_for(export_plan.lead_b)


def _row_html(page: str, item_id: int) -> str:
    link = f'/items/{item_id}"'
    pattern = r'<tr data-row="\d+"[^>]*>(?:(?!</tr>).)*?' + re.escape(link) + r"(?:(?!</tr>).)*</tr>"
    match = re.search(pattern, page, re.S)
    assert match, page[:3000]
    return re.sub(r"\s+", " ", match.group(0))


def test_preview_shows_old_and_new_values_and_the_refused_value(lead_client, export_plan):
    p = export_plan
    workbook = open_workbook(lead_client.get("/export/tasks.xlsx").data)
    table = task_table(workbook)
    table.cell(table.row_of(p.sub3.id), "progress").value = 45
    table.cell(table.row_of(p.sub3.id), "note").value = "过半"
    table.cell(table.row_of(p.task2.id), "status").value = "已完成"
    table.cell(table.row_of(p.task2.id), "progress").value = 100
    table.cell(table.row_of(p.sub4.id), "progress").value = "七十"
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    sub3 = _row_html(page, p.sub3.id)
    assert "30 → 45" in sub3 and "过半" in sub3
    task2 = _row_html(page, p.task2.id)
    assert "进行中" in task2 and "已完成" in task2 and "50 → 100" in task2
    assert "七十" in _row_html(page, p.sub4.id)

    lead_client.post(f"/import/{batch_id}/confirm")
    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert "将导入" not in page
    assert "已导入 2 行" in page
    assert 'data-verdict="apply"' in page and ">已导入<" in _row_html(page, p.sub3.id)
