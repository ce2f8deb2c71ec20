"""The PDF read back (pypdf, and poppler's pdfinfo / pdffonts where installed): A4 pages, the plan's title and each
main task in its text, embedded fonts, "第 N 页 共 M 页" on every page; user text cannot break it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from tests.reports.sample import EMOJI_NOTE, MAIN_TASKS, PLAN_TITLE, SECTIONS, sample_report
from tracker.reports import fonts
from tracker.reports.document import Column, Cover, Paragraph, ReportDocument, Row, Table
from tracker.reports.fonts import MISSING_GLYPH, printable, report_fonts
from tracker.reports.pdf_writer import pdf_bytes
from tracker.reports.text import CELL_LIMIT, clean

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
A4_POINTS = (595.3, 841.9)


def _needs(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is installed by the Makefile for the print tests")
        pytest.skip(f"{tool} is not installed")


def _run(tool: str, path: Path) -> str:
    _needs(tool)
    return subprocess.run([tool, str(path)], capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def pdf_file(sample_pdf, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(sample_pdf)
    return path


@pytest.fixture(scope="module")
def pages(sample_pdf) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(sample_pdf)).pages]


def _flat(text: str) -> str:
    return "".join(text.split())


def test_the_text_holds_the_title_the_sections_and_each_main_task(pages):
    text = _flat("".join(pages))
    assert PLAN_TITLE in text
    for heading in (*SECTIONS, *MAIN_TASKS):
        assert _flat(heading) in text


def test_every_page_is_a4_portrait_and_numbered(sample_pdf, pages):
    reader = PdfReader(io.BytesIO(sample_pdf))
    assert len(pages) > 5  # the 300-row table runs over pages
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4_POINTS
        assert f"第{number}页共{len(pages)}页" in _flat(pages[number - 1])


def test_the_table_header_repeats_on_the_pages_it_runs_onto(pages):
    overdue_pages = [text for text in pages if "事项 2" in text]
    assert len(overdue_pages) > 3
    assert all("办公室意见" in _flat(text) for text in overdue_pages)


def test_document_properties(sample_pdf):
    info = PdfReader(io.BytesIO(sample_pdf)).metadata
    assert PLAN_TITLE in info.title and info.subject == PLAN_TITLE


def test_pdfinfo_says_a4(pdf_file):
    assert "(A4)" in _run("pdfinfo", pdf_file)


def test_pdffonts_lists_only_embedded_subsets(pdf_file):
    rows = _run("pdffonts", pdf_file).splitlines()[2:]
    assert len(rows) == 2
    for row in rows:
        name, *_middle, emb, sub, _uni, _obj, _gen = row.split()
        assert (emb, sub) == ("yes", "yes"), row
        assert "+" in name  # a subset's tag


def test_emoji_control_characters_and_a_very_long_note_do_not_break_it(in_request):
    odd = "甲\x00乙\x07丙\u200b丁\U0001f600 <script>&amp;" + "长" * 5000
    report = sample_report(rows=3, long_note=odd)
    text = _flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(report))).pages))
    assert "甲□乙□丙丁□" in text  # the zero-width space is dropped, not boxed
    assert "<script>&amp;" in text
    assert "长" * 100 in text
    assert _flat(EMOJI_NOTE.replace("🎉", MISSING_GLYPH).replace("✅", MISSING_GLYPH)) in text


def test_printable_keeps_what_the_font_draws_and_replaces_the_rest():
    chars = frozenset(map(ord, "规划 \n"))
    assert printable("规划😀\n规\x07", chars) == "规划□\n规" + MISSING_GLYPH
    # The CID fallback draws GBK.
    assert printable("规划😀", None) == "规划□"


def test_invisible_format_characters_are_dropped_not_boxed(in_request):
    """Zero-width space, BOM, RLM, ALM, word joiner (Unicode category Cf) draw nothing; an emoji still shows "□"."""
    invisible = "甲\u200b乙\ufeff丙\u200f丁\u061c戊\u2060己\u00ad庚😀"
    embedded = report_fonts()
    for chars in (embedded.body_chars, embedded.heading_chars, None):
        assert printable(invisible, chars) == "甲乙丙丁戊己庚□"
    report = sample_report(rows=2, long_note=invisible)
    text = _flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(report))).pages))
    assert "甲乙丙丁戊己庚□" in text


def test_without_the_truetype_fonts_the_cid_font_stands_in(in_request, monkeypatch, caplog, tmp_path):
    missing = (fonts.FontFile(tmp_path / "none.ttc", 0),)
    registered = fonts._register(missing, missing)
    assert (registered.heading, registered.body, registered.embedded) == ("STSong-Light",) * 2 + (False,)
    assert "not embedded" in caplog.text
    monkeypatch.setattr(fonts, "_registered", registered)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(sample_report(rows=2)))).pages)
    assert "推进电子政务建设" in _flat(text)


def test_pages_one_and_two_as_pictures_for_a_look(pdf_file):
    _needs("pdftoppm")
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "report-pdf-page"
    for old in ARTIFACTS.glob("report-pdf-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(pdf_file), str(prefix)], check=True)
    # pdftoppm pads the page number to the width of the page count.
    assert len(list(ARTIFACTS.glob("report-pdf-page-*1.png"))) == 1
    assert len(list(ARTIFACTS.glob("report-pdf-page-*2.png"))) == 1


def _page_texts(report) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf_bytes(report))).pages]


def _one_table(rows: list[Row], *columns: Column) -> ReportDocument:
    cover = Cover(title="《报告》", period="", scope="", issuer="", date="")
    return ReportDocument(cover=cover, blocks=[Paragraph("说明。" * 300), Table(columns=columns, rows=tuple(rows))])


def test_a_tables_header_shows_once_at_the_top_of_each_page_it_spans(in_request):
    """Rows of uneven height (the report's overdue list): ReportLab's in-row splitting drew the header again in the
    middle of a page, after the rows that fitted."""
    rows = [Row((f"事项{index}号", "原因" * (10 + index % 7 * 25), "2013年6月30日")) for index in range(60)]
    report = _one_table(rows, Column("表头甲", 2), Column("表头乙", 3), Column("表头丙", 1))
    spanned = [text for text in _page_texts(report) if "事项" in text]
    assert len(spanned) >= 3
    for text in spanned:
        assert text.count("表头甲") == 1
        assert text.index("表头甲") < text.index("事项")


def test_a_row_taller_than_a_page_is_split_into_pieces_that_keep_all_its_text(in_request):
    """The longest cell text.clean lets through, of line breaks, in the narrowest column a table has."""
    tallest = clean("一\n" * CELL_LIMIT)
    assert tallest.count("\n") >= CELL_LIMIT // 2 - 1
    rows = [Row(("甲", tallest, "乙")), Row(("丙", "长" * 5000, "丁"))]
    report = _one_table(rows, Column("表头甲", 10), Column("窄", 1), Column("表头丙", 1))
    text = "".join(_page_texts(report))
    assert text.count("一") == tallest.count("一") and text.count("长") == 5000


def test_english_cells_wrap_between_words_and_keep_dates_and_numbers_whole(in_request):
    """CJK wrapping broke English inside words ("Comple/ted", "2012-12/-31", "166 da/ys"); Chinese still wraps
    between any two characters."""
    row = Row(("Build the e-government cloud platform", "Completed", "In progress", "2012-12-31", "166 days", "100.0%"))
    columns = [Column(name, share) for name, share in (("Item", 3), ("Status", 0.9), ("State", 0.9), ("Due", 1))]
    columns += [Column("Overdue", 0.9), Column("Progress", 0.8, "right")]
    chinese = Row(("推进电子政务建设" * 3, "已完成", "进行中", "2012年12月31日", "166 天", "100.0%"))
    with force_locale("en"):
        lines = [line.strip() for text in _raw_page_texts(_one_table([row, chinese], *columns)) for line in text]
    for word in ("Completed", "progress", "2012-12-31", "166", "days", "100.0%"):
        assert any(line == word or line.endswith(" " + word) or line.startswith(word) for line in lines), word
    assert "推进电子政务建设推进电子政务建设推进电子政务建设" not in lines  # wrapped inside the Chinese


def _raw_page_texts(report) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(pdf_bytes(report))).pages]


def test_the_cover_titles_longest_line_fits_the_text_width_unbroken(pdf_file, sample_pdf):
    cover_lines = [line.strip() for line in PdfReader(io.BytesIO(sample_pdf)).pages[0].extract_text().splitlines()]
    assert f"《{PLAN_TITLE}实施情况报告" in cover_lines
    assert "（2013年第二季度）》" in cover_lines
