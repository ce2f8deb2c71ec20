"""Projects that departments attach to work items, and their yearly budgets."""

# Registers the budget provider the plan tree uses (see tracker.core.hooks).
from tracker.projects import budget_rollup  # noqa: E402, F401
