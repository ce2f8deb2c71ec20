"""The indicator register: targets of the plan and their yearly values."""

# Registers the indicators panel shown on a goal's page (see tracker.core.hooks).
from tracker.indicators import panels  # noqa: F401
