"""Files are accepted by what their bytes are, never by their name or the browser's content type."""

from __future__ import annotations

import pytest

from tests.attachments import samples
from tests.attachments.helpers import check
from tracker.attachments import content

ACCEPTED = [
    ("pdf", samples.pdf, "批复.pdf", "application/pdf"),
    ("png", samples.png, "现场照片.png", "image/png"),
    ("jpeg", samples.jpeg, "现场照片.jpg", "image/jpeg"),
    ("gif", samples.gif, "示意图.gif", "image/gif"),
    ("webp", samples.webp, "截图.webp", "image/webp"),
    ("bmp", samples.bmp, "扫描件.bmp", "image/bmp"),
    ("docx", samples.docx, "验收报告.docx", content.DOCX.content_type),
    ("xlsx", samples.xlsx, "预算表.xlsx", content.XLSX.content_type),
    ("pptx", samples.pptx, "汇报.pptx", content.PPTX.content_type),
    ("doc", lambda: samples.ole2("WordDocument"), "会议纪要.doc", "application/msword"),
    ("xls", lambda: samples.ole2("Workbook"), "统计表.xls", "application/vnd.ms-excel"),
    ("ppt", lambda: samples.ole2("PowerPoint Document"), "汇报.ppt", "application/vnd.ms-powerpoint"),
    ("wps", lambda: samples.ole2("WordDocument"), "会议纪要.wps", "application/msword"),
    ("et", lambda: samples.ole2("Workbook"), "统计表.et", "application/vnd.ms-excel"),
    ("dps", lambda: samples.ole2("PowerPoint Document"), "汇报.dps", "application/vnd.ms-powerpoint"),
    ("wps-ooxml", samples.docx, "新版文字.wps", content.DOCX.content_type),
]


@pytest.mark.parametrize(
    ("build", "name", "content_type"), [case[1:] for case in ACCEPTED], ids=[c[0] for c in ACCEPTED]
)
def test_each_accepted_kind_is_known_by_its_bytes(app, build, name, content_type):
    data = build()
    with app.test_request_context():
        checked, messages = check((data, name))
    assert messages == []
    assert [(f.filename, f.content_type, f.data) for f in checked] == [(name, content_type, data)]


REFUSED = [
    ("html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "通知.html"),
    ("html named pdf", b"<html><body>not a pdf</body></html>", "批复.pdf"),
    ("svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "图.svg"),
    ("svg named png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "图.png"),
    ("script", b"#!/bin/sh\nrm -rf /\n", "run.sh"),
    ("javascript named docx", b"alert(document.cookie)", "报告.docx"),
    ("executable", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "setup.exe"),
    ("executable named doc", b"MZ\x90\x00\x03\x00" + b"\x00" * 64, "说明.doc"),
    ("zip of other things", samples.zipped({"readme.txt": "hello", "run.bat": "del *"}), "材料.zip"),
    ("zip named docx", samples.zipped({"word/document.xml": "<w/>"}), "报告.docx"),  # no [Content_Types].xml
    ("damaged zip", b"PK\x03\x04" + b"\x00" * 40, "报告.xlsx"),
    ("ole2 of no office kind", samples.ole2("SummaryInformation"), "installer.doc"),
    ("text starting with BM", b"BM is how this note starts, nothing more to it", "备忘.bmp"),
    ("plain text", "会议纪要：同意立项。".encode(), "纪要.txt"),
]


@pytest.mark.parametrize(("data", "name"), [case[1:] for case in REFUSED], ids=[c[0] for c in REFUSED])
def test_everything_else_is_refused_naming_the_file(app, data, name):
    with app.test_request_context():
        checked, messages = check((data, name))
    assert checked == []
    assert messages == [f"{name}：不支持这种文件，只能上传 PDF、图片或 Word、Excel、PowerPoint、WPS 文档。"]


def test_the_browsers_content_type_is_not_believed(app):
    from tests.attachments.helpers import upload
    from tracker.attachments.services import check_uploads
    from tracker.core.errors import Problems

    with app.test_request_context():
        problems = Problems()
        checked = check_uploads([upload(b"<html></html>", "a.pdf", content_type="application/pdf")], problems)
        assert checked == [] and problems.has("files")
        problems = Problems()
        checked = check_uploads([upload(samples.pdf(), "a.pdf", content_type="text/html")], problems)
        assert [f.content_type for f in checked] == ["application/pdf"] and not problems


def test_every_refusal_of_one_submit_is_reported_at_once(app):
    with app.test_request_context():
        checked, messages = check(
            (samples.pdf(), "好.pdf"), (b"<html/>", "坏.html"), (b"", "空.pdf"), (samples.png(), "../图.png")
        )
    assert [f.filename for f in checked] == ["好.pdf"]
    assert messages == [
        "坏.html：不支持这种文件，只能上传 PDF、图片或 Word、Excel、PowerPoint、WPS 文档。",
        "空.pdf：文件是空的。",
        "../图.png：文件名不能包含路径。",
    ]
