"""The report as a PDF (ReportLab platypus): the Word file's structure, fixed for printing.

A4 portrait with the Word file's margins (GB/T 9704), headings in the black face and body text in the song face
(tracker.reports.fonts: embedded as subsets), "第 N 页 共 M 页" at the foot of every page. The total is known only
at the end, so each page's footer is drawn when the document is saved (a numbered canvas). Tables repeat their
header row on every page and split a row taller than a page (a 5,000-character note) instead of failing; text
wraps between any two Chinese characters (wordWrap="CJK").
"""

from __future__ import annotations

import io
from typing import BinaryIO, Literal
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as Text
from reportlab.platypus import Table as Grid

from tracker.reports.charts import render_chart
from tracker.reports.document import Chart, Cover, Heading, Paragraph, ReportDocument, Table
from tracker.reports.fonts import ReportFonts, printable, report_fonts

TOP_MARGIN, BOTTOM_MARGIN, LEFT_MARGIN, RIGHT_MARGIN = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_WIDTH = A4[0] - LEFT_MARGIN - RIGHT_MARGIN
TEXT_HEIGHT = A4[1] - TOP_MARGIN - BOTTOM_MARGIN
FOOTER_Y = 20 * mm
FOOTER_SIZE = 10.5
INDENT = 0.5 * cm  # per level of a sub-task in a table's first column
CELL_PADDING = 4
HEADER_FILL = colors.HexColor("#e8e8e8")
_ALIGN: dict[str, Literal[0, 1, 2]] = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


class _Styles:
    def __init__(self, fonts: ReportFonts) -> None:
        hei, song = fonts.heading, fonts.body
        base = ParagraphStyle(
            "body", fontName=song, bulletFontName=song, fontSize=12, leading=21, firstLineIndent=24, wordWrap="CJK"
        )
        self.body = base
        self.notice = ParagraphStyle("notice", parent=base)
        self.note = ParagraphStyle("note", parent=base, fontSize=9, leading=13, firstLineIndent=0)
        self.title = ParagraphStyle(
            "title", parent=base, fontName=hei, fontSize=22, leading=34, alignment=TA_CENTER, firstLineIndent=0
        )
        self.cover = ParagraphStyle(
            "cover", parent=base, fontSize=16, leading=28, alignment=TA_CENTER, firstLineIndent=0
        )
        self.headings = {
            1: _heading("h1", base, hei, size=16, leading=26, before=12, after=6),
            2: _heading("h2", base, hei, size=14, leading=22, before=8, after=4),
        }
        self.caption = ParagraphStyle(
            "caption", parent=base, fontName=hei, fontSize=10.5, leading=16, alignment=TA_CENTER, firstLineIndent=0,
            spaceBefore=6, spaceAfter=4, keepWithNext=1,
        )  # fmt: skip
        self.figure_caption = ParagraphStyle("figure", parent=self.caption, keepWithNext=0)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=9, leading=12.5, firstLineIndent=0)
        self.strong_cell = ParagraphStyle("strong", parent=self.cell, fontName=hei)


def write_pdf(report: ReportDocument, out: BinaryIO) -> None:
    fonts = report_fonts()
    styles = _Styles(fonts)
    text = _Writer(fonts)
    story = _cover(report.cover, styles, text)
    for block in report.blocks:
        if isinstance(block, Heading):
            story.append(text(block.text, styles.headings[min(max(block.level, 1), 2)]))
        elif isinstance(block, Paragraph):
            story.append(
                text(block.text, {"body": styles.body, "notice": styles.notice, "note": styles.note}[block.style])
            )
        elif isinstance(block, Table):
            story.extend(_table(block, styles, text))
        elif isinstance(block, Chart):
            story.append(_chart(block, styles, text))
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=report.cover.title,
        author=report.cover.issuer,
        subject=report.plan_title,
        creator="Plan Tracker",
        # Not Helvetica, which every page would name as a font that is not embedded.
        initialFontName=fonts.body,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
    )
    document.build(story, canvasmaker=_numbered_canvas(fonts.body))


def pdf_bytes(report: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    write_pdf(report, buffer)
    return buffer.getvalue()


def _heading(name: str, base: ParagraphStyle, font: str, *, size: int, leading: int, before: int, after: int):
    """A heading's style: the hei face, no first-line indent, kept with what follows it."""
    return ParagraphStyle(
        name,
        parent=base,
        fontName=font,
        fontSize=size,
        leading=leading,
        spaceBefore=before,
        spaceAfter=after,
        firstLineIndent=0,
        keepWithNext=1,
    )


class _Writer:
    """Report text as a ReportLab paragraph: markup escaped, characters the style's font lacks replaced."""

    def __init__(self, fonts: ReportFonts) -> None:
        self.fonts = fonts

    def __call__(self, value: str, style: ParagraphStyle) -> Text:
        drawable = printable(value, self.fonts.chars_of(style.fontName))
        return Text(escape(drawable).replace("\n", "<br/>"), style)


def _cover(cover: Cover, styles: _Styles, text: _Writer) -> list:
    return [
        Spacer(1, 4 * cm),
        text(cover.title_lines, styles.title),
        Spacer(1, 1 * cm),
        text(cover.period, styles.cover),
        text(cover.scope, styles.cover),
        Spacer(1, 6 * cm),
        text(cover.issuer, styles.cover),
        text(cover.date, styles.cover),
        PageBreak(),
    ]


def _table(block: Table, styles: _Styles, text: _Writer) -> list:
    total = sum(column.width for column in block.columns) or 1
    widths = [TEXT_WIDTH * column.width / total for column in block.columns]
    cells = _Cells(styles, text, widths)
    rows = [[cells.cell(column.label, number, "center", strong=True) for number, column in enumerate(block.columns)]]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        # Short cells are plain strings drawn in the table's own font (see _Cells); the rest are paragraphs.
        ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("FONTNAME", (0, 0), (-1, 0), styles.strong_cell.fontName),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        # Top: a row split across pages shows each cell's start on the first page.
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    commands += [("ALIGN", (n, 1), (n, -1), column.align.upper()) for n, column in enumerate(block.columns)]
    for index, row in enumerate(block.rows, start=1):
        if row.emphasis:
            commands.append(("FONTNAME", (0, index), (-1, index), styles.strong_cell.fontName))
        if row.level:
            commands.append(("LEFTPADDING", (0, index), (0, index), CELL_PADDING + INDENT * row.level))
        rows.append(
            [
                cells.cell(
                    row.cells[number] if number < len(row.cells) else "", number, column.align, row.emphasis, row.level
                )
                for number, column in enumerate(block.columns)
            ]
        )
    grid = Grid(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="CENTER")
    grid.setStyle(TableStyle(commands))
    # The caption keeps with the table (its style's keepWithNext): it never ends a page alone.
    return [text(block.caption, styles.caption), grid, Spacer(1, 6)] if block.caption else [grid, Spacer(1, 6)]


class _Cells:
    """A table's cells: a plain string where the text fits its column on one line (ReportLab draws those without
    laying out a paragraph, many times faster: a report has thousands of short cells), a wrapping paragraph
    otherwise."""

    def __init__(self, styles: _Styles, text: _Writer, widths: list[float]) -> None:
        self.styles, self.text, self.widths = styles, text, widths
        self._paragraph_styles: dict[tuple[bool, str], ParagraphStyle] = {}

    def cell(self, value: str, number: int, align: str, strong: bool = False, level: int = 0):
        style = self.styles.strong_cell if strong else self.styles.cell
        drawable = printable(value, self.text.fonts.chars_of(style.fontName))
        room = self.widths[number] - 2 * CELL_PADDING - (INDENT * level if number == 0 else 0)
        if "\n" not in drawable and stringWidth(drawable, style.fontName, style.fontSize) <= room:
            return drawable
        return Text(escape(drawable).replace("\n", "<br/>"), self._style(strong, align))

    def _style(self, strong: bool, align: str) -> ParagraphStyle:
        key = (strong, align)
        if key not in self._paragraph_styles:
            base = self.styles.strong_cell if strong else self.styles.cell
            # The row's indentation is the cell's padding (a table command), not the paragraph's.
            self._paragraph_styles[key] = ParagraphStyle(f"{base.name}-{align}", parent=base, alignment=_ALIGN[align])
        return self._paragraph_styles[key]


def _chart(block: Chart, styles: _Styles, text: _Writer) -> KeepTogether:
    image = render_chart(block)
    width, height = image.width_cm * cm, image.height_cm * cm
    # Scaled down (never up) to fit the text width, and a page with its caption.
    scale = min(1.0, TEXT_WIDTH / width, (TEXT_HEIGHT - 2 * cm) / height)
    picture = Image(io.BytesIO(image.png), width=width * scale, height=height * scale)
    parts: list[Flowable] = [picture, text(block.title, styles.figure_caption)] if block.title else [picture]
    return KeepTogether(parts)


def _numbered_canvas(font: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps each page until the end, then draws "第 N 页 共 M 页" on every one."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            # ReportLab's own numbered-canvas recipe: start a fresh page without emitting this one yet.
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, FOOTER_SIZE)
                label = _("第 %(page)d 页 共 %(pages)d 页", page=self.getPageNumber(), pages=count)
                self.drawCentredString(A4[0] / 2, FOOTER_Y, label)
                super().showPage()
            super().save()

    return NumberedCanvas
