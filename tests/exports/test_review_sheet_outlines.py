"""The workbook's 督办清单 names each item by its full outline ("三、2.〔1〕"), not by its own number alone."""

from __future__ import annotations

from datetime import date

from tests.exports.test_export_workbook import _rows, _workbook


def test_the_review_sheet_shows_each_items_full_outline(client_for, export_plan, make):
    p = export_plan
    make.item(
        p.plan,
        p.sub3,
        kind="subtask",
        outline_no="①",
        title="软件园一期",
        lead_department=p.dept_b,
        status="in_progress",
        due_date=date(2013, 2, 1),
    )
    make.project(p.sub3, p.dept_b, name="龙头企业培育工程", status="delayed", due_date=date(2013, 3, 1))
    _header, rows = _rows(_workbook(client_for(p.viewer))["督办清单"], "类型")
    outlines = {row[2]: row[1] for row in rows}
    assert outlines["推进电子政务建设"] == "三、1."
    assert outlines["软件园一期"] == "三、2.〔1〕①"
    assert outlines["主要任务"] == "三、"
    assert outlines["龙头企业培育工程"] in ("", None)  # a project has no outline
