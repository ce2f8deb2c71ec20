"""The Word file read back with python-docx: an editable document with the report's structure and the office's
page (A4, GB/T 9704 margins), named styles in the official faces, tables whose header row repeats, pictures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tests.reports.conftest import MANY_ROWS
from tests.reports.sample import EMOJI_NOTE, MAIN_TASKS, PLAN_TITLE, SECTIONS, sample_report
from tracker.reports.document import Column, Row, Table
from tracker.reports.docx_writer import CELL_MARGIN, FANGSONG, HEI, TEXT_WIDTH_MM, docx_bytes

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_SERIF = {False: DEJAVU / "DejaVuSerif.ttf", True: DEJAVU / "DejaVuSerif-Bold.ttf"}


@pytest.fixture(scope="module")
def document(sample_docx):
    return Document(io.BytesIO(sample_docx))


def _east_asia(style) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_a4_portrait_with_the_official_margins(document):
    section = document.sections[0]
    # Word keeps them in twentieths of a point: millimetres come back rounded to a tenth.
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]


def test_the_cover_then_a_page_break_then_the_six_sections_as_headings(document):
    paragraphs = document.paragraphs
    title = next(p for p in paragraphs if p.style.name == "Title")
    assert PLAN_TITLE in title.text
    break_at = next(i for i, p in enumerate(paragraphs) if 'w:type="page"' in p._p.xml)
    first_heading = next(i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading"))
    assert paragraphs.index(title) < break_at < first_heading
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == list(SECTIONS)
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == list(MAIN_TASKS)
    assert document.core_properties.title == title.text.replace("\n", "")  # the period on a line of its own


def test_headings_in_hei_and_body_in_fangsong(document):
    styles = document.styles
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        assert _east_asia(styles[name]) == HEI, name
    assert _east_asia(styles["Normal"]) == FANGSONG
    # No theme font left to override the named face.
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None


def test_tables_have_a_repeating_header_row_and_every_row(document):
    tables = document.tables
    assert len(tables) == len(MAIN_TASKS) + 2
    for table in tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    overdue = tables[len(MAIN_TASKS)]
    assert len(overdue.rows) == 1 + MANY_ROWS
    assert [cell.text for cell in overdue.rows[0].cells][:3] == ["事项", "计划完成", "原因"]
    assert EMOJI_NOTE in [cell.text for cell in tables[0].rows[2].cells]


def test_table_captions_and_figure_captions(document):
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "图1　各章节任务进展" in captions and "图2　各部门逾期事项" in captions
    assert "表4　逾期和滞后事项" in captions


def test_the_charts_are_pictures(document):
    pictures = document.inline_shapes
    assert len(pictures) == 2
    assert all(picture.width <= Mm(210 - 28 - 26) for picture in pictures)


def test_the_footer_numbers_the_pages_and_the_cover_has_none(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer


def test_markup_and_emoji_in_text_stay_text(in_request):
    document = Document(io.BytesIO(docx_bytes(sample_report(rows=1))))
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "<b>已上线</b> & 运行 " in texts


def _latin_width_twips(text: str, bold: bool) -> float:
    """The widest word of `text` at the table's 9 pt in DejaVu Serif, which LibreOffice sets for Times New Roman where
    that is not installed (the wider of the two), else in Times' metrics."""
    font = "Times-Bold" if bold else "Times-Roman"
    dejavu = DEJAVU_SERIF[bold]
    if dejavu.is_file():
        font = f"test-{dejavu.stem}"
        if font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(font, str(dejavu)))
    return max((pdfmetrics.stringWidth(word, font, 9) for word in text.split()), default=0) * 20


def test_narrow_columns_are_wide_enough_for_their_longest_number_or_date(in_request):
    """ "100.0%" in the 进度 column (8 % of the width) wrapped in LibreOffice as "100.0/%"."""
    columns = (Column("序号", 0.1), Column("任务", 0.3), Column("状态", 0.08, "center"), Column("进度", 0.08, "right"))
    columns += (Column("计划完成", 0.12), Column("最新进展", 0.32))
    rows = (
        Row(("1.", "推进电子政务建设", "Completed", "100.0%", "2012-12-31", "按计划推进。"), emphasis=True),
        Row(("1.1", "Build the e-government cloud", "In progress", "55.5%", "2013-06-30", "Going well."), level=1),
    )
    report = sample_report(rows=1)
    report.blocks.append(Table(columns=columns, rows=rows))
    table = Document(io.BytesIO(docx_bytes(report))).tables[-1]
    widths = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    margins = 2 * CELL_MARGIN
    for row, source in zip(table.rows[1:], rows, strict=True):
        for cell, width in zip(row.cells, widths, strict=True):
            if not any("\u4e00" <= ch <= "\u9fff" for ch in cell.text):
                assert _latin_width_twips(cell.text, source.emphasis) + margins <= width, cell.text
    assert sum(widths) <= int(TEXT_WIDTH_MM / 25.4 * 1440)
