"""Reading an uploaded workbook safely: is it an .xlsx at all, is it small enough once unpacked, is it one of
our exports for this plan, and which cells hold what.

Everything is checked before a single row is judged, and a refusal says what is wrong in words. The file is
read with openpyxl in read-only mode (streamed, formulas read as formulas and never evaluated, external links
ignored).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import openpyxl
from flask_babel import gettext as _

from tracker.core.errors import ValidationError
from tracker.exports.columns import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MARKER_SHEET,
    REQUIRED_KEYS,
    TASK_COLUMNS,
    labels_by_key,
    normalise_header,
)

# Unpacked, the parts of an upload may not exceed this (a 5 MB zip can hold gigabytes: a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
MAX_ROWS = 50_000
# The header row is looked for among the first rows (the title block sits above it).
HEADER_SEARCH_ROWS = 30
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx


class UploadRefused(ValidationError):
    """The whole file is refused; nothing is stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula, as typed ("=30+2"). The import takes values only: a file saved by openpyxl or a
    script holds no result for a formula, and one saved by a spreadsheet program may hold a stale one."""

    text: str

    def __str__(self) -> str:
        return self.text


def _cell_value(cell) -> object:
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(getattr(cell.value, "text", cell.value)))  # an array formula keeps its text apart
    return cell.value


@dataclass
class SheetRow:
    number: int  # as Excel numbers rows
    cells: dict[str, object]  # column key -> value as read
    progress_format: str  # the progress cell's number format ("0%" means the value is a fraction)


@dataclass
class UploadedSheet:
    plan_code: str
    installation: str  # the key of the installation that exported it
    rows: list[SheetRow]


def _check_container(stream: BinaryIO) -> None:
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head == _OLE_SIGNATURE:
        raise UploadRefused(_("这是旧版 Excel（.xls）或加密的文件。请在 Excel 中另存为 .xlsx（不设密码）后再上传。"))
    if not head.startswith(_ZIP_SIGNATURE):
        raise UploadRefused(_("文件不是 Excel 工作簿（.xlsx）。请上传从本系统导出的 .xlsx 文件。"))
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UploadRefused(_("文件已损坏，无法读取。请重新导出后再上传。")) from error
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRefused(_("文件不是 Excel 工作簿（.xlsx）。请上传从本系统导出的 .xlsx 文件。"))
    # Declared sizes are a hard limit: zipfile stops reading an entry at its declared size (and then fails its
    # checksum), so a lying header cannot unpack more than it declares.
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise UploadRefused(_("文件解压后过大（超过 %(n)d MB），不能导入。", n=MAX_UNPACKED_BYTES // (1024 * 1024)))
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UploadRefused(_("文件已加密，不能导入。请去掉密码后再上传。"))
    stream.seek(0)


def _marker(workbook) -> dict[str, str]:
    if MARKER_SHEET not in workbook.sheetnames:
        raise UploadRefused(
            _("这不是从本系统导出的任务清单（缺少格式标记）。请先在“规划任务”页导出 Excel，在导出的文件中填写后上传。")
        )
    values: dict[str, str] = {}
    for row in workbook[MARKER_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if row and row[0] is not None:
            values[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    if values.get("format") != FORMAT_NAME:
        raise UploadRefused(_("这不是从本系统导出的任务清单（格式标记不符）。"))
    if values.get("format_version") != FORMAT_VERSION:
        raise UploadRefused(_("文件的格式版本不受支持，请重新导出后再填写。"))
    return values


def _header(rows, labels: dict[str, set[str]]) -> tuple[int, dict[str, int]]:
    """The header row (the first with both the key and the version column) and where each column is."""
    for number, row in enumerate(rows, start=1):
        found: dict[str, int] = {}
        for index, cell in enumerate(row):
            text = normalise_header(cell.value)
            for key, names in labels.items():
                if text and text in names and key not in found:
                    found[key] = index
        if "id" in found and "version" in found:
            missing = [key for key in REQUIRED_KEYS if key not in found]
            if missing:
                names = _("、").join(str(c.label) for c in TASK_COLUMNS if c.key in missing)
                raise UploadRefused(_("缺少必需的列：%(names)s。请使用导出的文件，不要删除列。", names=names))
            return number, found
        if number >= HEADER_SEARCH_ROWS:
            break
    raise UploadRefused(_("找不到表头（“任务ID”“版本”两列）。请使用从本系统导出的文件，不要删除隐藏的列。"))


def read_upload(stream: BinaryIO) -> UploadedSheet:
    """The task rows of an uploaded export, or UploadRefused."""
    _check_container(stream)
    try:
        # Formulas are read as formulas (data_only=False) so that a row holding one is refused, naming it.
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise UploadRefused(_("文件已损坏，无法读取。请重新导出后再上传。")) from error
    try:
        return _read_rows(workbook)
    except UploadRefused:
        raise
    except Exception as error:
        raise UploadRefused(_("文件已损坏，无法读取。请重新导出后再上传。")) from error
    finally:
        workbook.close()


def _read_rows(workbook) -> UploadedSheet:
    marker = _marker(workbook)
    sheet_name = marker.get("task_sheet", "")
    if sheet_name not in workbook.sheetnames:
        raise UploadRefused(_("找不到任务清单工作表（“%(name)s”）。请不要重命名或删除工作表。", name=sheet_name))
    worksheet = workbook[sheet_name]
    # The declared dimensions may be wrong (other programs write them loosely): read what is really there.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows()
    header_number, columns = _header(rows, labels_by_key())
    progress_index = columns["progress"]
    result: list[SheetRow] = []
    for number, row in enumerate(rows, start=header_number + 1):
        cells = {key: _cell_value(row[index]) if index < len(row) else None for key, index in columns.items()}
        if all(_blank(value) for value in cells.values()):
            continue
        if len(result) >= MAX_ROWS:
            raise UploadRefused(_("文件行数过多（超过 %(n)d 行），不能导入。", n=MAX_ROWS))
        progress_format = getattr(row[progress_index], "number_format", "") if progress_index < len(row) else ""
        result.append(SheetRow(number, cells, progress_format or ""))
    if not result:
        raise UploadRefused(_("文件中没有任务行。"))
    return UploadedSheet(plan_code=marker.get("plan", ""), installation=marker.get("installation", ""), rows=result)


_BLANK = re.compile(r"^\s*$")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and bool(_BLANK.match(value)))
