"""Status updates: the append-only journal of progress reports."""

# Registers the status-update timeline source and the "post a status update" links the item and project pages use
# (see tracker.core.hooks).
from tracker.updates import links, milestone_panel, panels, timeline  # noqa: F401
