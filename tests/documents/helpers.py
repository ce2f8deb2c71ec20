"""Sample documents (tests/documents/samples/, shared with the importer's and the browser tests) and tree views."""

from __future__ import annotations

from pathlib import Path

from tracker.documents.model import ParsedDocument, ParsedItem

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def outline(items: list[ParsedItem], depth: int = 0) -> list[str]:
    """The tree as indented "marker title [kind]" lines, to compare a whole tree at a glance."""
    lines: list[str] = []
    for item in items:
        lines.append(f"{'  ' * depth}{item.marker} {item.title} [{item.kind}]")
        lines.extend(outline(item.children, depth + 1))
    return lines


def by_title(document: ParsedDocument, title: str) -> ParsedItem:
    (item,) = [item for item in document.walk() if item.title == title]
    return item


def work_plan_docx() -> bytes:
    """A Word work plan as an office receives one: a title, a preamble, numbered headings with department clauses,
    a line break inside a paragraph, and a table (read row by row). samples/work_plan_2015.docx is this file."""
    import io

    import docx

    document = docx.Document()
    document.add_heading("杭州市2015年信息化工作要点", level=1)
    document.add_paragraph("现将2015年全市信息化工作要点印发如下。")
    document.add_paragraph("一、推进两化深度融合（牵头单位：市经信委；配合单位：市科委、市发改委）")
    document.add_paragraph("（一）开展两化融合示范。到2015年底，示范企业达到100家以上。")
    paragraph = document.add_paragraph("（二）推广工业云服务。")
    paragraph.add_run().add_break()
    paragraph.add_run("上云企业超过2000家。")
    document.add_paragraph("二、发展电子商务")
    document.add_paragraph("（一）培育电子商务平台。（市商务委牵头，市经信委配合）")
    rows = [("平台", "目标", "责任单位"), ("跨境电商", "100亿元", "市商务委"), ("农村电商", "", "市农办")]
    table = document.add_table(rows=len(rows), cols=3)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("（二）完善物流配送体系。")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
