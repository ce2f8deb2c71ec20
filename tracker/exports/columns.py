"""The task sheet's columns: one list that the export writes and the import reads back.

The import finds columns by their header, in either UI language, so a user may reorder or add columns; the
hidden key, version and check columns tie each row to a work item as it was when exported.
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


TASK_COLUMNS: tuple[Column, ...] = (
    Column("outline", _l("编号"), 12, "text"),
    Column("title", _l("任务"), 60, "title"),
    Column("kind", _l("类型"), 10, "text"),
    Column("status", _l("状态"), 10, "text", editable=True),
    Column("progress", _l("进度（%）"), 10, "int", editable=True),
    Column("rollup", _l("汇总进度（%）"), 12, "decimal"),
    Column("lead", _l("牵头部门"), 16, "text"),
    Column("supporting", _l("配合部门"), 24, "text"),
    Column("owner", _l("责任人"), 12, "text"),
    Column("start", _l("开始日期"), 12, "date"),
    Column("due", _l("完成期限"), 12, "date"),
    Column("days_overdue", _l("逾期天数"), 10, "int"),
    Column("flags", _l("提示"), 16, "text"),
    Column("last_update", _l("最近更新"), 17, "datetime"),
    Column("approved", _l("批复金额（万元）"), 14, "amount"),
    Column("allocated", _l("下达金额（万元）"), 14, "amount"),
    Column("spent", _l("支出金额（万元）"), 14, "amount"),
    Column("note", _l("进展说明"), 40, "text", editable=True),
    Column("delay_reason", _l("滞后原因"), 30, "text", editable=True),
    Column("remedy", _l("整改措施"), 30, "text", editable=True),
    Column("expected_completion", _l("预计完成日期"), 14, "date", editable=True),
    Column("id", _l("任务ID"), 8, "int", hidden=True),
    Column("version", _l("版本"), 6, "int", hidden=True),
    Column("check", _l("校验码"), 18, "text", hidden=True),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(TASK_COLUMNS)}
# Without these the file cannot be matched to work items, or carries nothing to import.
REQUIRED_KEYS = ("id", "version", "check", "status", "progress")
# The marker sheet (very hidden) that tells our exports from foreign spreadsheets.
MARKER_SHEET = "_tracker"
FORMAT_NAME = "plan-tracker-tasks"
FORMAT_VERSION = "1"


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


def normalise_text(value: str) -> str:
    """Line ends as Excel keeps them, outer blanks dropped: the form in which text is compared and stored."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def fingerprint(status: str, progress: int, delay_reason: str, remedy: str, expected: date | None) -> str:
    """A short digest of a row's editable values as exported; a row whose digest still matches was not edited.

    Not a security measure: forging it can only make the import skip a row.
    """
    text = "\x1f".join(
        (
            status,
            str(progress),
            normalise_text(delay_reason),
            normalise_text(remedy),
            expected.isoformat() if expected else "",
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
