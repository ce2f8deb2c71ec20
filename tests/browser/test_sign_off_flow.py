"""Issue 10's sign-off in a real browser: a member's report waits as a draft, the lead approves it from the
project's page, and only then does the project's progress change (strict CSP: plain forms, no inline script)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.helpers import sign_in, sign_out
from tests.factories import Factories
from tracker.extensions import db
from tracker.plan.models import ItemKind, WorkItem

pytestmark = pytest.mark.browser

NOTE = "完成设备招标，合同已签 ✅"


@dataclass(frozen=True)
class Cast:
    member: str
    lead: str
    project_id: int


@pytest.fixture(scope="module")
def cast(live_site) -> Cast:
    """A department of its own (no plan item is its: the other tests' trees stay as they are) whose members' reports
    need sign-off, its lead and member, and a project of it at 10 %."""
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(60_000, 70_000)))
        department = factories.department(name="杭州市审核测试局", short_name="审核测试局", reports_need_sign_off=True)
        member = factories.user("member", department=department, username="signoff-member", display_name="赵科员")
        lead = factories.user("lead", department=department, username="signoff-lead", display_name="钱局长")
        task = db.session.scalar(select(WorkItem).where(WorkItem.kind == ItemKind.TASK.value).order_by(WorkItem.id))
        project = factories.project(task, department, name="审核流程测试项目", status="in_progress", progress=10)
        cast = Cast(member.username, lead.username, project.id)
        db.session.commit()
    return cast


def test_a_members_report_takes_effect_when_the_lead_approves_it(page: Page, live_site, cast):
    sign_in(page, cast.member, live_site.password)
    page.goto(f"/projects/{cast.project_id}/update")
    expect(page.get_by_test_id("needs-sign-off")).to_be_visible()
    page.get_by_label("进度（%）", exact=True).fill("35")
    page.get_by_label("进展说明", exact=True).fill(NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="提交进展").click()
    expect(page.get_by_text("已提交，待部门负责人审核。")).to_be_visible()
    expect(page.get_by_test_id("sign-off-pending")).to_be_visible()
    expect(page.get_by_test_id("sign-off-actions")).to_have_count(0)
    sign_out(page)

    sign_in(page, cast.lead, live_site.password)
    page.goto(f"/projects/{cast.project_id}")
    panel = page.get_by_test_id("sign-off-panel")
    expect(panel).to_contain_text("1 份进展待您审核")
    expect(panel).to_contain_text(NOTE)
    with page.expect_navigation():
        panel.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过，进展已生效。")).to_be_visible()
    expect(page.get_by_test_id("sign-off-panel")).to_have_count(0)
    expect(page.locator('[data-sign-off="approved"]')).to_contain_text("钱局长 审核通过")
    expect(page.locator('[data-sign-off="approved"]')).to_contain_text("35%")
