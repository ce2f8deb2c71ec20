"""The plan page in a real browser (issue 9): reached from the front page, the whole document in order, the table of
contents beside it on a laptop and folded behind a button on a phone, added numbers muted with their tooltip, no
sideways scrolling. Screenshots in /tmp/shots/document/ to look at."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "shots" / "document"  # /tmp/shots/document, for people to look at
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _shot(page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _open_from_the_front_page(page, live_site) -> None:
    sign_in(page, live_site.username, live_site.password)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_test_id("plan-document-link").click()
    assert page.get_by_test_id("plan-title").inner_text() == live_site.plan_title


def _wait_until_scrolled_to_the_target(page) -> None:
    """The part a contents entry names ends up in the top quarter of the window (Bootstrap scrolls smoothly)."""
    page.wait_for_function(
        "() => { const top = location.hash && document.querySelector(location.hash).getBoundingClientRect().top;"
        " return top !== '' && top > -5 && top < window.innerHeight / 4; }"
    )


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("({page: document.documentElement.scrollWidth, window: window.innerWidth})")
    assert widths["page"] <= widths["window"], widths


def test_on_a_laptop_the_contents_sit_beside_the_document(page, live_site, outside_requests):
    page.set_viewport_size(LAPTOP)
    _open_from_the_front_page(page, live_site)
    toc, document = page.get_by_test_id("toc"), page.get_by_test_id("plan-document")
    assert toc.is_visible() and page.get_by_test_id("toc-toggle").is_hidden()
    toc_box, document_box = toc.bounding_box(), document.bounding_box()
    assert toc_box["x"] + toc_box["width"] <= document_box["x"]
    _shot(page, "laptop-top")
    text = document.inner_text()
    order = ["发展趋势与现实基础", "专栏1", "(一)指导思想", "专栏2", "(三)基本原则", "三、主要任务", "专栏3"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    _no_sideways_scroll(page)

    # A contents entry jumps to its part; the added number of 一、 is muted and explains itself.
    toc.get_by_role("link", name="(三)基本原则", exact=True).click()
    _wait_until_scrolled_to_the_target(page)
    _shot(page, "laptop-principles")
    added = document.locator(".outline-added").first
    assert added.get_attribute("title") == "编号为系统添加，非规划原文"
    muted = added.evaluate("e => getComputedStyle(e).color")
    plain = document.locator("h2 .outline-no").nth(1).evaluate("e => getComputedStyle(e.parentElement).color")
    assert muted != plain

    # A work item's facts link to its page.
    page.locator("[id^='item-']").filter(has_text="开展“两化”融合区域示范").first.scroll_into_view_if_needed()
    _shot(page, "laptop-subtasks")
    with page.expect_navigation():
        page.get_by_role("link", name="工作项 ›").first.click()
    assert "/items/" in page.url
    assert outside_requests == []


def test_on_a_phone_the_contents_fold(page, live_site):
    page.set_viewport_size(PHONE)
    _open_from_the_front_page(page, live_site)
    toggle, toc = page.get_by_test_id("toc-toggle"), page.get_by_test_id("toc")
    assert toggle.is_visible() and toc.is_hidden()
    _shot(page, "phone-folded")
    toggle.click()
    toc.wait_for(state="visible")
    _shot(page, "phone-contents-open")
    toc.get_by_role("link", name="三、主要任务", exact=True).click()
    _wait_until_scrolled_to_the_target(page)
    _shot(page, "phone-tasks")
    _no_sideways_scroll(page)
    page.get_by_test_id("indicator-table").scroll_into_view_if_needed()
    _shot(page, "phone-indicator-table")
    _no_sideways_scroll(page)
    _shot(page, "phone-full", full_page=True)
