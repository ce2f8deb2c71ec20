"""The readable API page (/help/api): the OpenAPI document drawn as a page by the app itself, offline.

The document's English texts are shown as they are; the page's own words are the UI's (Chinese first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request, url_for

from tracker.api.openapi import build_document
from tracker.api.schema_rows import SchemaRow, schema_rows, type_text
from tracker.core.hooks import link_provider
from tracker.core.permissions import signed_in

bp = Blueprint("api_docs", __name__, template_folder="templates")
METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "path" or "query"
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str


@dataclass(frozen=True)
class OperationView:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    public: bool
    parameters: list[Parameter]
    body: list[SchemaRow]
    responses: list[Response]
    answer_status: str
    answer: list[SchemaRow]
    answer_type: str


@dataclass(frozen=True)
class TagView:
    name: str
    description: str
    operations: list[OperationView]


def _operation(document: dict[str, Any], path: str, method: str, operation: dict[str, Any]) -> OperationView:
    parameters = [
        Parameter(
            name=p["name"],
            where=p["in"],
            type=type_text(document, p["schema"]),
            required=bool(p.get("required")),
            description=p.get("description", ""),
        )
        for p in operation.get("parameters", [])
    ]
    body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    responses = operation["responses"]
    answer_status = next(code for code in responses if code.startswith("2"))
    answer_schema = responses[answer_status].get("content", {}).get("application/json", {}).get("schema")
    return OperationView(
        anchor=operation["operationId"],
        method=method.upper(),
        path=path,
        summary=operation["summary"],
        description=operation.get("description", ""),
        public=operation.get("security") == [],
        parameters=parameters,
        body=schema_rows(document, body_schema) if body_schema else [],
        responses=[Response(code, response["description"]) for code, response in responses.items()],
        answer_status=answer_status,
        answer=schema_rows(document, answer_schema) if answer_schema else [],
        answer_type=type_text(document, answer_schema) if answer_schema else "",
    )


def tag_views(document: dict[str, Any]) -> list[TagView]:
    """The operations under their tags, in the document's tag order, each tag's by path then method."""
    by_tag: dict[str, list[OperationView]] = {tag["name"]: [] for tag in document["tags"]}
    for path, item in document["paths"].items():
        for method in METHOD_ORDER:
            if method in item:
                operation = item[method]
                by_tag.setdefault(operation["tags"][0], []).append(_operation(document, path, method, operation))
    descriptions = {tag["name"]: tag["description"] for tag in document["tags"]}
    return [TagView(name, descriptions.get(name, ""), ops) for name, ops in by_tag.items() if ops]


@bp.route("/help/api")
@signed_in
def page():
    document = build_document()
    base_url = request.host_url.rstrip("/")
    return render_template(
        "api/docs.html",
        document=document,
        tags=tag_views(document),
        example_url=base_url + url_for("api.list_plans"),
        document_url=url_for("api.openapi_document"),
    )


@link_provider("api_docs")
def _api_docs_link(_subject: object, _user: object) -> str:
    """The account page (auth, below api) links here beside the user's API tokens."""
    return url_for("api_docs.page")
