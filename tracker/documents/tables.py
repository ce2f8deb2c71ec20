"""A task table (任务分解表) read as headings: a document that is a table of tasks, in Word or as tab-separated text
(a Word table reaches the parser as one line per row, its cells joined by tabs).

A task table has a header row naming a task column (任务, 工作内容, 事项 …) and a lead or responsible column (牵头单位,
责任单位 …); optional columns are the number (序号), the supporting departments (配合单位) and anything else (完成时限).
Each row below it becomes a heading line in the document's own words: its number as the marker, the task as the
heading's text, the departments as a clause the department reader reads, every other column as a paragraph
("完成时限：2015年底"). A row without a number stays a paragraph; a row of one cell (a merged category row,
"一、网上办事") is a line like any other.

A header row is short labels: a row with a sentence or a list in a cell (。，；、, "市审管办（牵头），市信息办"
names 牵头 and 任务 like a header does) is a row of the table. A row under a header that cannot be read as a
task (no number, no task) stays a paragraph and gives a warning: a row is never silently text.

Rows are rewritten only when no heading comes before the first task table: a table attached to a plan whose text
already numbers the tasks repeats them, and is left as the text under the last heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from tracker.documents.markers import read_marker
from tracker.documents.model import ParseWarning

_NUMBER = re.compile(r"序号|编号")
_TASK = re.compile(r"任务|事项|内容|项目|举措|措施|工作")
_LEAD = re.compile(r"牵头|主办|主责")
_RESPONSIBLE = re.compile(r"责任|负责|承办")
_SUPPORTING = re.compile(r"配合|协办|参与|协同|协助")
# A header cell is a label: no sentence or list punctuation, and short.
_NOT_A_LABEL = re.compile(r"[。，,；;、：:]")
MAX_LABEL = 12


@dataclass(frozen=True)
class _Columns:
    task: int
    number: int | None
    lead: int | None
    responsible: int | None
    supporting: int | None
    headers: tuple[str, ...]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _columns(line: str) -> _Columns | None:
    """The columns of a task table's header row, or None when the line is not one."""
    if "\t" not in line:
        return None
    headers = tuple(re.sub(r"\s", "", cell) for cell in _cells(line))
    if any(len(header) > MAX_LABEL or _NOT_A_LABEL.search(header) for header in headers):
        return None

    def first(pattern: re.Pattern[str], *, unless: tuple[re.Pattern[str], ...] = ()) -> int | None:
        found = (i for i, h in enumerate(headers) if pattern.search(h) and not any(p.search(h) for p in unless))
        return next(found, None)

    roles = (_LEAD, _RESPONSIBLE, _SUPPORTING)
    task = first(_TASK, unless=roles)
    lead, responsible = first(_LEAD), first(_RESPONSIBLE, unless=(_LEAD,))
    if task is None or (lead is None and responsible is None):
        return None
    supporting = first(_SUPPORTING)
    return _Columns(task, first(_NUMBER), lead, responsible, supporting, headers)


def _marker(number: str) -> str | None:
    """The heading marker a number cell stands for: "1" → "1.", "一" → "一、", "（一）" and "①" as they are."""
    number = number.strip().rstrip(".．、")
    for candidate in (f"{number}.x", f"{number}x"):
        written = read_marker(candidate)
        if written is not None and written.rest == "x":
            return written.text
    return None


def _row(line: str, columns: _Columns) -> list[str] | None:
    """A row's heading line and paragraphs, or None when the row has no number or task to be a heading."""
    cells = _cells(line)

    def cell(index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    marker = _marker(cell(columns.number)) if columns.number is not None else None
    task = cell(columns.task)
    if marker is None or not task:
        return None
    clauses = [
        f"{header}：{cell(index)}"
        for header, index in (
            ("牵头单位", columns.lead),
            ("责任单位", columns.responsible),
            ("配合单位", columns.supporting),
        )
        if cell(index)
    ]
    heading = marker + task + (f"（{'；'.join(clauses)}）" if clauses else "")
    used = {columns.task, columns.number, columns.lead, columns.responsible, columns.supporting}
    others = [f"{header}：{cells[index]}" for index, header in enumerate(columns.headers) if index not in used]
    return [heading, *(paragraph for paragraph in others if not paragraph.endswith("："))]


@dataclass
class TaskTables:
    lines: list[tuple[int, str]]  # the document's lines, the task tables' rows rewritten as headings
    warnings: list[ParseWarning]  # rows under a header that could not be read as tasks


def read_task_tables(lines: list[tuple[int, str]]) -> TaskTables | None:
    """The document's lines with its task tables' rows rewritten as headings, or None when it has no task table or
    numbers headings before its first one."""
    starts = [index for index, (_number, text) in enumerate(lines) if _columns(text) is not None]
    if not starts or any(read_marker(text) for _number, text in lines[: starts[0]]):
        return None
    result = TaskTables(list(lines[: starts[0]]), [])
    columns: _Columns | None = None
    for number, text in lines[starts[0] :]:
        header = _columns(text)
        row = _row(text, columns) if header is None and columns is not None and "\t" in text else None
        if header is not None:
            columns = header  # the header row itself says nothing to a reader of the tree
        elif row is not None:
            result.lines.extend((number, line) for line in row)
        else:
            result.lines.append((number, text))
            if columns is not None and "\t" in text:
                shown = "｜".join(cell for cell in _cells(text) if cell)
                message = _(
                    "表格中的一行无法读取为任务（没有序号或任务内容），作为上一项的文字保留：“%(row)s”。", row=shown
                )
                result.warnings.append(ParseWarning(number, message))
            elif "\t" not in text and read_marker(text) is None:
                columns = None  # a paragraph ends the table; a category row ("一、网上办事") does not
    return result
