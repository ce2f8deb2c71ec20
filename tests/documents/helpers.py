"""Sample documents (tests/documents/samples/, shared with the importer's and the browser tests) and tree views.

- work_points_2014.txt: 年度工作要点; 一、/（一）/1.; （牵头单位：…；配合单位：…）, X牵头…配合, 责任单位; a
  chapter's department inherited; targets; the issuer and date at the end.
- implementation_plan_chapters.txt: 实施方案（2016-2020年）; 第一章/第一节, 1、（1）①; [X牵头，会同Y负责],
  【…】; 专栏1 ●.
- task_breakdown.txt: 任务分解 as text; 责任单位/责任部门; full-width digits, stray spaces, trailing 。; numbering
  warnings (（一）（三）（三）, a 2. with no 1.).
- work_plan_gbk.txt: GB18030 (GBK) text; full-width digits and %; 【X牵头，会同Y负责】; a skipped 3.
- task_table.txt: a 任务分解表 as tab-separated text (its rows read as headings).
- work_plan_2015.docx (work_plan_docx()): Word with typed numbers, a line break in a paragraph, a table.
- work_plan_numbered.docx (numbered_work_plan_docx()): Word whose numbers an automatic list draws.
- task_table.docx (task_table_docx()): a 任务分解表 in Word with merged category rows.

The seed plan document itself is read by test_seed_document.py (tests.seed.conftest.DOCUMENT_CANDIDATES).
"""

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


# A multi-level list as Chinese Word templates define it: 一、 / （一） / 1. / ① / a bullet from a symbol font.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CHINESE_LIST = f"""<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>
  <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf06c"/></w:lvl>
</w:abstractNum>"""
_CHINESE_LIST_NUM = f"""<w:num xmlns:w="{W}" w:numId="90">
  <w:abstractNumId w:val="90"/>
</w:num>"""


def numbered_work_plan_docx() -> bytes:
    """A Word plan whose heading numbers are drawn by Word's automatic list (none of them is typed).
    samples/work_plan_numbered.docx is this file."""
    import io

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(parse_xml(_CHINESE_LIST))  # abstract definitions come before the instances
    numbering.append(parse_xml(_CHINESE_LIST_NUM))

    def listed(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        properties = paragraph._p.get_or_add_pPr()
        properties.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_paragraph("滨江区2016年数字经济工作要点")
    document.add_paragraph("为推动数字经济发展，制定本要点。")
    listed("发展数字产业（牵头单位：区发改局；配合单位：区科技局）", 0)
    listed("培育龙头企业。到2016年底，营业收入超过10亿元的企业达到20家以上。", 1)
    listed("实施“凤凰计划”", 2)
    listed("推动上市", 3)
    listed("加快并购", 3)
    listed("培育独角兽企业", 2)
    listed("建设产业园区", 1)
    listed("完善服务体系", 0)
    listed("建设公共服务平台", 1)
    listed("云服务平台", 4)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def task_table_docx() -> bytes:
    """A 任务分解表 in Word: a title, then a table whose header names the task and department columns, with merged
    category rows ("一、基础设施" across the table). samples/task_table.docx is this file."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("2016年数字政府建设任务分解表")
    rows = [
        ("序 号", "任务名称", "牵头单位", "配合单位", "完成时间"),
        ("一、网上办事", None, None, None, None),
        ("1", "建设网上办事大厅。实现100%事项网上可办。", "市审管办", "市经信委、市数据资源局", "2016年底"),
        ("2", "推行电子证照", "市数据资源局", "", "2016年9月"),
        ("二、数据共享", None, None, None, None),
        ("1", "建设数据共享平台", "市数据资源局", "各区、县（市）政府", "2016年底"),
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for row, cells in zip(table.rows, rows, strict=True):
        if cells[1] is None:
            merged = row.cells[0].merge(row.cells[4])
            merged.text = cells[0]
            continue
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text or ""
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
