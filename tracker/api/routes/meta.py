"""The API's description of itself."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from tracker.api.openapi import build_document
from tracker.api.registry import operation


@operation(
    "/openapi.json",
    summary="This API's OpenAPI 3.1 document",
    tag="meta",
    response={"type": "object", "description": "An OpenAPI 3.1 document"},
    public=True,
)
def openapi_document() -> ResponseReturnValue:
    """Needs no token: it describes the API, not anyone's data."""
    return jsonify(build_document())
