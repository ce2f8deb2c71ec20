"""The readable API page (/help/api), served: every documented operation drawn, references resolved on the server,
Chinese chrome by default and English for an English reader; signed-in people only."""

from __future__ import annotations

from tests.test_i18n import CJK, visible_text
from tracker.api.openapi import build_document
from tracker.api.schema_rows import schema_rows, type_text


def _operations() -> list[str]:
    return [f'id="{op["operationId"]}"' for item in build_document()["paths"].values() for op in item.values()]


def test_every_operation_is_on_the_page(client_for, make):
    html = client_for(make.user("viewer")).get("/help/api").get_data(as_text=True)
    assert all(anchor in html for anchor in _operations())
    assert 'href="/api/v1/openapi.json"' in html and 'href="/account"' in html
    assert 'curl -H "Authorization: Bearer pt_…" http://localhost/api/v1/plans</code>' in html


def test_an_english_reader_sees_no_chinese_chrome(client_for, make):
    reader = make.user("viewer", locale="en", display_name="Reader")
    text = visible_text(client_for(reader).get("/help/api").get_data(as_text=True))
    assert "API docs" in text and "Go to my account" in text
    assert CJK.findall(text) == []


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/help/api")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_references_are_resolved_into_named_rows():
    document = build_document()
    answer = document["paths"]["/api/v1/users"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    rows = {row.name: row for row in schema_rows(document, answer)}
    assert rows["data"].type == "array of User"
    assert rows["data[].department"].type == "DepartmentRef or null"
    assert rows["data[].department.name"].type == "string" and rows["data[].department.name"].required
    assert rows["data[].last_login_at"].type == "string (date-time) or null"
    assert rows["meta.total"].type == "integer" and rows["links.next"].type == "string or null"
    assert rows["data[].role"].type.startswith("string: admin | office")
    assert type_text(document, {"$ref": "#/components/schemas/User"}) == "User"


def test_a_schema_that_refers_to_itself_stops_at_the_repeat():
    document = {
        "components": {
            "schemas": {
                "Node": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    },
                }
            }
        }
    }
    rows = schema_rows(document, {"$ref": "#/components/schemas/Node"})
    assert [row.name for row in rows] == ["name", "children"]
