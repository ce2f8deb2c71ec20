"""The report as an editable Word document (python-docx): named styles, real headings and tables, page numbers.

The page follows GB/T 9704 (党政机关公文格式): A4 portrait, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right;
headings in 黑体, body text in 仿宋. Word picks a face by its name on the reader's machine, so the East Asian font
is set by name (the w:eastAsia attribute) in the styles, not per run: an office that prefers other faces changes
the styles once. A table's header row repeats on every page it runs onto (w:tblHeader); a figure is the chart's
PNG (tracker.reports.charts) with its caption below, a table's caption stands above it, as Chinese reports do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from tracker.reports.charts import render_chart
from tracker.reports.document import Align, Chart, Cover, Heading, Paragraph, ReportDocument, Table
from tracker.reports.widths import column_widths

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
CELL_MARGIN = 57  # twips: 1 mm each side
TABLE_TEXT_SIZE = 9.0  # points: 小五
INDENT_CM = 0.5  # per level of a sub-task in a table's first column


def write_docx(report: ReportDocument, out: BinaryIO) -> None:
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    styles = _StyleIds.of(document)
    _cover(document, report.cover, styles)
    paragraph_styles = {"body": styles.body, "notice": styles.notice, "note": styles.note}
    for block in report.blocks:
        if isinstance(block, Heading):
            _paragraph(document, block.text, styles.headings[min(max(block.level, 1), 2) - 1])
        elif isinstance(block, Paragraph):
            _paragraph(document, block.text, paragraph_styles[block.style])
        elif isinstance(block, Table):
            _table(document, block, styles)
        elif isinstance(block, Chart):
            _chart(document, block, styles)
    properties = document.core_properties
    properties.title = report.cover.title
    properties.subject = report.plan_title
    properties.author = report.cover.issuer
    document.save(out)


@dataclass(frozen=True)
class _StyleIds:
    """The styles' ids, looked up once: python-docx finds a style by its name by walking all of them, every time."""

    title: str
    headings: tuple[str, str]
    body: str
    notice: str
    note: str
    caption: str
    table: str
    cover: str
    grid: str

    @classmethod
    def of(cls, document) -> _StyleIds:
        styles = document.styles

        def id_of(name: str) -> str:
            return styles[name].style_id

        return cls(
            title=id_of("Title"),
            headings=(id_of("Heading 1"), id_of("Heading 2")),
            body=id_of("Normal"),
            notice=id_of(NOTICE_STYLE),
            note=id_of(NOTE_STYLE),
            caption=id_of("Caption"),
            table=id_of(TABLE_STYLE),
            cover=id_of(COVER_STYLE),
            grid=id_of("Table Grid"),
        )


def _paragraph(document, text: str, style_id: str):
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


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
    # 小五 (9 pt), with narrow cell margins: a status or a percentage stays on one line in its narrow column.
    table_text = _paragraph_style(document, TABLE_STYLE, SONG, TABLE_TEXT_SIZE)
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


def _cover(document, cover: Cover, styles: _StyleIds) -> None:
    for _blank in range(4):
        _paragraph(document, "", styles.cover)
    _paragraph(document, cover.title_lines, styles.title)
    _paragraph(document, "", styles.cover)
    for line in (cover.period, cover.scope):
        _paragraph(document, line, styles.cover)
    for _blank in range(8):
        _paragraph(document, "", styles.cover)
    for line in (cover.issuer, cover.date):
        last = _paragraph(document, line, styles.cover)
    last.add_run().add_break(WD_BREAK.PAGE)


def _table(document, block: Table, styles: _StyleIds) -> None:
    if block.caption:
        caption = _paragraph(document, block.caption, styles.caption)
        caption.paragraph_format.keep_with_next = True
    # Written as one piece of XML: python-docx's cell-by-cell API takes seconds for the thousands of cells of a
    # large plan's report. The result is the same table Word writes: a fixed grid, a header row marked to repeat.
    widths = _twips(block)
    columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    header = "".join(
        _cell_xml(column.label, width, "center", styles.table, bold=True)
        for column, width in zip(block.columns, widths, strict=True)
    )
    rows = [f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>"]
    for row in block.rows:
        cells = "".join(
            _cell_xml(
                row.cells[number] if number < len(row.cells) else "",
                width,
                column.align,
                styles.table,
                bold=row.emphasis,
                indent=row.level if number == 0 else 0,
            )
            for number, (column, width) in enumerate(zip(block.columns, widths, strict=True))
        )
        rows.append(f"<w:tr>{cells}</w:tr>")
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblStyle w:val="{styles.grid}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" '
        f'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{columns}</w:tblGrid>"
        f"{''.join(rows)}</w:tbl>"
    )
    document.element.body.find(qn("w:sectPr")).addprevious(table)
    _paragraph(document, "", styles.note)  # a table directly after a table would merge into it in Word


def _twips(block: Table) -> list[int]:
    """The columns' widths in twentieths of a point (tracker.reports.widths)."""
    text_width = int(TEXT_WIDTH_MM / 25.4 * 1440)
    return [int(width) for width in column_widths(block, text_width, _latin_twips, 2 * CELL_MARGIN)]


def _latin_twips(word: str, bold: bool) -> float:
    """A word's width on the reader's machine, generously: Helvetica's metrics 30 % wider cover Times New Roman
    and DejaVu Serif, which LibreOffice sets where Times New Roman is not installed (up to 1.26 times Helvetica)."""
    return stringWidth(word, "Helvetica-Bold" if bold else "Helvetica", TABLE_TEXT_SIZE) * 20 * 1.3


def _cell_xml(text: str, width: int, align: Align, style_id: str, *, bold: bool, indent: int = 0) -> str:
    indentation = f'<w:ind w:left="{int(INDENT_CM / 2.54 * 1440) * indent}"/>' if indent else ""
    run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    # A line break in the text is a w:br between runs of text, as Word writes it.
    lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")]
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>'
        f'{indentation}<w:jc w:val="{align}"/></w:pPr><w:r>{run_properties}{"<w:br/>".join(lines)}</w:r></w:p>'
        "</w:tc>"
    )


def _chart(document, block: Chart, styles: _StyleIds) -> None:
    image = render_chart(block)
    picture = _paragraph(document, "", styles.table)
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(image.png), width=Cm(image.width_cm))
    if block.title:
        _paragraph(document, block.title, styles.caption)
