"""A plan document's bytes to its text, one paragraph per line, judged by content and never by file name.

Accepted: a Word document (.docx: a zip holding word/document.xml) and plain text. From Word: the paragraphs in
order, each with the number Word's automatic list draws before it (word_numbering.py) and followed by the text
boxes anchored in it; a table row by row, a row's cells joined by a tab (a one-cell row as its paragraphs). Text
in UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (Notepad's "Unicode") or GB18030
(which covers GBK and GB2312: Chinese government text files are often saved so). Refused with a reason: too large,
empty, an old Word .doc (or an encrypted document: both are OLE files), a macro-enabled .docm, a zip that is not a
Word document, PDF, RTF, anything binary, or a text beyond the limits (tracker.documents.limits: its size once
unpacked, its paragraphs).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask_babel import gettext as _

from tracker.documents.limits import DocumentLimits, check_text, refuse_long_text, refuse_many_lines, size_text
from tracker.documents.model import DocumentRefused
from tracker.documents.word_numbering import WordNumbering

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Unpacked, a .docx may not exceed this, whatever its packed size (a small zip can hold gigabytes).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
# Line and paragraph separators other than \n that text files and Word use; a form feed is a page break.
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_ALLOWED_CONTROLS = {"\n", "\t"}
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_document(data: bytes, *, max_bytes: int, limits: DocumentLimits | None = None) -> str:
    """The document's text, one paragraph per line, or DocumentRefused saying why it cannot be read. Within
    `limits` (by default the file size alone and the default text limits): a Word document's paragraphs are
    counted, and its text measured as it is read, so a small file holding a huge text stops early."""
    limits = limits or DocumentLimits(max_bytes=max_bytes)
    if len(data) > max_bytes:
        raise DocumentRefused(
            _("文件过大（%(size)s），不能超过 %(limit)s。", size=size_text(len(data)), limit=size_text(max_bytes))
        )
    if not data.strip():
        raise DocumentRefused(_("文件是空的。"))
    if data.startswith(_OLE):
        raise DocumentRefused(
            _("这是旧版 Word 文档（.doc）或加密的文档，无法读取。请在 Word 中另存为 .docx（不设密码）后再上传。")
        )
    text = _docx_text(data, limits) if data.startswith(_ZIP) else _plain_text(data)
    text = "\n".join(line.rstrip() for line in _BREAKS.sub("\n", text).split("\n"))
    if not text.strip():
        raise DocumentRefused(_("文件中没有文字。"))
    check_text(text, limits)
    return text


def refuse_controls(text: str) -> None:
    """DocumentRefused when the text holds a control character no document text has (NUL, ESC…): what the upload
    reads never does, so a text that does was not read from a file (a tampered confirm form)."""
    if any(_is_control(c) for c in _BREAKS.sub("\n", text)):
        raise DocumentRefused(_("文件不是文本，也不是 Word 文档（.docx），无法读取。"))


def _plain_text(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        raise DocumentRefused(_("这是 PDF 文件，无法读取其中的文字。请上传 Word 文档（.docx）或纯文本文件。"))
    if data.startswith(b"{\\rtf"):
        raise DocumentRefused(_("这是 RTF 文件。请在 Word 中另存为 .docx 后再上传。"))
    text = _decode(data)
    if text is None:
        raise DocumentRefused(_("文件不是文本，也不是 Word 文档（.docx），无法读取。"))
    refuse_controls(text)
    return text


def _is_control(char: str) -> bool:
    """A control character no text file holds (a tab and a line break are text; other breaks are folded first)."""
    return unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS


def _decode(data: bytes) -> str | None:
    """UTF-8 (a BOM dropped), UTF-16 with a BOM, else GB18030; None when none of them reads the bytes."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:  # no text in these encodings holds a NUL byte
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _docx_text(data: bytes, limits: DocumentLimits) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise DocumentRefused(_("文件已损坏，无法读取。")) from error
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise DocumentRefused(_("这是 Excel 工作簿，不是 Word 文档。请上传规划文本（.docx 或纯文本）。"))
        raise DocumentRefused(_("这是一个压缩文件，但不是 Word 文档（.docx）。"))
    # Declared sizes bound what is unpacked: zipfile stops at an entry's declared size (then fails its checksum).
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise DocumentRefused(_("文件解压后过大，无法读取。"))
    try:
        document = docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile, SyntaxError) as error:  # lxml's XMLSyntaxError is one
        if _macro_enabled(data):
            raise DocumentRefused(
                _("这是启用宏的 Word 文档（.docm），不能导入。请在 Word 中另存为 .docx（Word 文档）后再上传。")
            ) from error
        message = _("Word 文档已损坏或格式不受支持，无法读取。请在 Word 中另存为 .docx 后再上传。")
        raise DocumentRefused(message) from error
    refuse_many_lines(int(document.element.body.xpath("count(.//w:p)")), limits)
    return "\n".join(_measured(_docx_lines(document), limits))


def _macro_enabled(data: bytes) -> bool:
    """Whether the package says its main part is a macro-enabled document (.docm) or template (.dotm), or holds
    Word's macro project (a .docm renamed and half-converted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/vbaProject.bin" in archive.namelist():
                return True
            types = archive.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return False
    return b"macroEnabled.main+xml" in types


def _measured(lines: Iterator[str], limits: DocumentLimits) -> Iterator[str]:
    """The lines, refused as soon as their text is over the limit (a 100 KB .docx can hold 60 MB of text)."""
    size = 0
    for line in lines:
        size += len(line.encode("utf-8")) + 1
        refuse_long_text(size, limits)
        yield line


def _docx_lines(document: docx.document.Document) -> Iterator[str]:
    numbering = WordNumbering(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield numbering.label(block) + block.text
            yield from _text_boxes(block)
        else:
            yield from _table_rows(block)


def _text_boxes(paragraph: Paragraph) -> Iterator[str]:
    """The text of the text boxes anchored in a paragraph (a 专栏 is often drawn as one), after the paragraph's own
    text. Word stores a text box twice, for new and for old readers (mc:Choice, mc:Fallback): the copy for old
    readers is skipped."""
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors()):
            continue
        for child in box:
            if child.tag == qn("w:p"):
                yield Paragraph(child, paragraph).text
            elif child.tag == qn("w:tbl"):
                yield from _table_rows(Table(child, paragraph))


def _table_rows(table: Table) -> Iterator[str]:
    """A row per line, its cells joined by a tab (an empty cell keeps its place, so columns stay aligned); a merged
    cell once; a cell's own paragraphs joined by a space. A row of one cell (a 专栏 drawn as a one-cell table, a
    category row) is read as the paragraphs it holds, one per line."""
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []  # the cell elements already read: a merged cell repeats across the grid
        for cell in row.cells:
            if any(cell._tc is element for element in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text)
        if len(cells) == 1:
            yield from cells[0].splitlines()
        elif any(cell.strip() for cell in cells):
            yield "\t".join(" ".join(line.strip() for line in cell.splitlines() if line.strip()) for cell in cells)
