"""Plans, the work-item tree and its rollups."""

# Registers the audit timeline source the item and project pages use (see tracker.core.hooks), and the flush
# listeners that keep the work items' paths and rollups (tracker.plan.hierarchy_sync).
from tracker.plan import audit_timeline, hierarchy_sync  # noqa: F401
