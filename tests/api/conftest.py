"""`api(user, scope="write")`: a test client that calls the API with a token of `user` and checks every answer
against the OpenAPI document: the status must be one the operation documents and the JSON body must match the
documented schema (error bodies included). So a test of an endpoint is also a test that the document tells the
truth about it.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tracker.api.openapi import build_document, openapi_path


class ApiClient:
    def __init__(self, app, token_secret: str | None) -> None:
        self.app = app
        self.client = app.test_client()
        self.headers = {"Authorization": f"Bearer {token_secret}"} if token_secret else {}

    def open(self, method: str, url: str, *, json: Any = None, check: bool = True, **kw):
        headers = {**self.headers, **kw.pop("headers", {})}
        response = self.client.open(url, method=method, json=json, headers=headers, **kw)
        if check:
            check_against_document(self.app, method, url, response)
        return response

    def get(self, url: str, **kw):
        return self.open("GET", url, **kw)

    def post(self, url: str, json: Any = None, **kw):
        return self.open("POST", url, json=json, **kw)

    def put(self, url: str, json: Any = None, **kw):
        return self.open("PUT", url, json=json, **kw)

    def patch(self, url: str, json: Any = None, **kw):
        return self.open("PATCH", url, json=json, **kw)

    def delete(self, url: str, **kw):
        return self.open("DELETE", url, **kw)


def _registry(document: dict) -> Registry:
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    return Registry().with_resource("urn:openapi", resource)


def check_against_document(app, method: str, url: str, response) -> None:
    """The answer's status is documented for the operation the URL reaches, and its JSON matches the schema."""
    path = url.split("?", 1)[0]
    with app.test_request_context(path, method=method):
        from flask import request

        rule = request.url_rule
    if rule is None:  # no route: a 404 or 405 answered by the app, in the error shape
        _validate(response.get_json(), {"$ref": "#/components/schemas/Error"})
        return
    document = build_document()
    template = openapi_path(rule.rule.removeprefix("/api/v1"))
    operation = document["paths"][template][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {url}: {status} is not documented ({response.get_data()!r})"
    content = operation["responses"][status].get("content")
    if content is None:
        assert not response.get_data(), f"{method} {url}: {status} should have no body"
        return
    assert response.mimetype == "application/json", f"{method} {url}: {response.mimetype}"
    _validate(response.get_json(), content["application/json"]["schema"])


def _validate(body: Any, schema: dict) -> None:
    document = build_document()
    resolver_schema = {**schema, "$id": "urn:answer", "components": document["components"]}
    rewritten = _rebase(resolver_schema)
    jsonschema.validate(body, rewritten, cls=jsonschema.Draft202012Validator, registry=_registry(document))


def _rebase(schema: Any) -> Any:
    """ "#/components/…" refers to the document: point references at it (urn:openapi) from the answer's schema."""
    if isinstance(schema, dict):
        return {
            key: ("urn:openapi" + value if key == "$ref" and value.startswith("#/") else _rebase(value))
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(value) for value in schema]
    return schema


@pytest.fixture
def api(app, make):
    """`api(user, scope="write")` → an ApiClient with a new token of `user`; `api(None)` sends no token."""

    def client(user=None, scope: str = "write") -> ApiClient:
        if user is None:
            return ApiClient(app, None)
        token = make.api_token(user, scope=scope)
        return ApiClient(app, token.secret)

    return client


@pytest.fixture
def statements_and_rows(count_statements, session):
    """`statements_and_rows(client, url)` → (SQL statements the GET sent, rows in its `data`), read fresh from the
    database (the session's objects expired first)."""

    def measure(client: ApiClient, url: str) -> tuple[int, int]:
        session.expire_all()
        with count_statements() as counter:
            response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        return counter.count, len(response.json["data"])

    return measure
