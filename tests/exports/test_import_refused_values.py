"""Probe after issue 8, defect 5: a refused row quotes the value as it was typed.

A long value is cut with a visible ellipsis, never silently; a formula (openpyxl and other writers store none of
its result) is named as a formula, not quoted as an empty value; and a note holding a formula is refused rather
than posted as an empty note.
"""

from __future__ import annotations

from sqlalchemy import select

from tests.exports.helpers import saved, task_table
from tests.exports.test_import import _batch_id, exported, lead_client, upload  # noqa: F401 (fixtures)
from tracker.exports.models import ImportRow
from tracker.extensions import db


def _refusal(client, workbook, item_id: int) -> str:
    batch_id = _batch_id(upload(client, saved(workbook)))
    verdict, message = db.session.execute(
        select(ImportRow.verdict, ImportRow.message).where(
            ImportRow.batch_id == batch_id, ImportRow.work_item_id == item_id
        )
    ).one()
    assert verdict == "refused", message
    return message


def test_a_long_hidden_id_is_quoted_with_an_ellipsis(lead_client, exported, export_plan):  # noqa: F811
    table = task_table(exported)
    row = table.row_of(export_plan.sub3.id)
    table.cell(row, "id").value = 1180591620717411041280
    table.cell(row, "progress").value = 45
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    (message,) = db.session.scalars(select(ImportRow.message).where(ImportRow.batch_id == batch_id))
    assert "“11805916207174110412…”" in message


def test_a_long_status_is_quoted_with_an_ellipsis(lead_client, exported, export_plan):  # noqa: F811
    table = task_table(exported)
    table.cell(table.row_of(export_plan.sub3.id), "status").value = "进行中但是遇到了一些困难需要协调解决"
    assert "“进行中但是遇到了一些困难需要协调解决”" in _refusal(lead_client, exported, export_plan.sub3.id)
    table.cell(table.row_of(export_plan.sub3.id), "status").value = "进行中但是遇到了一些困难需要协调解决的问题比较多"
    assert "“进行中但是遇到了一些困难需要协调解决的问…”" in _refusal(lead_client, exported, export_plan.sub3.id)


def test_a_progress_formula_is_reported_as_a_formula(lead_client, exported, export_plan):  # noqa: F811
    table = task_table(exported)
    table.cell(table.row_of(export_plan.sub3.id), "progress").value = "=30+2"
    message = _refusal(lead_client, exported, export_plan.sub3.id)
    assert "进度" in message and "=30+2" in message and "公式不能导入" in message


def test_a_note_formula_is_refused_not_posted_as_an_empty_note(lead_client, exported, export_plan):  # noqa: F811
    table = task_table(exported)
    row = table.row_of(export_plan.sub3.id)
    table.cell(row, "progress").value = 45
    table.cell(row, "note").value = "=1+1"
    message = _refusal(lead_client, exported, export_plan.sub3.id)
    assert "进展说明" in message and "=1+1" in message and "公式不能导入" in message
