"""Probe after issue 8, defect 8: an upload with no row to import is finished when it is created (无可导入), not
left waiting for a confirmation that can never come (待确认) in the list of recent imports."""

from __future__ import annotations

import re

from tests.exports.helpers import saved, task_table
from tests.exports.test_import import _batch_id, exported, lead_client, upload  # noqa: F401 (fixtures)
from tracker.exports.models import ImportBatch
from tracker.extensions import db


def _listed_state(client, batch_id: int) -> str:
    page = client.get("/import").get_data(as_text=True)
    match = re.search(rf'href="/import/{batch_id}"[^<]*</a></td>\s*<td>([^<]*)</td>', page)
    assert match, page[:3000]
    return match.group(1)


def test_an_untouched_export_is_finished_with_nothing_to_import(lead_client, exported):  # noqa: F811
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert db.session.get(ImportBatch, batch_id).state == "nothing"
    assert _listed_state(lead_client, batch_id) == "无可导入"
    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert 'data-testid="batch-state">无可导入<' in page
    assert "confirm-form" not in page and "discard-form" not in page


def test_an_upload_whose_rows_are_all_refused_is_finished_too(lead_client, exported, export_plan):  # noqa: F811
    table = task_table(exported)
    table.cell(table.row_of(export_plan.sub3.id), "progress").value = "七十"
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert db.session.get(ImportBatch, batch_id).state == "nothing"
    assert _listed_state(lead_client, batch_id) == "无可导入"
    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert "拒绝 1 行" in page and "没有可导入的行" in page and "将导入 0 行" not in page
    assert lead_client.post(f"/import/{batch_id}/confirm").status_code == 302
    assert db.session.get(ImportBatch, batch_id).state == "nothing"


def test_an_upload_with_a_row_to_import_waits_for_confirmation(lead_client, exported, export_plan):  # noqa: F811
    table = task_table(exported)
    table.cell(table.row_of(export_plan.sub3.id), "progress").value = 45
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert db.session.get(ImportBatch, batch_id).state == "pending"
    assert _listed_state(lead_client, batch_id) == "待确认"
