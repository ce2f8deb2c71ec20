"""The OpenAPI 3.1 document, built from the registered operations (tracker.api.registry) and schemas.

Built once per process (the operations are fixed when the routes are imported) and served at
/api/v1/openapi.json without a token: it describes the API, not anyone's data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tracker.api.registry import OPERATIONS, Operation
from tracker.api.schemas import COMPONENTS, ERROR, Schema

API_VERSION = "1.0.0"
BASE_PATH = "/api/v1"
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
TAGS = (
    ("plans", "Plans"),
    ("items", "Work items: the plan's tree"),
    ("projects", "Projects and yearly budget lines"),
    ("updates", "Status updates"),
    ("reviews", "Reviews, requests and answers"),
    ("indicators", "Indicators and yearly values"),
    ("departments", "Departments"),
    ("users", "Users (administrators) and the token's own user"),
    ("notifications", "The token owner's notifications"),
    ("meta", "This description"),
)
ERROR_TEXT = {
    400: "Bad parameters or malformed JSON",
    401: "No valid token (missing, unknown, revoked or expired)",
    403: "The token's user may not do this, or the token is read-only",
    404: "No such object",
    409: "Someone changed the object since the version sent",
    413: "The body is too large",
    415: "The body is not application/json",
    422: "The values break the rules; `fields` says which and why",
    429: "Too many requests for this token this minute; see Retry-After",
}


def openapi_path(rule: str) -> str:
    """ "/items/<int:item_id>" -> "/api/v1/items/{item_id}"."""
    return BASE_PATH + _CONVERTER.sub(lambda match: "{" + match.group(2) + "}", rule)


def _path_parameters(rule: str) -> list[Schema]:
    parameters = []
    for converter, name in _CONVERTER.findall(rule):
        schema: Schema = {"type": "integer", "minimum": 1} if converter == "int" else {"type": "string"}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _responses(op: Operation) -> dict[str, Any]:
    if op.response is None:
        responses: dict[str, Any] = {str(op.status): {"description": "Done; no content"}}
    else:
        responses = {str(op.status): {"description": "OK", "content": {"application/json": {"schema": op.response}}}}
    codes = set(op.errors) | {400}
    if not op.public:
        codes |= {401, 429}
    if op.method != "GET" and not op.public:
        codes |= {403}
    if op.body is not None:
        codes |= {413, 415, 422}
    for code in sorted(codes):
        responses[str(code)] = {"description": ERROR_TEXT[code], "content": {"application/json": {"schema": ERROR}}}
    return responses


def _operation(op: Operation) -> dict[str, Any]:
    document: dict[str, Any] = {
        "operationId": op.endpoint.removeprefix("api."),
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": [
            *_path_parameters(op.rule),
            *({"name": p.name, "in": "query", "description": p.description, "schema": p.schema()} for p in op.query),
        ],
        "responses": _responses(op),
    }
    if op.description:
        document["description"] = op.description
    if op.body is not None:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": op.body.schema()}},
        }
    if op.public:
        document["security"] = []
    return document


def build_document() -> dict[str, Any]:
    """The document for the operations registered so far (all of them once tracker.api.routes is imported, as
    create_app does); built once per set of operations."""
    return _document(len(OPERATIONS))


@lru_cache(maxsize=2)
def _document(_operations: int) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(openapi_path(op.rule), {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Plan Tracker API",
            "version": API_VERSION,
            "description": (
                "JSON over the same services and permission rules as the pages. Send a personal access token "
                "(made on the account page, or by `flask users token`) as `Authorization: Bearer pt_…`. "
                "Lists are paged (`page`, `per_page` up to 100). Every failure is "
                '`{"error": {"code", "message", "fields"}}`. A token may make 600 requests a minute unless the '
                "installation set another limit (TRACKER_API_RATE_LIMIT; the X-RateLimit-* headers tell); then 429 "
                "with Retry-After. JSON bodies are read up to 64 KB (TRACKER_API_MAX_BODY_BYTES). Writes carry the "
                "`version` they read; someone else's save in between is 409: read again, then write."
            ),
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "security": [{"bearerToken": []}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer", "description": "A personal access token, pt_…"}
            },
            "schemas": dict(sorted(COMPONENTS.items())),
        },
    }
