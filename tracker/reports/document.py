"""The report as plain data, before any file format: a cover and a flow of blocks.

tracker.reports.content builds a ReportDocument from the services (what the report says); the writers
(tracker.reports.docx_writer, tracker.reports.pdf_writer) only lay it out, so the Word file and the PDF say the
same thing and tests can compare either with the services' figures. Every text here is already cleaned for a
document (tracker.reports.text) and already formatted (numbers, dates, percentages as the reader sees them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Cover:
    title: str  # 《杭州市“十二五”信息化发展规划实施情况报告（2013年第二季度）》
    period: str  # 报告期：2013年4月1日至2013年6月30日
    scope: str  # 全部规划 / 市经信委
    issuer: str  # the issuing office
    date: str  # 2013年7月5日

    @property
    def title_lines(self) -> str:
        """The title as a cover sets it: the period in brackets on a line of its own, so a long title never
        breaks inside a word (a line break between them in the text, for both writers)."""
        head, bracket, period = self.title.rpartition("（")
        if not bracket or not head.strip("《"):
            return self.title
        return f"{head}\n{bracket}{period}"


@dataclass(frozen=True)
class Heading:
    text: str  # with its own number: "一、总体进展", "（一）两化融合"
    level: int  # 1: a section; 2: a part of one


@dataclass(frozen=True)
class Paragraph:
    text: str
    # "body": running text; "notice": what stands in for an empty section ("本期无逾期事项。");
    # "note": a source or a caveat under a table, smaller.
    style: Literal["body", "notice", "note"] = "body"


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # a share of the text width; a table's shares need not add up to 1
    align: Align = "left"


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    emphasis: bool = False  # a total or a group's subtotal: bold
    level: int = 0  # indentation of the first cell (a sub-task under its task)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str = ""  # 表1　各部门任务进展


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    color: str = ""  # "#RRGGBB"; empty: the chart's palette


@dataclass(frozen=True)
class Chart:
    """A chart described by its data; tracker.reports.charts draws it (PNG) for both writers."""

    kind: Literal["bar", "stacked_bar"]  # horizontal bars: long Chinese category names stay readable
    title: str  # 图1　各章节任务进展
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # "%" or "项"
    max_value: float | None = None  # 100 for percentages


Block = Heading | Paragraph | Table | Chart


@dataclass
class ReportDocument:
    cover: Cover
    blocks: list[Block] = field(default_factory=list)
    # The download's file name without extension, for Content-Disposition (Chinese allowed).
    file_stem: str = ""
    # The plan's title, for the documents' properties and the page header.
    plan_title: str = ""
