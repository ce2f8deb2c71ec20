"""The office's review of overdue and stale work."""
