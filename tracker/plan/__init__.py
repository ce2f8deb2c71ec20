"""Plans, the work-item tree and its rollups."""

# Registers the audit timeline source the item and project pages use (see tracker.core.hooks).
from tracker.plan import audit_timeline  # noqa: F401
