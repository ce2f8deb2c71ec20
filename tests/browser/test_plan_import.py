"""The office imports a plan document in a real browser: from the tree page to the upload form, the preview
(the tree as it will be written, the unknown department names), a name mapped to an existing department,
confirm, and the new plan's tree. Screenshots at desktop and phone width in /tmp/shots/importer/ and
test-artifacts/.

The live site is shared by every browser test: the unknown names are mapped to existing departments, so the
import adds a plan and its items only (the seeded plan stays the one the other tests' pages show).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.helpers import screenshot, sign_in
from tests.documents.import_helpers import SMART_CITY
from tracker.extensions import db
from tracker.plan.models import AssignmentSource, Plan, WorkItem

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "shots" / "importer"  # where people reviewing the import look
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
CODE = "smart-city-browser"


def _shot(page: Page, name: str) -> None:
    path = screenshot(page, f"plan-import-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("({page: document.documentElement.scrollWidth, window: window.innerWidth})")
    assert widths["page"] <= widths["window"], widths


def seeded_code(live_site) -> str:
    with live_site.app.app_context():
        code = db.session.scalar(select(Plan.code).where(Plan.title == live_site.plan_title))
        db.session.remove()
    return code


def test_the_office_imports_a_plan_document(page: Page, live_site):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_site.username, live_site.password)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_test_id("import-plan").click()
    expect(page.get_by_role("heading", name="导入规划文件")).to_be_visible()
    file_field = page.get_by_label("规划文件（纯文本 .txt 或 Word .docx）")

    # An empty file and the seeded plan's code: both refused at once, the typed name kept.
    file_field.set_input_files({"name": "empty.txt", "mimeType": "text/plain", "buffer": b""})
    page.get_by_label("规划代码").fill(seeded_code(live_site))
    page.get_by_label("规划名称").fill("智慧城市规划")
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#code + .invalid-feedback, #code ~ .invalid-feedback")).to_contain_text("不能重复导入")
    expect(page.locator("#file ~ .invalid-feedback")).to_be_visible()
    expect(page.get_by_label("规划名称")).to_have_value("智慧城市规划")
    _shot(page, "upload-refused-desktop")

    page.get_by_label("规划文件（纯文本 .txt 或 Word .docx）").set_input_files(str(SMART_CITY))
    page.get_by_label("规划代码").fill(CODE)
    page.get_by_label("规划名称").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()

    expect(page.get_by_role("heading", name="导入预览")).to_be_visible()
    tree = page.get_by_test_id("import-tree")
    expect(tree).to_contain_text("推进“两化”深度融合")
    expect(tree.locator('[data-department-state="unknown"]').first).to_be_visible()
    unknown = page.get_by_test_id("unknown-departments")
    expect(unknown).to_contain_text("市大数据局")
    expect(unknown).to_contain_text("钱塘新区管委会")
    # Each chapter and section says whether it is tracked or background (none of this document's is background).
    expect(tree.get_by_role("columnheader", name="跟踪 / 仅阅读")).to_be_visible()
    expect(tree.locator('input[name="track"]').first).to_be_checked()
    expect(tree.locator('tr[data-background="yes"]')).to_have_count(0)
    _shot(page, "preview-desktop")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    _shot(page, "preview-phone")
    page.set_viewport_size(DESKTOP)

    page.get_by_label("市大数据局").select_option(label="杭州市经济和信息化委员会 · 市经信委")
    page.get_by_label("钱塘新区管委会").select_option(label="杭州市商务委员会 · 市商务委")
    # The document uses the body's later name; the tracker holds the one it had when the plan was issued.
    page.get_by_label("市科技局").select_option(label="杭州市科学技术委员会 · 市科委")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()

    assert page.url.endswith(f"/?plan={CODE}")
    expect(page.locator(".alert-success")).to_contain_text("已导入规划")
    _shot(page, "done-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, "done-phone")

    with live_site.app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.code == CODE))
        assert plan is not None and plan.title == "杭州市智慧城市建设“十三五”规划"
        items = {
            item.outline_no: item for item in db.session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id))
        }
        assert items["（1）"].lead_department.short_name == "市经信委"
        assert items["2."].lead_department.short_name == "市商务委"
        assert items["2."].assignment_source == AssignmentSource.DOCUMENT.value
        db.session.remove()


def test_background_is_shown_read_only_flipped_by_the_office_and_read_on_the_plan_page(page: Page, live_site, tmp_path):
    """A document opening with its background: the preview proposes 仅阅读 for it, the office tracks one part after
    all, and the plan page shows the rest as the plan's background in document order."""
    from tests.documents.test_import_background import DOCUMENT

    path = tmp_path / "digital.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_site.username, live_site.password)
    page.goto("/plans/import")
    page.get_by_label("规划文件（纯文本 .txt 或 Word .docx）").set_input_files(str(path))
    page.get_by_label("规划代码").fill("digital-browser")
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    tree = page.get_by_test_id("import-tree")
    background = tree.locator('tr[data-background="yes"]')
    expect(background.first).to_contain_text("发展基础与面临形势")
    guidance = tree.locator("tr", has_text="指导思想").get_by_role("checkbox")
    expect(guidance).not_to_be_checked()
    _shot(page, "background-preview-desktop")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)

    guidance.check()  # the office tracks the guiding thought after all
    for choice in page.get_by_test_id("unknown-departments").locator("select").all():
        choice.select_option(label="杭州市经济和信息化委员会 · 市经信委")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".alert-success")).to_contain_text("已导入规划")

    with live_site.app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.code == "digital-browser"))
        plan_id = plan.id
        assert "指导思想" in set(db.session.scalars(select(WorkItem.title).where(WorkItem.plan_id == plan_id)))
        db.session.remove()
    page.goto(f"/plans/{plan_id}")
    document = page.get_by_test_id("plan-document")
    expect(document.locator('[data-kind="trend"]')).to_contain_text("面临形势")
    expect(document.locator('[data-kind="principle"]').first).to_contain_text("创新引领")
    expect(document.locator('[data-kind="guidance"]')).to_have_count(0)
    _shot(page, "background-plan-page-desktop")
