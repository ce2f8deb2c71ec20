"""Excel export (the task list, the full plan workbook) and re-import of progress reports from an export."""

# Offers the export buttons on the plan tree page (see tracker.core.hooks).
from tracker.exports import links  # noqa: F401
