"""The report's six sections, one module each; tracker.reports.content puts them in order."""
