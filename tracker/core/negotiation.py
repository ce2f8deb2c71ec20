"""What kind of answer the client asked for."""

from __future__ import annotations

from flask import request

# Everything under this path is the JSON API (tracker.api): answered in JSON whatever the Accept header says,
# authenticated by a token in each request, never by the session cookie (tracker.auth.sessions).
API_PREFIX = "/api/"


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def wants_json() -> bool:
    """An API call, or a client that asked for JSON first (a script), not for a page."""
    return is_api_request() or request.accept_mimetypes.best == "application/json"


def json_error(code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: str) -> dict[str, object]:
    """The JSON answer for a refused or failed request: {"error": {"code", "message", "fields"}}, `code` a stable
    word for programs, `message` for people, `fields` each refused field's messages; `extra` (an error id) beside
    them."""
    return {"error": {"code": code, "message": str(message), "fields": fields or {}, **extra}}
