"""Names: the user's own (Chinese included), never a path or control characters, the extension the content
calls for. Sizes: nothing empty, nothing over TRACKER_ATTACHMENT_MAX_BYTES, at most FILES_MAX files a submit."""

from __future__ import annotations

import pytest

from tests.attachments import samples
from tests.attachments.helpers import check
from tracker.attachments.services import FILES_MAX


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield app


def test_a_chinese_name_is_kept_as_it_is(ctx):
    checked, messages = check((samples.pdf(), "关于2013年度电子政务项目的批复（第一批）.pdf"))
    assert messages == [] and checked[0].filename == "关于2013年度电子政务项目的批复（第一批）.pdf"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "C:\\Users\\王\\批复.pdf", "材料/批复.pdf", "..", "批复..pdf", "\\\\server\\share.pdf"],
)
def test_a_name_with_a_path_is_refused(ctx, name):
    checked, messages = check((samples.pdf(), name))
    assert checked == [] and len(messages) == 1 and messages[0].endswith("文件名不能包含路径。")


@pytest.mark.parametrize("name", ["批复\x00.pdf", "批\n复.pdf", "批复\x7f.pdf", "报告\u202efdp.exe", "a\tb.pdf"])
def test_a_name_with_control_characters_is_refused(ctx, name):
    checked, messages = check((samples.pdf(), name))
    assert checked == [] and len(messages) == 1 and messages[0].endswith("文件名不能包含控制字符。")
    assert "\x00" not in messages[0] and "\u202e" not in messages[0]  # the message shows them, harmless


def test_a_name_longer_than_255_characters_is_refused(ctx):
    assert check((samples.pdf(), "批" * 251 + ".pdf"))[1] == []
    checked, messages = check((samples.pdf(), "批" * 252 + ".pdf"))
    assert checked == [] and messages[0].endswith("文件名不能超过 255 个字符。")


def test_a_name_of_dots_and_spaces_is_refused(ctx):
    assert check((samples.pdf(), " . "))[1] == ["文件名不能为空。"]


@pytest.mark.parametrize(
    ("name", "build", "kept"),
    [
        ("批复.doc", samples.pdf, "批复.pdf"),  # a PDF named as a Word file opens as what it is
        ("批复.PDF", samples.pdf, "批复.PDF"),  # the case of a matching extension is the user's
        ("批复", samples.pdf, "批复.pdf"),
        ("照片.png", samples.jpeg, "照片.jpg"),
        ("照片.JPEG", samples.jpeg, "照片.JPEG"),
        ("报告.xlsx", samples.docx, "报告.docx"),
        ("纪要.xls", lambda: samples.ole2("WordDocument"), "纪要.doc"),
        ("v1.2 方案", samples.pdf, "v1.2 方案.pdf"),  # "2 方案" was no extension
    ],
)
def test_the_extension_follows_the_content(ctx, name, build, kept):
    checked, messages = check((build(), name))
    assert messages == [] and checked[0].filename == kept


def test_a_renamed_long_name_stays_within_255_characters(ctx):
    checked, _ = check((samples.pdf(), "批" * 251 + ".doc"))
    assert checked[0].filename == "批" * 251 + ".pdf"
    checked, _ = check((samples.pdf(), "批" * 255))
    assert checked[0].filename == "批" * 251 + ".pdf" and len(checked[0].filename) == 255


def test_an_empty_file_is_refused(ctx):
    checked, messages = check((b"", "批复.pdf"))
    assert checked == [] and messages == ["批复.pdf：文件是空的。"]


def test_a_file_over_the_setting_is_refused_and_one_at_it_accepted(ctx, monkeypatch):
    data = samples.pdf()
    monkeypatch.setitem(ctx.config, "TRACKER_ATTACHMENT_MAX_BYTES", len(data))
    assert check((data, "正好.pdf"))[1] == []
    checked, messages = check((data + b"x", "大了.pdf"))
    assert checked == [] and messages == ["大了.pdf：文件超过 201 B，不能上传。"]


def test_the_limit_is_said_in_megabytes(ctx, monkeypatch):
    monkeypatch.setitem(ctx.config, "TRACKER_ATTACHMENT_MAX_BYTES", 1024 * 1024)
    _, messages = check((samples.pdf() + b"\0" * 1024 * 1024, "大.pdf"))
    assert messages == ["大.pdf：文件超过 1 MB，不能上传。"]
    monkeypatch.setitem(ctx.config, "TRACKER_ATTACHMENT_MAX_BYTES", 1536 * 1024)
    _, messages = check((samples.pdf() + b"\0" * 1536 * 1024, "大.pdf"))
    assert messages == ["大.pdf：文件超过 1.5 MB，不能上传。"]


def test_at_most_files_max_files_a_submit(ctx):
    assert len(check(*[(samples.pdf(), f"{n}.pdf") for n in range(FILES_MAX)])[0]) == FILES_MAX
    checked, messages = check(*[(samples.pdf(), f"{n}.pdf") for n in range(FILES_MAX + 1)])
    assert checked == [] and messages == [f"一次最多上传 {FILES_MAX} 个文件。"]


def test_an_input_left_empty_is_no_file(ctx):
    assert check((b"", "")) == ([], [])
