"""The Excel import keeps to the same date window as the forms (one rule, in tracker.core.dates)."""

from __future__ import annotations

from sqlalchemy import select

from tests.exports.helpers import saved, task_table
from tests.exports.test_import import _batch_id, _verdicts, exported, lead_client, upload  # noqa: F401 (fixtures)
from tracker.exports.models import ImportRow
from tracker.extensions import db


def test_an_expected_completion_outside_the_window_is_refused(lead_client, exported, export_plan):  # noqa: F811
    p = export_plan
    table = task_table(exported)
    row = table.row_of(p.sub3.id)
    table.fill(row, status="滞后", delay_reason="资金未到位", remedy="申请追加预算", expected_completion="9999-12-31")
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    assert _verdicts(batch_id)[p.sub3.id][0] == "refused"
    message = db.session.scalar(select(ImportRow.message).where(ImportRow.work_item_id == p.sub3.id))
    assert message == "日期须在 2000-01-01 到 2100-12-31 之间。"
