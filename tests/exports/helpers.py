"""Reading exported workbooks back with openpyxl, and editing them as a user would."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import openpyxl

from tracker.exports.columns import COLUMN_INDEX

# plan.xlsx's sheets in order: the summary first, the history and the hidden marker last.
PLAN_SHEETS = ["汇总", "任务清单", "规划原文", "项目预算", "预算按任务", "指标", "督办清单", "进展记录", "_tracker"]
_ROW = re.compile(r'<tr [^>]*data-item-id="(\d+)"')


def page_ids(html: str) -> list[int]:
    """The item ids of the plan tree page's rows, in page order."""
    return [int(item_id) for item_id in _ROW.findall(html)]


def open_workbook(data: bytes, **kwargs) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **kwargs)


@dataclass
class TaskTable:
    sheet: object
    header_row: int  # 1-based, as openpyxl numbers rows
    rows: list[int]  # 1-based numbers of the data rows

    def cell(self, row: int, key: str):
        return self.sheet.cell(row=row, column=COLUMN_INDEX[key] + 1)

    def value(self, row: int, key: str):
        return self.cell(row, key).value

    def fill(self, row: int, **values) -> None:
        """Type `values` into the row's cells, as a user editing the sheet would."""
        for key, value in values.items():
            self.cell(row, key).value = value

    def ids(self) -> list[int]:
        return [self.value(row, "id") for row in self.rows]

    def row_of(self, item_id: int) -> int:
        return next(row for row in self.rows if self.value(row, "id") == item_id)


def task_table(workbook, sheet_name: str = "任务清单") -> TaskTable:
    sheet = workbook[sheet_name]
    header = next(row[0].row for row in sheet.iter_rows(min_row=1, max_row=30) if any(c.value == "任务ID" for c in row))
    rows = [r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(row=r, column=COLUMN_INDEX["id"] + 1).value]
    return TaskTable(sheet, header, rows)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
