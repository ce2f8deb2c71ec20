"""A worksheet whose memory stays flat in constant-memory mode, outline levels included.

XlsxWriter's constant-memory mode keeps only the current row's cells, but `set_row` bookkeeping (row_info,
row_sizes) stays for every row until the file is closed: about 250 bytes a row, which grows with the export.
Those entries are needed only while the row is written, and later only to position images, charts and comments
(which our sheets never hold), so a flushed row's entries are dropped. Relies on XlsxWriter internals (pinned in
requirements.txt); tests/exports/test_export_tasks.py checks the bookkeeping stays small.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet


class StreamingWorksheet(Worksheet):
    def _write_single_row(self, current_row_num: int = 0) -> None:
        flushed = self.previous_row
        super()._write_single_row(current_row_num)
        if flushed != current_row_num:
            self.row_info.pop(flushed, None)
            self.row_sizes.pop(flushed, None)
