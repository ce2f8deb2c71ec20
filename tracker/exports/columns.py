"""The task sheet's columns: one list that the export writes and the import reads back.

The import finds columns by their header, in either UI language, so a user may reorder or add columns (and the
order here is free to serve printing); the hidden key, version and check columns tie each row to a work item as
it was when exported.

Budgets come twice: rolled up (the item with everything below it, as the tree page shows them) and the item's own
(its projects only), so that summing the own columns over any set of rows counts every project once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy string: rendered in the locale of the moment
    width: float
    kind: str  # text, title, int, decimal, amount, date, datetime
    editable: bool = False
    hidden: bool = False
    printed: bool = False  # inside the print area
    wrap: bool = False  # long text breaks into lines (and the row grows to show them)


TASK_COLUMNS: tuple[Column, ...] = (
    # The columns an office files come first, so that the print area is one range (a sheet prints one range to a
    # page width); they wrap long text in widths that keep the printed text >= 7 pt (tracker.exports.sheets.printing).
    Column("outline", _l("编号"), 12, "text", printed=True, wrap=True),
    Column("title", _l("任务"), 30, "title", printed=True, wrap=True),
    Column("status", _l("状态"), 8, "text", editable=True, printed=True),
    Column("progress", _l("进度（%）"), 7, "int", editable=True, printed=True),
    Column("rollup", _l("汇总进度（%）"), 7, "decimal", printed=True),
    Column("lead", _l("牵头部门"), 12, "text", printed=True, wrap=True),
    Column("owner", _l("责任人"), 8, "text", printed=True),
    Column("due", _l("完成期限"), 11, "date", printed=True),
    Column("days_overdue", _l("逾期天数"), 7, "int", printed=True),
    Column("note", _l("进展说明"), 24, "text", editable=True, printed=True, wrap=True),
    Column("delay_reason", _l("滞后原因"), 19, "text", editable=True, printed=True, wrap=True),
    Column("remedy", _l("整改措施"), 19, "text", editable=True, printed=True, wrap=True),
    Column("expected_completion", _l("预计完成日期"), 11, "date", editable=True, printed=True),
    # The name people use (两化融合): shown, not imported (edited on the item's form, like the departments).
    Column("short_name", _l("简称"), 14, "text"),
    Column("kind", _l("类型"), 10, "text"),
    Column("supporting", _l("配合部门"), 24, "text"),
    # Whether those departments are the office's unconfirmed default (默认分工，待确认): shown, never imported.
    Column("assignment", _l("分工来源"), 16, "text"),
    Column("start", _l("开始日期"), 12, "date"),
    Column("flags", _l("提示"), 16, "text"),
    Column("last_update", _l("最近更新"), 17, "datetime"),
    Column("approved", _l("批复金额（万元，含下级）"), 14, "amount"),
    Column("allocated", _l("下达金额（万元，含下级）"), 14, "amount"),
    Column("spent", _l("支出金额（万元，含下级）"), 14, "amount"),
    Column("own_approved", _l("本级批复金额（万元）"), 14, "amount"),
    Column("own_allocated", _l("本级下达金额（万元）"), 14, "amount"),
    Column("own_spent", _l("本级支出金额（万元）"), 14, "amount"),
    Column("id", _l("任务ID"), 8, "int", hidden=True),
    Column("version", _l("版本"), 6, "int", hidden=True),
    Column("check", _l("校验码"), 34, "text", hidden=True),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(TASK_COLUMNS)}
PRINTED_COLUMNS = sum(1 for column in TASK_COLUMNS if column.printed)
# Without these the file cannot be matched to work items, or carries nothing to import.
REQUIRED_KEYS = ("id", "version", "check", "outline", "title", "status", "progress")
# The marker sheet (very hidden) that tells our exports from foreign spreadsheets.
MARKER_SHEET = "_tracker"
FORMAT_NAME = "plan-tracker-tasks"
# 2: the check covers the row's item (id, version, outline, title) and its note; the marker names the installation.
FORMAT_VERSION = "2"


def labels_by_key() -> dict[str, set[str]]:
    """Each column's header in every UI language, for finding columns in an uploaded file."""
    labels: dict[str, set[str]] = {column.key: set() for column in TASK_COLUMNS}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            for column in TASK_COLUMNS:
                labels[column.key].add(normalise_header(str(column.label)))
    return labels


def normalise_header(value: object) -> str:
    return "" if value is None else " ".join(str(value).split()).casefold()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def identity_digest(item_id: int, version: int, outline: str, title: str) -> str:
    """What the row says about which item: the hidden id and version with the outline and title it shows."""
    return _digest(str(item_id), str(version), outline, title)


def values_digest(values: tuple[str, int, str, str, str, date | None]) -> str:
    """The editable values (status, progress, note, delay reason, remedy, expected completion)."""
    status, progress, note, delay_reason, remedy, expected = values
    return _digest(status, str(progress), note, delay_reason, remedy, expected.isoformat() if expected else "")


def check_cell(identity: str, values: str) -> str:
    """The check cell, two digests of the row as exported (texts as cells.cell_text reads them back):

    - the identity ties the hidden id to the row the user sees, so an id edited to another item's no longer
      matches and the row is refused;
    - the values tell a row left as exported, which is skipped.

    Not a security measure: forging it can only make the import skip a row, or refuse one.
    """
    return f"{identity}-{values}"


def split_check(value: object) -> tuple[str, str]:
    identity, _sep, values = (value.strip() if isinstance(value, str) else "").partition("-")
    return identity, values
