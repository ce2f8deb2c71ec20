"""Projects that departments attach to work items, and their yearly budgets."""
