"""Evidence files in a real browser: a lead attaches a PDF to a status update and a Word file to a project,
finds both listed, downloads one back byte for byte; a refused file keeps nothing and says why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.attachments import samples
from tests.browser.helpers import screenshot, sign_in
from tests.conftest import TODAY
from tests.factories import Factories
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Cast:
    lead: str
    item_id: int
    project_id: int


@pytest.fixture(scope="module")
def cast(live_site) -> Cast:
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(30_000, 40_000)))
        department = db.session.scalar(select(Department).where(Department.short_name == "市经信委"))
        lead = factories.user("lead", department=department, username="files-lead", display_name="经信委李明")
        item = next(
            item
            for item in db.session.scalars(
                select(WorkItem).where(WorkItem.lead_department_id == department.id).order_by(WorkItem.id.desc())
            )
            if not item.children and item.due_date and item.due_date >= TODAY
        )
        project = factories.project(item, department, name="企业上云示范项目")
        cast = Cast(lead.username, item.id, project.id)
        db.session.commit()
    return cast


def test_a_lead_attaches_evidence_and_downloads_it_back(page, live_site, cast, tmp_path: Path, outside_requests):
    pdf = tmp_path / "项目批复.pdf"
    pdf.write_bytes(samples.pdf("批复"))
    sign_in(page, cast.lead, live_site.password)

    page.goto(f"/items/{cast.item_id}/update")
    page.get_by_label("进展说明", exact=True).fill("已取得批复，附件为批复文件。")
    page.get_by_label("佐证材料", exact=True).set_input_files(str(pdf))
    with page.expect_navigation():
        page.get_by_role("button", name="提交进展").click()
    entry = page.locator('[data-testid="timeline"] [data-kind="update"]').first
    link = entry.get_by_role("link", name="项目批复.pdf")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "项目批复.pdf"
    assert Path(download.path()).read_bytes() == pdf.read_bytes()

    # A refused file: the message at the field, nothing listed.
    html = tmp_path / "通知.pdf"
    html.write_text("<html><script>alert(1)</script></html>")
    page.goto(f"/projects/{cast.project_id}")
    page.locator("#project-files-form").get_by_label("添加文件").set_input_files(str(html))
    with page.expect_navigation():
        page.get_by_role("button", name="上传", exact=True).click()
    assert "通知.pdf：不支持这种文件" in page.locator("#project-files-form .invalid-feedback").inner_text()
    assert page.locator('#evidence [data-testid="attachments"]').count() == 0

    docx = tmp_path / "验收报告.docx"
    docx.write_bytes(samples.docx())
    page.locator("#project-files-form").get_by_label("添加文件").set_input_files(str(docx))
    with page.expect_navigation():
        page.get_by_role("button", name="上传", exact=True).click()
    assert "验收报告.docx" in page.locator("#evidence").inner_text()
    assert page.locator('[data-testid="timeline"] [data-kind="files"]').count() == 1
    screenshot(page, "evidence-files-project")
    assert outside_requests == []
