"""What kind of answer the client asked for."""

from __future__ import annotations

from flask import request


def wants_json() -> bool:
    """The client asked for JSON first (an API call, a script), not for a page."""
    return request.accept_mimetypes.best == "application/json"
