"""Status updates: the append-only journal of progress reports."""

# Registers the status-update timeline source the item and project pages use (see tracker.core.hooks).
from tracker.updates import timeline  # noqa: F401
