"""One module per resource; importing this package registers every API route (tracker/__init__.py does)."""

from tracker.api.routes import (  # noqa: F401  (imported for their routes)
    indicators,
    item_detail,
    items,
    meta,
    notifications,
    org,
    plans,
    project_budget,
    projects,
    request_steps,
    requests,
    review_queue,
    reviews,
    updates,
    users,
)
