"""The report as a PDF (ReportLab platypus): the Word file's structure, fixed for printing.

A4 portrait with the Word file's margins (GB/T 9704), headings in the black face and body text in the song face
(tracker.reports.fonts: embedded as subsets), "第 N 页 共 M 页" at the foot of every page. The total is known only
at the end, so each page's footer is drawn when the document is saved (a numbered canvas). Tables repeat their
header row once at the top of every page; a row taller than a third of a page (a 5,000-character note) goes on in
further rows (_pieces), so pages break between rows. Text holding Chinese wraps between any two characters
(wordWrap="CJK"), other text between words; columns are wide enough for their widest Latin word
(tracker.reports.widths). The cover's title is sized so its longest line fits.
"""

from __future__ import annotations

import io
import math
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
from tracker.reports.text import has_cjk
from tracker.reports.widths import column_widths

TOP_MARGIN, BOTTOM_MARGIN, LEFT_MARGIN, RIGHT_MARGIN = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_WIDTH = A4[0] - LEFT_MARGIN - RIGHT_MARGIN
TEXT_HEIGHT = A4[1] - TOP_MARGIN - BOTTOM_MARGIN
# What a paragraph gets: SimpleDocTemplate's frame pads 6 points on either side.
PARAGRAPH_WIDTH = TEXT_WIDTH - 2 * 6
FOOTER_Y = 20 * mm
FOOTER_SIZE = 10.5
INDENT = 0.5 * cm  # per level of a sub-task in a table's first column
CELL_PADDING = 4
CELL_VERTICAL_PADDING = 2 + 3  # TOPPADDING + BOTTOMPADDING
# A row taller than this goes on in a next row (_pieces): a page then never ends with more than this left blank,
# and a header plus a piece always fit a page.
ROW_PIECE_HEIGHT = TEXT_HEIGHT / 3
MIN_TITLE_SIZE = 16  # points: 三号, a heading's size
MIN_CELL_SIZE = 6.5  # points: a date or a number shrinks this far to stay on one line in a narrow column
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

        self._latin_styles: dict[str, ParagraphStyle] = {}

    def __call__(self, value: str, style: ParagraphStyle) -> Text:
        return self.paragraph(printable(value, self.fonts.chars_of(style.fontName)), style)

    def paragraph(self, drawable: str, style: ParagraphStyle) -> Text:
        """Already printable text: wrapped between any two characters where it holds Chinese (CJK wrapping), between
        words otherwise, so English never breaks inside "Completed" or "2012-12-31"."""
        return Text(escape(drawable).replace("\n", "<br/>"), style if has_cjk(drawable) else self._latin(style))

    def _latin(self, style: ParagraphStyle) -> ParagraphStyle:
        if style.name not in self._latin_styles:
            self._latin_styles[style.name] = ParagraphStyle(f"{style.name}-latin", parent=style, wordWrap=None)
        return self._latin_styles[style.name]


def _cover(cover: Cover, styles: _Styles, text: _Writer) -> list:
    return [
        Spacer(1, 4 * cm),
        text(cover.title_lines, _fitted_title(cover.title_lines, styles.title)),
        Spacer(1, 1 * cm),
        text(cover.period, styles.cover),
        text(cover.scope, styles.cover),
        Spacer(1, 6 * cm),
        text(cover.issuer, styles.cover),
        text(cover.date, styles.cover),
        PageBreak(),
    ]


def _fitted_title(lines: str, style: ParagraphStyle) -> ParagraphStyle:
    """The title's style at a size where its longest line (Cover.title_lines sets the breaks) fits the text width:
    a long plan name otherwise broke inside a word. Never below MIN_TITLE_SIZE (a longer line then wraps)."""
    widest = max(stringWidth(line, style.fontName, style.fontSize) for line in lines.split("\n"))
    if widest <= PARAGRAPH_WIDTH:
        return style
    size = max(MIN_TITLE_SIZE, math.floor(style.fontSize * PARAGRAPH_WIDTH / widest * 2) / 2)
    return ParagraphStyle(
        f"{style.name}-fitted", parent=style, fontSize=size, leading=style.leading * size / style.fontSize
    )


def _table(block: Table, styles: _Styles, text: _Writer) -> list:
    def measure(word: str, bold: bool) -> float:
        style = styles.strong_cell if bold else styles.cell
        return stringWidth(word, style.fontName, style.fontSize)

    widths = column_widths(block, TEXT_WIDTH, measure, 2 * CELL_PADDING)
    cells = _Cells(styles, text, widths)
    rows = [[cells.cell(column.label, number, "center", strong=True) for number, column in enumerate(block.columns)]]
    commands: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black),
        # Short cells are plain strings drawn in the table's own font (see _Cells); the rest are paragraphs.
        ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("FONTNAME", (0, 0), (-1, 0), styles.strong_cell.fontName),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        # Top: a row split into pieces (see _pieces) reads on from one piece to the next.
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    commands += [("ALIGN", (n, 1), (n, -1), column.align.upper()) for n, column in enumerate(block.columns)]
    # The rows after which no line is drawn: between the pieces of one row.
    joined: list[int] = []
    for row in block.rows:
        values = [row.cells[number] if number < len(row.cells) else "" for number in range(len(block.columns))]
        drawn = [
            cells.cell(value, number, column.align, row.emphasis, row.level)
            for number, (value, column) in enumerate(zip(values, block.columns, strict=True))
        ]
        pieces = _pieces(drawn, cells.rooms(row.level))
        first = len(rows)
        rows += pieces
        joined += range(first, len(rows) - 1)
        if row.emphasis:
            commands.append(("FONTNAME", (0, first), (-1, len(rows) - 1), styles.strong_cell.fontName))
        if row.level:
            commands.append(("LEFTPADDING", (0, first), (0, len(rows) - 1), CELL_PADDING + INDENT * row.level))
    commands += [("LINEBELOW", (0, start), (-1, end), 0.5, colors.black) for start, end in _runs(len(rows), joined)]
    # No splitInRow: ReportLab's in-row splitting draws the repeated header in the middle of a page (after the rows
    # that fitted, above the split row's rest). Rows are short enough instead (_pieces), so a page break falls
    # between rows and the header repeats once, at the top of each page.
    grid = Grid(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    grid.setStyle(TableStyle(commands))
    # The caption keeps with the table (its style's keepWithNext): it never ends a page alone.
    return [text(block.caption, styles.caption), grid, Spacer(1, 6)] if block.caption else [grid, Spacer(1, 6)]


def _pieces(cells: list, rooms: list[float]) -> list[list]:
    """A row as one or more rows, each at most ROW_PIECE_HEIGHT tall: a paragraph taller than that (a long reason,
    a note of many lines) goes on in the next piece, the other cells' pieces left empty."""
    limit = ROW_PIECE_HEIGHT - CELL_VERTICAL_PADDING
    columns: list[list] = []
    for cell, room in zip(cells, rooms, strict=True):
        parts = [cell]
        # Only a paragraph can be tall; one that might be (a cheap upper bound) is laid out to see.
        if isinstance(cell, Text) and _may_exceed(cell, room, limit):
            height = cell.wrap(room, limit)[1]
            # Bounded: where no line fits (a column narrower than a character) a split makes no headway.
            for _attempt in range(math.ceil(2 * height / limit)):
                if parts[-1].wrap(room, limit)[1] <= limit:
                    break
                split = parts[-1].split(room, limit)
                if len(split) != 2:
                    break
                parts[-1:] = split
        columns.append(parts)
    depth = max(len(parts) for parts in columns)
    return [[parts[index] if index < len(parts) else "" for parts in columns] for index in range(depth)]


def _may_exceed(paragraph: Text, room: float, limit: float) -> bool:
    style = paragraph.style
    breaks = sum(1 for fragment in paragraph.frags if getattr(fragment, "lineBreak", False))
    width = stringWidth(paragraph.getPlainText(), style.fontName, style.fontSize)
    # Each line holds at least half a line's width of text (a long word pushed to the next line wastes the rest).
    return (breaks + 1 + 2 * width / max(room, 1)) * style.leading > limit


def _runs(count: int, skipped: list[int]) -> list[tuple[int, int]]:
    """Ranges of row numbers 0 … count - 1 without the skipped ones, as (first, last) pairs."""
    runs, start = [], 0
    for number in skipped:
        if number > start:
            runs.append((start, number - 1))
        start = number + 1
    if start < count:
        runs.append((start, count - 1))
    return runs


class _Cells:
    """A table's cells: a plain string where the text fits its column on one line (ReportLab draws those without
    laying out a paragraph, many times faster: a report has thousands of short cells), a wrapping paragraph
    otherwise."""

    def __init__(self, styles: _Styles, text: _Writer, widths: list[float]) -> None:
        self.styles, self.text, self.widths = styles, text, widths
        self._paragraph_styles: dict[tuple[bool, str, float], ParagraphStyle] = {}

    def rooms(self, level: int) -> list[float]:
        """The width inside each cell of a row at `level`."""
        return [
            width - 2 * CELL_PADDING - (INDENT * level if number == 0 else 0)
            for number, width in enumerate(self.widths)
        ]

    def cell(self, value: str, number: int, align: str, strong: bool = False, level: int = 0):
        style = self.styles.strong_cell if strong else self.styles.cell
        drawable = printable(value, self.text.fonts.chars_of(style.fontName))
        room = self.rooms(level)[number]
        if "\n" not in drawable and stringWidth(drawable, style.fontName, style.fontSize) <= room:
            return drawable
        size = _fitting_size(drawable, style, room)
        return self.text.paragraph(drawable, self._style(strong, align, size))

    def _style(self, strong: bool, align: str, size: float) -> ParagraphStyle:
        key = (strong, align, size)
        if key not in self._paragraph_styles:
            base = self.styles.strong_cell if strong else self.styles.cell
            # The row's indentation is the cell's padding (a table command), not the paragraph's.
            self._paragraph_styles[key] = ParagraphStyle(
                f"{base.name}-{align}-{size}",
                parent=base,
                alignment=_ALIGN[align],
                fontSize=size,
                leading=base.leading * size / base.fontSize,
            )
        return self._paragraph_styles[key]


def _fitting_size(text: str, style: ParagraphStyle, room: float) -> float:
    """The cell's font size: its own, or smaller (down to MIN_CELL_SIZE) where a word of Latin text (a date, a
    number, "Completed") is wider than the column and would otherwise be broken inside."""
    if has_cjk(text):
        return style.fontSize  # Chinese wraps between any two characters
    widest = max((stringWidth(word, style.fontName, style.fontSize) for word in text.split()), default=0)
    if widest <= room:
        return style.fontSize
    return max(MIN_CELL_SIZE, math.floor(style.fontSize * room / widest * 2) / 2)


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
