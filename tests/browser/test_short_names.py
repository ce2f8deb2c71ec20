"""Issue 9, point 4 in a real browser: the office searches the seeded plan for “两化”融合, typed with the document's
quotation marks, and finds the main task 以工业信息化为重点推动“两化”深度融合 first, its short name beside the title;
the indicator register marks the targets that the table and the text word differently."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_searching_a_short_name_with_quotation_marks_finds_the_main_task_first(page, live_site):
    sign_in(page, live_site.username, live_site.password)
    page.goto("/")
    page.get_by_label("搜索（简称、标题或任务内容）").fill("“两化”融合")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    matched = page.locator('table.tree-table tbody tr[data-matched="1"]')
    first = matched.first
    expect(first).to_contain_text("以工业信息化为重点推动“两化”深度融合")
    expect(first.locator("[data-short-name]")).to_have_text("两化融合")
    expect(matched.filter(has_text="“两化融合”促进经济转型升级的重点建设平台")).to_have_count(1)
    screenshot(page, "search-short-name")

    with page.expect_navigation():
        first.get_by_role("link", name="以工业信息化为重点推动“两化”深度融合").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("两化融合")


def test_the_indicator_register_marks_differing_wordings(page, live_site):
    sign_in(page, live_site.username, live_site.password)
    page.goto("/indicators")
    row = page.locator("tr", has_text="信息产业销售收入").first
    expect(row.locator("[data-wordings-differ]")).to_have_text("表文表述不一致")
    expect(row.locator("[data-comparator]")).to_have_text(">")
    screenshot(page, "indicator-wordings")
