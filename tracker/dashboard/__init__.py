"""Overview pages: one page per department (its items, projects, money and people), and the department list."""

# Offers the department page link the account, department admin and compliance pages show (tracker.core.hooks).
from tracker.dashboard import links  # noqa: F401
