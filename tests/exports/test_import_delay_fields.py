"""Probe after issue 8, defect 1: the import posts exactly what its preview shows.

A status update keeps the delay explanation (滞后原因, 整改措施, 预计完成日期) only for late work, and the web form
shows those fields only then. A row that types them for work that is not late is refused in the preview, naming the
field, instead of being previewed as imported and then silently dropped. An explanation carried over unchanged
from an earlier late report is previewed as cleared, because that is what the new report stores. The expected
completion date keeps to the date window whatever the status, as on the web form.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, exported, lead_client, upload  # noqa: F401 (fixtures)
from tracker.exports.models import ImportBatch, ImportRow
from tracker.extensions import db
from tracker.updates.models import StatusUpdate

_SHOWN = ("status", "progress", "note", "delay_reason", "remedy", "expected_completion")


def _row(batch_id: int, item_id: int) -> ImportRow:
    return db.session.scalars(
        select(ImportRow).where(ImportRow.batch_id == batch_id, ImportRow.work_item_id == item_id)
    ).one()


def _updates() -> int:
    return db.session.scalar(select(func.count()).select_from(StatusUpdate))


def _exported_cells(client, item_id: int) -> dict[str, str]:
    """What a fresh export shows for the item, as the preview writes values ("" for an empty cell)."""
    table = task_table(open_workbook(client.get("/export/tasks.xlsx").data))
    row = table.row_of(item_id)
    shown = {}
    for key in _SHOWN:
        value = table.value(row, key)
        if isinstance(value, datetime):
            value = value.date().isoformat()
        shown[key] = "" if value is None else str(value)
    return shown


def test_remedy_and_expected_date_on_work_in_progress_are_refused_naming_the_fields(
    lead_client,  # noqa: F811
    exported,  # noqa: F811
    export_plan,
):
    p = export_plan
    table = task_table(exported)
    row = table.row_of(p.sub4.id)  # 培育龙头企业: in progress, not overdue
    table.fill(row, remedy="措施only", expected_completion="2014-03-01")
    before = _exported_cells(lead_client, p.sub4.id)
    updates, version = _updates(), p.sub4.version

    batch_id = _batch_id(upload(lead_client, saved(exported)))
    refused = _row(batch_id, p.sub4.id)
    assert refused.verdict == "refused"
    assert "整改措施" in refused.message and "预计完成日期" in refused.message
    assert "进行中" in refused.message  # the status that does not keep them
    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert "没有可导入的行" in page and "拒绝 1 行" in page

    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert (_updates(), p.sub4.version) == (updates, version)  # nothing posted
    assert _exported_cells(lead_client, p.sub4.id) == before


def test_an_expected_date_outside_the_window_is_refused_for_work_in_progress(
    lead_client,  # noqa: F811
    exported,  # noqa: F811
    export_plan,
):
    p = export_plan
    table = task_table(exported)
    table.cell(table.row_of(p.sub4.id), "expected_completion").value = "0001-01-01"
    batch_id = _batch_id(upload(lead_client, saved(exported)))
    refused = _row(batch_id, p.sub4.id)
    assert (refused.verdict, refused.reason) == ("refused", "bad_value")
    assert "日期须在 2000-01-01 到 2100-12-31 之间" in refused.message


def test_an_explanation_carried_over_from_a_late_report_is_previewed_as_cleared(
    lead_client,  # noqa: F811
    exported,  # noqa: F811
    export_plan,
):
    p = export_plan
    table = task_table(exported)
    row = table.row_of(p.sub1.id)  # delayed, its explanation exported with it
    table.fill(row, status="进行中", progress=30)

    batch_id = _batch_id(upload(lead_client, saved(exported)))
    applied = _row(batch_id, p.sub1.id)
    assert applied.verdict == "apply", applied.message
    promised = {name: new for name, _old, new in applied.changes}
    assert promised == {
        "status": "in_progress",
        "progress": "30",
        "delay_reason": "",
        "remedy": "",
        "expected_completion": "",
    }
    page = lead_client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert "加快审核流程 → —" in page

    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch_id).state == "applied"
    shown = _exported_cells(lead_client, p.sub1.id)
    assert {name: shown[name] for name in promised} == {**promised, "status": "进行中"}


def test_a_late_row_posts_the_explanation_its_preview_shows(lead_client, exported, export_plan):  # noqa: F811
    p = export_plan
    table = task_table(exported)
    row = table.row_of(p.sub4.id)
    table.fill(row, status="有风险", delay_reason="企业融资困难", remedy="措施only", expected_completion="2014-03-01")

    batch_id = _batch_id(upload(lead_client, saved(exported)))
    applied = _row(batch_id, p.sub4.id)
    assert applied.verdict == "apply", applied.message
    promised = {name: new for name, _old, new in applied.changes}
    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    shown = _exported_cells(lead_client, p.sub4.id)
    assert {name: shown[name] for name in promised} == {**promised, "status": "有风险"}
    assert (shown["remedy"], shown["expected_completion"]) == ("措施only", "2014-03-01")
