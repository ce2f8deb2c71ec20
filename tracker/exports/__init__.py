"""Excel export (the task list, the full plan workbook) and re-import of progress reports from an export."""
