"""The office's review of overdue and stale work."""

# Register the review timeline entries and the "awaiting answer" alert the item and project pages show
# (see tracker.core.hooks).
from tracker.review import panels, timeline  # noqa: F401
