"""The plan's implementation report (规划实施情况报告) as Word and PDF, for a period and a scope (tracker.reports)."""
