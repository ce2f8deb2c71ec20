"""Projects that departments attach to work items, and their yearly budgets."""

# Registers the budget provider the plan tree uses (see tracker.core.hooks)
# and the projects panel shown on a work item's page.
from tracker.projects import budget_rollup, panels  # noqa: F401
