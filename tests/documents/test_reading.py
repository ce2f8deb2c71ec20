"""Bytes to text, judged by content: Word (.docx) and text in the encodings Chinese offices save, and a refusal
with its reason for everything else."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from tests.documents.helpers import SAMPLES, by_title, work_plan_docx
from tracker.documents import reading
from tracker.documents.model import DocumentRefused
from tracker.documents.parsing import parse_document
from tracker.documents.reading import read_document

LIMIT = 1024 * 1024
TEXT = "规划\n一、总体要求\n（一）指导思想。正文。\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return stream.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # with its byte-order mark, as Notepad saves "Unicode"
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("gbk"),
    ],
)
def test_text_in_every_encoding_an_office_saves_reads_the_same(data):
    assert read_document(data, max_bytes=LIMIT) == TEXT


def test_the_gbk_sample_is_read_and_parsed():
    data = (SAMPLES / "work_plan_gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = parse_document(data, max_bytes=LIMIT)
    assert document.title == "西湖区2015年信息化工作计划"
    assert document.period == (2015, 2015)
    assert [(item.marker, item.title) for item in document.walk()] == [
        ("一、", "夯实信息基础设施"),
        ("（一）", "推进光纤入户"),
        ("（二）", "推进公共区域无线覆盖"),
        ("二、", "深化电子政务应用"),
        ("1.", "完善区政务服务网"),
        ("2.", "推进电子监察系统建设"),
        ("4.", "整合部门业务系统"),
        ("三、", "保障措施"),
    ]
    fibre = by_title(document, "推进光纤入户")
    assert (fibre.lead, fibre.supporting, fibre.departments_inherited) == ("区经信局", ["区建设局", "区城管局"], True)
    assert fibre.mandate == "新增光纤用户超过１．５万户。"
    assert [(target.name, str(target.target_value), target.unit) for target in document.indicators] == [
        ("新增光纤用户", "1.5", "万户"),
        ("网上办事事项比例", "80", "%"),
    ]
    assert [(warning.line, warning.message) for warning in document.warnings] == [
        (11, "编号不连续：“2.”之后是“4.”，缺少“3.”。")
    ]


def test_a_word_document_is_read_paragraph_by_paragraph_and_its_tables_row_by_row():
    text = read_document(work_plan_docx(), max_bytes=LIMIT)
    assert text.split("\n") == [
        "杭州市2015年信息化工作要点",
        "现将2015年全市信息化工作要点印发如下。",
        "一、推进两化深度融合（牵头单位：市经信委；配合单位：市科委、市发改委）",
        "（一）开展两化融合示范。到2015年底，示范企业达到100家以上。",
        "（二）推广工业云服务。",
        "上云企业超过2000家。",  # a line break inside a paragraph
        "二、发展电子商务",
        "（一）培育电子商务平台。（市商务委牵头，市经信委配合）",
        "平台\t目标\t责任单位",
        "跨境电商\t100亿元\t市商务委",
        "农村电商\t\t市农办",
        "（二）完善物流配送体系。",
    ]


def test_the_committed_word_sample_is_the_one_the_tests_build():
    committed = read_document((SAMPLES / "work_plan_2015.docx").read_bytes(), max_bytes=LIMIT)
    assert committed == read_document(work_plan_docx(), max_bytes=LIMIT)


def test_a_word_document_is_parsed_into_its_tree_with_departments():
    document = parse_document(work_plan_docx(), max_bytes=LIMIT)
    assert document.title == "杭州市2015年信息化工作要点"
    assert document.preamble == "现将2015年全市信息化工作要点印发如下。"
    demo = by_title(document, "开展两化融合示范")
    assert (demo.lead, demo.supporting, demo.departments_inherited) == ("市经信委", ["市科委", "市发改委"], True)
    platform = by_title(document, "培育电子商务平台")
    assert (platform.lead, platform.supporting) == ("市商务委", ["市经信委"])
    assert platform.mandate == "平台\t目标\t责任单位\n跨境电商\t100亿元\t市商务委\n农村电商\t\t市农办"


def test_a_merged_table_cell_is_read_once():
    document = docx.Document()
    document.add_paragraph("规划")
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "一、合并的单元格"
    table.cell(0, 2).text = "市经信委"
    table.cell(1, 0).text = "甲"
    stream = io.BytesIO()
    document.save(stream)
    assert read_document(stream.getvalue(), max_bytes=LIMIT).split("\n") == ["规划", "一、合并的单元格\t市经信委", "甲"]


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(DocumentRefused, match=r"文件过大（2.0 MB），不能超过 1.0 MB"):
        read_document(b"\x00" * (2 * LIMIT), max_bytes=LIMIT)


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", "\n\u3000\n".encode()])
def test_an_empty_file_is_refused(data):
    with pytest.raises(DocumentRefused, match=r"文件是空的|文件中没有文字"):
        read_document(data, max_bytes=LIMIT)


def test_a_word_document_without_text_is_refused():
    stream = io.BytesIO()
    docx.Document().save(stream)
    with pytest.raises(DocumentRefused, match="文件中没有文字"):
        read_document(stream.getvalue(), max_bytes=LIMIT)


def test_an_old_word_document_is_refused_with_save_as_docx():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(DocumentRefused, match=r"旧版 Word 文档（\.doc）.*另存为 \.docx"):
        read_document(ole, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本，也不是 Word 文档"),
        (bytes(range(256)) * 4, "不是文本，也不是 Word 文档"),
        ("规划\x01\x02\x03".encode(), "不是文本，也不是 Word 文档"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"{\\rtf1\\ansi\\ansicpg936 ...}", "RTF"),
        (b"PK\x03\x04 broken", "文件已损坏"),
    ],
)
def test_a_file_that_is_not_text_nor_docx_is_refused_with_its_reason(data, reason):
    with pytest.raises(DocumentRefused, match=reason):
        read_document(data, max_bytes=LIMIT)


def test_a_zip_that_is_not_a_word_document_is_refused():
    with pytest.raises(DocumentRefused, match="压缩文件，但不是 Word 文档"):
        read_document(_zip({"plan.txt": TEXT.encode()}), max_bytes=LIMIT)
    with pytest.raises(DocumentRefused, match="Excel 工作簿"):
        read_document(_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), max_bytes=LIMIT)


def test_a_damaged_word_document_is_refused():
    with pytest.raises(DocumentRefused, match="Word 文档已损坏"):
        read_document(_zip({"word/document.xml": b"<not xml"}), max_bytes=LIMIT)


def test_a_word_document_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(DocumentRefused, match="解压后过大"):
        read_document(_zip({"word/document.xml": b" " * 20_000}), max_bytes=LIMIT)


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"


def _text_box_run(paragraphs: list[str]) -> str:
    """A run holding a text box as Word writes one: a drawing for new readers, a VML copy for old ones."""
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    content = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return (
        f'<w:r xmlns:w="{W}" xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:v="{V}"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent>'
        f"</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>"
        f"</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_boxes_drawn_as_a_one_cell_table_or_a_text_box_are_read_as_their_paragraphs():
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("规划")
    document.add_paragraph("一、任务")
    document.add_paragraph("1.甲")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "专栏1：重点平台"
    cell.add_paragraph("●平台一。说明。")
    cell.add_paragraph("●平台二")
    document.add_paragraph("2.乙")
    anchor = document.add_paragraph("3.丙")
    anchor._p.append(parse_xml(_text_box_run(["专栏2：重点工程", "●工程一"])))
    stream = io.BytesIO()
    document.save(stream)
    text = read_document(stream.getvalue(), max_bytes=LIMIT)
    assert text.split("\n") == [
        "规划",
        "一、任务",
        "1.甲",
        "专栏1：重点平台",
        "●平台一。说明。",
        "●平台二",
        "2.乙",
        "3.丙",
        "专栏2：重点工程",  # once: the copy for old readers is skipped
        "●工程一",
    ]
    parsed = parse_document(stream.getvalue(), max_bytes=LIMIT)
    boxes = [item for item in parsed.walk() if item.marker.startswith("专栏")]
    assert [(box.title, [entry.title for entry in box.children]) for box in boxes] == [
        ("重点平台", ["平台一", "平台二"]),
        ("重点工程", ["工程一"]),
    ]
