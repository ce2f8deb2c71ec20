"""Issue 11, point 1: the exports as LibreOffice prints them. The seeded Hangzhou plan with the demo's projects and
reports (and a few long reasons) is exported, rendered to PDF, and read back: every page A4, numbered
"第 N 页 共 M 页" with the right N and M, and the table's text at least 7 pt high. PNGs of the first printed pages
go to test-artifacts/ for people to look at."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from seed.demo import generate_demo
from tests.conftest import TODAY
from tests.exports.printed import (
    first_page_png,
    median_font_size,
    median_height,
    pages,
    require_libreoffice,
    to_pdf,
)
from tests.seed.conftest import SEED_DIR
from tracker.auth.models import User
from tracker.plan.models import WorkItem
from tracker.seeding.loader import load_seed_dir
from tracker.updates.models import StatusUpdate

A4 = {(595, 842), (842, 595)}
MIN_TEXT_SIZE = 7.0  # points on paper
LONG_REASON = (
    "受项目审批流程调整影响，招标文件须经市财政局、市发改委两轮审核，第二轮审核意见于六月上旬才反馈；"
    "同时机房改造涉及的电力扩容需与供电部门协调，施工窗口推迟到汛期之后。"
)
LONG_REMEDY = "已与财政、发改部门建立周例会机制，压缩审核时限；电力扩容改为分期实施，先保障核心机房。"
LONG_NOTE = "完成需求调研和初步设计，总体方案已通过专家评审，正在编制招标文件。" * 2


@pytest.fixture
def office_plan(session):
    """The seeded plan, its demo history, and three overdue tasks whose newest report explains at length."""
    load_seed_dir(SEED_DIR)
    generate_demo(1, today=TODAY)
    viewer = session.scalar(select(User).where(User.username == "viewer"))
    items = session.scalars(select(WorkItem).where(WorkItem.kind == "task").order_by(WorkItem.id).limit(3)).all()
    for item in items:
        session.add(
            StatusUpdate(
                work_item=item,
                author=viewer,
                created_at=datetime(2013, 6, 14, 2, 0),
                status_before=item.status,
                status_after="delayed",
                progress_before=item.progress,
                progress_after=item.progress,
                note=LONG_NOTE,
                delay_reason=LONG_REASON,
                remedy=LONG_REMEDY,
                expected_completion=date(2013, 12, 31),
            )
        )
    session.commit()
    return viewer


def _printed(client, url: str, tmp_path, name: str):
    response = client.get(url)
    assert response.status_code == 200
    xlsx = tmp_path / f"{name}.xlsx"
    xlsx.write_bytes(response.data)
    pdf = to_pdf(xlsx)
    return pdf, pages(pdf)


def _check_pages(printed) -> None:
    """Every page A4 and numbered in its footer; the table's text (set in Chinese, between the page header and
    footer) at least 7 pt on paper on every page."""
    total = len(printed)
    for page in printed:
        assert (round(page.width), round(page.height)) in A4, (page.number, page.width, page.height)
        # pdftotext drops the spaces between Chinese characters and numbers.
        assert f"第{page.number}页共{total}页" in "".join(page.text.split()), page.number
        assert median_font_size(page.body_words()) >= MIN_TEXT_SIZE, page.number


def test_the_task_list_prints_on_numbered_a4_pages_in_readable_text(client_for, office_plan, tmp_path):
    require_libreoffice()
    pdf, printed = _printed(client_for(office_plan), "/export/tasks.xlsx", tmp_path, "tasks")
    first_page_png(pdf, "print-tasks-page1")
    assert all(page.width > page.height for page in printed)  # landscape
    _check_pages(printed)
    assert median_height([word for page in printed for word in page.body_words()]) >= MIN_TEXT_SIZE
    text = "".join("".join(page.text.split()) for page in printed)
    # The long reason wraps in its cell instead of being cut: its last words print too; the hidden columns do not.
    assert "施工窗口推迟到汛期之后" in text
    assert "校验码" not in text and "任务ID" not in text
    # The header row is repeated on every page.
    assert all("滞后原因" in page.text for page in printed)


def test_every_sheet_of_the_plan_workbook_prints_on_numbered_a4_pages(client_for, office_plan, tmp_path):
    require_libreoffice()
    pdf, printed = _printed(client_for(office_plan), "/export/plan.xlsx", tmp_path, "plan")
    first_page_png(pdf, "print-plan-page1")
    _check_pages(printed)
    headings = ["任务清单", "规划原文", "项目预算（万元）", "预算汇总", "指标", "督办清单"]
    # Each sheet names itself in the page header of each of its pages, and the sheets print in order.
    firsts = [next(page.number for page in printed if heading in page.text.split("\n")[0]) for heading in headings]
    assert firsts == sorted(firsts)
