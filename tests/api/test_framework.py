"""The pieces every endpoint stands on: the gate's answers, input reading, the document's validity."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tracker.api.openapi import build_document


def test_the_document_is_valid_openapi_3_1(app):
    validate(build_document())


def test_the_document_is_served_without_a_token(api):
    response = api(None).get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json["openapi"] == "3.1.0"


def test_no_token_is_401_json_not_the_sign_in_page(api):
    response = api(None).get("/api/v1/plans")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "token_missing"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_reads_departments(api, make):
    department = make.department(name="市经信委")
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/departments/{department.id}")
    assert response.status_code == 200 and response.json["data"]["name"] == "市经信委"


def test_unknown_api_path_is_a_json_404(api, make):
    response = api(make.user("viewer"), scope="read").get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_a_nullable_enumeration_accepts_null_and_its_values_only():
    import jsonschema

    from tracker.api.schemas import enum, nullable

    schema = nullable(enum(("a", "b")))
    for good in ("a", None):
        jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("c", schema)
