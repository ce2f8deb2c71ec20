"""The report as an editable Word document (python-docx): named styles, real headings and tables, page numbers.

The page follows GB/T 9704 (党政机关公文格式): A4 portrait, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right;
headings in 黑体, body text in 仿宋. Word picks a face by its name on the reader's machine, so the East Asian font
is set by name (the w:eastAsia attribute) in the styles, not per run: an office that prefers other faces changes
the styles once. A table's header row repeats on every page it runs onto (w:tblHeader); a figure is the chart's
PNG (tracker.reports.charts) with its caption below, a table's caption stands above it, as Chinese reports do.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell

from tracker.reports.charts import render_chart
from tracker.reports.document import Align, Chart, Cover, Heading, Paragraph, ReportDocument, Table

HEI = "黑体"
FANGSONG = "仿宋"
SONG = "宋体"
LATIN = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
TEXT_WIDTH_MM = 210 - 28 - 26
BLACK = RGBColor(0, 0, 0)
# (style, East Asian face, size in points, bold): 三号 is 16 pt, 小四 12 pt, 五号 10.5 pt.
STYLES = (
    ("Title", HEI, 22.0, False),
    ("Heading 1", HEI, 16.0, False),
    ("Heading 2", HEI, 14.0, False),
    ("Normal", FANGSONG, 14.0, False),
    ("Caption", HEI, 10.5, False),
)
NOTICE_STYLE, NOTE_STYLE, TABLE_STYLE, COVER_STYLE = "Report Notice", "Report Note", "Report Table Text", "Cover Line"
INDENT_CM = 0.5  # per level of a sub-task in a table's first column
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def write_docx(report: ReportDocument, out: BinaryIO) -> None:
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    _cover(document, report.cover)
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, style=f"Heading {min(max(block.level, 1), 2)}")
        elif isinstance(block, Paragraph):
            style = {"body": "Normal", "notice": NOTICE_STYLE, "note": NOTE_STYLE}[block.style]
            document.add_paragraph(block.text, style=style)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
    properties = document.core_properties
    properties.title = report.cover.title
    properties.subject = report.plan_title
    properties.author = report.cover.issuer
    document.save(out)


def docx_bytes(report: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    write_docx(report, buffer)
    return buffer.getvalue()


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for name, value in MARGINS.items():
        setattr(section, name, value)
    # The cover carries no page number; the body's pages count from the cover on, as Word users expect.
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _page_field(footer.add_run())
    footer.add_run(" —")


def _page_field(run) -> None:
    """A PAGE field: Word (and LibreOffice) put each page's number in its place."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _set_up_styles(document) -> None:
    styles = document.styles
    for name, face, size, bold in STYLES:
        _font(styles[name], face, size, bold)
    normal = styles["Normal"].paragraph_format
    normal.first_line_indent = Pt(28)  # two characters, as Chinese paragraphs start
    normal.line_spacing = Pt(28)
    normal.space_after = Pt(0)
    for name in ("Heading 1", "Heading 2"):
        heading = styles[name].paragraph_format
        heading.first_line_indent = Pt(0)
        heading.space_before, heading.space_after = Pt(12), Pt(6)
        heading.keep_with_next = True
    title = styles["Title"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.first_line_indent = Pt(0)
    title.line_spacing = Pt(36)
    _border_less(styles["Title"])
    caption = styles["Caption"].paragraph_format
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.first_line_indent = Pt(0)
    caption.space_before, caption.space_after = Pt(6), Pt(6)
    caption.line_spacing = 1.0
    _paragraph_style(document, NOTICE_STYLE, FANGSONG, 14.0)
    note = _paragraph_style(document, NOTE_STYLE, FANGSONG, 10.5)
    note.paragraph_format.first_line_indent = Pt(0)
    note.paragraph_format.line_spacing = 1.0
    table_text = _paragraph_style(document, TABLE_STYLE, SONG, 10.5)
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    cover = _paragraph_style(document, COVER_STYLE, FANGSONG, 16.0)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover.paragraph_format.first_line_indent = Pt(0)


def _paragraph_style(document, name: str, face: str, size: float):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _font(style, face, size, False)
    return style


def _font(style, face: str, size: float, bold: bool) -> None:
    font = style.font
    font.name = LATIN
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = BLACK
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)
    # The built-in headings name theme fonts, which win over a named face: dropped.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _border_less(style) -> None:
    """The default template's Title style underlines itself with a blue border: an official title has none."""
    properties = style.element.pPr
    if properties is not None:
        for border in properties.findall(qn("w:pBdr")):
            properties.remove(border)


def _cover(document, cover: Cover) -> None:
    for _blank in range(4):
        document.add_paragraph(style=COVER_STYLE)
    document.add_paragraph(cover.title, style="Title")
    document.add_paragraph(style=COVER_STYLE)
    for line in (cover.period, cover.scope):
        document.add_paragraph(line, style=COVER_STYLE)
    for _blank in range(8):
        document.add_paragraph(style=COVER_STYLE)
    for line in (cover.issuer, cover.date):
        document.add_paragraph(line, style=COVER_STYLE)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _table(document, block: Table) -> None:
    if block.caption:
        caption = document.add_paragraph(block.caption, style="Caption")
        caption.paragraph_format.keep_with_next = True
    widths = _widths(block)
    style_id = document.styles[TABLE_STYLE].style_id
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, column, width in zip(_cells(table, header), block.columns, widths, strict=True):
        _cell(cell, column.label, "center", width, style_id, bold=True)
    for data in block.rows:
        cells = _cells(table, table.add_row())
        for number, (cell, column, width) in enumerate(zip(cells, block.columns, widths, strict=True)):
            text = data.cells[number] if number < len(data.cells) else ""
            indent = data.level if number == 0 else 0
            _cell(cell, text, column.align, width, style_id, bold=data.emphasis, indent=indent)
    document.add_paragraph(style=NOTE_STYLE)  # a table directly after a table would merge into it in Word


def _widths(block: Table) -> list[Cm]:
    total = sum(column.width for column in block.columns) or 1
    return [Cm(TEXT_WIDTH_MM / 10 * column.width / total) for column in block.columns]


def _cells(table, row) -> list[_Cell]:
    """The row's own cells: python-docx's row.cells walks the whole table (slow for hundreds of rows)."""
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell(cell, text: str, align: Align, width, style_id: str, *, bold: bool, indent: int = 0) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    # By its id: python-docx's lookup by name walks every style for each of thousands of cells.
    paragraph._p.style = style_id
    paragraph.alignment = _ALIGN[align]
    if indent:
        paragraph.paragraph_format.left_indent = Cm(INDENT_CM * indent)
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def _chart(document, block: Chart) -> None:
    image = render_chart(block)
    picture = document.add_paragraph(style=TABLE_STYLE)
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(image.png), width=Cm(image.width_cm))
    if block.title:
        document.add_paragraph(block.title, style="Caption")
