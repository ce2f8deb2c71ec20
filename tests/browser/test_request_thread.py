"""Issue 10's request thread in a real browser: the office asks for a follow-up on an item; the department's lead
signs in, sees the unread count, opens the notification from the inbox and answers with a PDF; the office reads the
answer on the item's page and accepts it, which closes the request.

The item is one 市农业局 leads (no other browser test uses that department); it is reviewed through its review
form, not made overdue, so the queue and the tree's counts of the other tests stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.attachments import samples
from tests.browser.helpers import screenshot, sign_in, sign_out
from tests.conftest import TODAY
from tests.factories import Factories
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser

DEPARTMENT = "市农业局"
QUESTION = "请说明农业信息化平台的建设进度，并提交验收材料。"
ANSWER = "平台已于本月完成初验，验收报告见附件。"
FOLLOW_UP = TODAY + timedelta(days=10)


@dataclass(frozen=True)
class Cast:
    item_id: int
    item_title: str
    lead: str


@pytest.fixture(scope="module")
def cast(live_site) -> Cast:
    with live_site.app.app_context():
        department = db.session.scalar(select(Department).where(Department.short_name == DEPARTMENT))
        item = db.session.scalars(
            select(WorkItem).where(WorkItem.lead_department_id == department.id).order_by(WorkItem.id)
        ).first()
        assert item is not None, "the seed should give 市农业局 an item to lead"
        factories = Factories(db.session, iter(range(50_000, 60_000)))
        lead = factories.user("lead", department=department, username="thread-lead", display_name="农业局孙伟")
        cast = Cast(item.id, item.title, lead.username)
        db.session.commit()
    return cast


def test_office_asks_the_lead_answers_with_a_pdf_and_the_office_closes_it(page, live_site, cast):
    # The office asks for a follow-up through the review form.
    sign_in(page, live_site.username, live_site.password)
    page.goto(f"/review/work_item/{cast.item_id}/new")
    page.get_by_label("要求跟进", exact=True).check()
    page.get_by_label("审核意见", exact=True).fill(QUESTION)
    page.get_by_label("跟进日期", exact=True).fill(FOLLOW_UP.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("alert").first).to_have_text("审核意见已记录。")
    sign_out(page)

    # The lead sees the count, opens the inbox, opens the notification: the request's page; answers with a PDF.
    sign_in(page, cast.lead, live_site.password)
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    with page.expect_navigation():
        page.get_by_test_id("inbox-link").click()
    told = page.get_by_test_id("notification").filter(has_text=cast.item_title)
    expect(told).to_contain_text("办公室要求跟进")
    expect(told).to_contain_text(QUESTION)
    screenshot(page, "request-in-the-inbox")
    with page.expect_navigation():
        told.get_by_test_id("open").click()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    expect(page.get_by_test_id("request-question")).to_contain_text(QUESTION)
    expect(page.get_by_test_id("request-question")).to_contain_text(f"请于 {FOLLOW_UP.isoformat()} 前答复")
    form = page.get_by_test_id("answer-form")
    form.get_by_label("答复内容", exact=True).fill(ANSWER)
    form.get_by_label("佐证材料", exact=True).set_input_files(
        [{"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": samples.pdf("acceptance")}]
    )
    screenshot(page, "request-answer-form")
    with page.expect_navigation():
        form.get_by_role("button", name="提交答复").click()
    expect(page.get_by_role("alert").first).to_have_text("答复已提交，办公室将收到通知。")
    thread = page.get_by_test_id("request-thread")
    expect(thread).to_contain_text(ANSWER)
    expect(thread.get_by_role("link", name="验收报告.pdf")).to_be_visible()
    expect(page.get_by_test_id("request-question").locator('[data-flag="answered"]')).to_have_text("已答复待办公室确认")
    page.goto(f"/items/{cast.item_id}")  # the item's page says the same, with the way to the request
    alert = page.get_by_test_id("review-request")
    expect(alert).to_contain_text(QUESTION)
    expect(alert.locator('[data-flag="answered"]')).to_have_text("已答复待办公室确认")
    sign_out(page)

    # The office sees the answer on the item's page, opens the request and accepts the answer.
    sign_in(page, live_site.username, live_site.password)
    page.goto(f"/items/{cast.item_id}")
    entry = page.get_by_test_id("timeline").locator(".timeline-review").first
    expect(entry).to_contain_text(ANSWER)
    file_link = entry.get_by_role("link", name="验收报告.pdf")
    expect(file_link).to_be_visible()
    expect(file_link).to_have_attribute("href", re.compile(r"^/attachments/\d+$"))
    screenshot(page, "request-answer-on-item-page")
    with page.expect_navigation():
        page.get_by_test_id("review-request").get_by_test_id("request-link").click()
    accept = page.get_by_test_id("accept-form")
    accept.get_by_label("办结意见", exact=True).fill("材料齐全，同意办结。")
    with page.expect_navigation():
        accept.get_by_role("button", name="确认办结").click()
    expect(page.get_by_role("alert").first).to_have_text("已确认答复，督办事项已办结。")
    expect(page.get_by_test_id("request-question").locator('[data-flag="closed"]')).to_have_text("已办结")
    expect(page.get_by_test_id("request-thread").locator('[data-kind="accept"]')).to_contain_text("同意办结")
    expect(page.get_by_test_id("accept-form")).to_have_count(0)
    screenshot(page, "request-closed")
    page.goto(f"/items/{cast.item_id}")
    expect(page.get_by_test_id("review-request")).to_have_count(0)
    sign_out(page)
