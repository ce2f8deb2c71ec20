"""The OpenAPI document against the app itself: valid, one operation per API route and method and one route per
operation, each described completely. Generic on purpose: no list of expected paths, so these hold as routes are
added."""

from __future__ import annotations

from collections import Counter
from typing import Any

from openapi_spec_validator import validate

from tracker.api.openapi import build_document, openapi_path

METHODS = ("get", "put", "post", "delete", "patch")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _operations(document: dict) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, item[method]) for path, item in document["paths"].items() for method in METHODS if method in item
    ]


def _routes(app) -> Counter[tuple[str, str]]:
    """(OpenAPI path, method) of every api.* rule: a Counter, so that two rules on one path and method show."""
    routes: Counter[tuple[str, str]] = Counter()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            routes[(openapi_path(rule.rule.removeprefix("/api/v1")), method.lower())] += 1
    return routes


def test_the_document_validates():
    validate(build_document())


def test_every_api_route_has_exactly_one_operation_and_every_operation_a_route(app):
    routes = _routes(app)
    documented = Counter((path, method) for path, method, _ in _operations(build_document()))
    assert [route for route, n in routes.items() if n > 1] == []
    assert sorted(set(routes) - set(documented)) == [], "routes without an operation"
    assert sorted(set(documented) - set(routes)) == [], "operations without a route"


def test_operation_ids_are_unique_and_name_the_view(app):
    ids = Counter(operation["operationId"] for _, _, operation in _operations(build_document()))
    assert [name for name, n in ids.items() if n > 1] == []
    endpoints = {rule.endpoint.removeprefix("api.") for rule in app.url_map.iter_rules()}
    assert set(ids) <= endpoints


def test_every_operation_is_described_completely():
    document = build_document()
    tags = {tag["name"] for tag in document["tags"]}
    for path, method, operation in _operations(document):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), f"{where}: no summary"
        assert operation.get("tags") and set(operation["tags"]) <= tags, f"{where}: tags {operation.get('tags')}"
        responses = operation["responses"]
        successes = [code for code in responses if code.startswith("2")]
        assert len(successes) == 1, f"{where}: successes {successes}"
        success = responses[successes[0]]
        if successes[0] != "204":
            assert "schema" in success.get("content", {}).get("application/json", {}), f"{where}: no schema"
        else:
            assert "content" not in success, f"{where}: a 204 with content"
        public = operation.get("security") == []
        if not public:
            assert {"401", "429"} <= set(responses), f"{where}: 401 and 429 must be documented"
        for code, response in responses.items():
            assert response.get("description"), f"{where} {code}: no description"


def test_every_path_parameter_is_declared_once():
    for path, method, operation in _operations(build_document()):
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        in_path = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        assert sorted(names) == sorted(in_path), f"{method.upper()} {path}"
        every = [(p["in"], p["name"]) for p in operation.get("parameters", [])]
        assert len(every) == len(set(every)), f"{method.upper()} {path}: a parameter twice"


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [
            *([node["$ref"]] if isinstance(node.get("$ref"), str) else []),
            *(ref for value in node.values() for ref in _refs(value)),
        ]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(document: dict, ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref}: only references inside the document"
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def test_every_ref_resolves():
    document = build_document()
    refs = _refs(document)
    assert refs, "the document uses no components: this test would prove nothing"
    for ref in set(refs):
        _resolve(document, ref)


def test_the_served_document_is_the_built_one(api):
    assert api(None).get("/api/v1/openapi.json").json == build_document()
