"""Status updates: the append-only journal of progress reports."""
