"""The writers' tests read back files written from a hand-built report (tests.reports.sample): each file is written
once per module, in a request context of its own (the PDF's footer is translated text)."""

from __future__ import annotations

import pytest

from tests.reports.sample import sample_report
from tracker import create_app
from tracker.reports.docx_writer import docx_bytes
from tracker.reports.pdf_writer import pdf_bytes

# Enough rows for the overdue table to run over several pages.
MANY_ROWS = 300


@pytest.fixture(scope="module")
def writer_app():
    return create_app("testing")


@pytest.fixture(scope="module")
def in_request(writer_app):
    with writer_app.test_request_context():
        yield


@pytest.fixture(scope="module")
def sample_docx(in_request) -> bytes:
    return docx_bytes(sample_report(rows=MANY_ROWS))


@pytest.fixture(scope="module")
def sample_pdf(in_request) -> bytes:
    return pdf_bytes(sample_report(rows=MANY_ROWS))
