"""Issue 9, point 4: the task exports carry the item's short name (简称), and the column comes back through the
import like the other shown columns: unchanged it changes nothing, edited it is not imported (the import page says
so; the office edits the name on the item's form)."""

from __future__ import annotations

import pytest

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, _updates_count, _verdicts, upload
from tracker.exports.models import ImportBatch
from tracker.extensions import db
from tracker.plan.models import WorkItem


@pytest.fixture
def named_plan(export_plan, session):
    export_plan.task1.short_name = "电子政务"
    session.commit()
    return export_plan


@pytest.fixture
def lead_client(client_for, named_plan):
    return client_for(named_plan.lead_b)


def _export(client, path: str = "/export/tasks.xlsx") -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    return response.data


@pytest.mark.parametrize("path", ["/export/tasks.xlsx", "/export/plan.xlsx"])
def test_both_task_exports_show_the_short_name_beside_the_title(lead_client, named_plan, path):
    table = task_table(open_workbook(_export(lead_client, path)))
    row = table.row_of(named_plan.task1.id)
    assert table.value(row, "title") == "推进电子政务建设"
    assert table.value(row, "short_name") == "电子政务"
    assert table.value(table.row_of(named_plan.sub1.id), "short_name") in ("", None)


def test_an_unchanged_export_with_short_names_imports_as_nothing(lead_client, named_plan):
    updates = _updates_count()
    batch_id = _batch_id(upload(lead_client, saved(open_workbook(_export(lead_client)))))
    assert _verdicts(batch_id) == {}
    batch = db.session.get(ImportBatch, batch_id)
    assert batch.unchanged_count == batch.row_count
    assert _updates_count() == updates


def test_an_edited_short_name_is_not_imported(lead_client, named_plan):
    p = named_plan
    workbook = open_workbook(_export(lead_client))
    table = task_table(workbook)
    table.cell(table.row_of(p.task1.id), "short_name").value = "政务建设"
    table.cell(table.row_of(p.sub1.id), "short_name").value = "政务云"
    batch_id = _batch_id(upload(lead_client, saved(workbook)))
    assert _verdicts(batch_id) == {}  # a shown column, like the departments: nothing to apply, nothing refused
    lead_client.post(f"/import/{batch_id}/confirm")
    db.session.expire_all()
    assert db.session.get(WorkItem, p.task1.id).short_name == "电子政务"
    assert db.session.get(WorkItem, p.sub1.id).short_name == ""


def test_the_import_page_says_the_shown_columns_are_not_imported(lead_client):
    page = lead_client.get("/import").get_data(as_text=True)
    assert "其他列（任务、简称、牵头和配合部门、日期等）只供查看" in page
