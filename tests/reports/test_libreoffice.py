"""LibreOffice opens the Word file and prints it on A4 with the page numbers in place (skipped where soffice is not
installed, except on CI, where the Makefile installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.reports.sample import sample_report
from tracker.reports.docx_writer import docx_bytes


@pytest.fixture(scope="module")
def printed(in_request, tmp_path_factory):
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is installed by the Makefile for the print tests")
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("lo")
    source = folder / "report.docx"
    source.write_bytes(docx_bytes(sample_report(rows=60)))  # a table over pages, without a long conversion
    # A profile of its own (per process, removed with the test's folder): a running LibreOffice or another test
    # process must not take the conversion over.
    profile = f"-env:UserInstallation={(folder / f'lo-{os.getpid()}').as_uri()}"
    command = ["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", str(folder), str(source)]
    subprocess.run(command, capture_output=True, check=True, timeout=240)
    return PdfReader(folder / "report.pdf")


def test_the_word_file_prints_on_a4(printed):
    assert len(printed.pages) > 3
    for page in printed.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_pages_after_the_cover_carry_their_numbers(printed):
    for number, page in enumerate(printed.pages[1:], start=2):
        assert f"— {number} —" in page.extract_text()


def test_the_sections_are_there(printed):
    text = "".join("".join(page.extract_text().split()) for page in printed.pages)
    assert "一、总体进展" in text and "六、各部门报送情况" in text
