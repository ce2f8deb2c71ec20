"""Pure sheet writers: each takes an XlsxWriter workbook, shared formats and plain rows, and queries nothing."""
