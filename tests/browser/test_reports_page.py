"""The report page in a real browser: sign in, choose the quarter kind (the period list follows it), a quarter and a
department, and both links download the report of that choice; screenshots at a desktop and a phone width."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.helpers import ARTIFACTS, screenshot, sign_in

pytestmark = pytest.mark.browser

DEPARTMENT = "市经信委"


def test_choose_a_quarter_and_a_department_and_download_both_files(page, live_site, outside_requests, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_site.username, live_site.password, then="/dashboard")
    with page.expect_navigation():
        page.get_by_role("link", name="报告", exact=True).click()
    expect(page.get_by_role("heading", name="规划实施情况报告")).to_be_visible()
    # Another kind first: the form sends itself and lists that kind's periods.
    with page.expect_navigation():
        page.get_by_label("报告类型").select_option("month")
    expect(page.get_by_label("报告期")).to_have_value("2013-06")
    with page.expect_navigation():
        page.get_by_label("报告类型").select_option("quarter")
    page.get_by_label("报告期").select_option("2013-Q2")
    page.get_by_label("报告范围").select_option(label=DEPARTMENT)
    with page.expect_navigation():
        page.get_by_role("button", name="选择").click()
    downloads = page.get_by_test_id("report-downloads")
    expect(downloads).to_contain_text("2013年第二季度")
    screenshot(page, "reports-page-1366x768", full_page=False)

    with page.expect_download() as word:
        page.get_by_test_id("download-docx").click()
    # The file is named for the period and the department (its short name).
    assert word.value.suggested_filename.endswith(f"（2013年第二季度）_{DEPARTMENT}.docx")
    word_path = tmp_path / "report.docx"
    word.value.save_as(word_path)
    document = Document(str(word_path))
    headings = [paragraph.text[:2] for paragraph in document.paragraphs if paragraph.style.name == "Heading 1"]
    assert headings == ["一、", "二、", "三、", "四、", "五、", "六、"]

    with page.expect_download() as pdf:
        page.get_by_test_id("download-pdf").click()
    assert pdf.value.suggested_filename.endswith(f"（2013年第二季度）_{DEPARTMENT}.pdf")
    pdf_path = tmp_path / "report.pdf"
    pdf.value.save_as(pdf_path)
    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "2013年第二季度" in "".join(text.split())
    assert outside_requests == []
    if shutil.which("pdftoppm"):  # the seeded plan's first two pages, for people to look at
        prefix = ARTIFACTS / "reports-seed-pdf-page"
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(pdf_path), str(prefix)], check=True)


def test_the_page_at_a_phone_width(page, live_site):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_site.username, live_site.password, then="/reports?kind=year&period=2012")
    expect(page.get_by_test_id("download-pdf")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "reports-page-390x844")
