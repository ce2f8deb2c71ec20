"""JSON Schema pieces for the OpenAPI document (OpenAPI 3.1: its schemas are JSON Schema 2020-12).

Route modules name each resource's shape once with `component("WorkItem", obj(...))`, which keeps it under
components/schemas and answers a `$ref`; `page_of` and `one` wrap a reference in the list and single envelopes
every answer uses. The tests validate every answer against these schemas, so they are the contract, not prose.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

COMPONENTS: dict[str, Schema] = {}

STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
BOOLEAN: Schema = {"type": "boolean"}
NUMBER: Schema = {"type": "number"}
DATE: Schema = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
DATETIME: Schema = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with the offset of the configured zone (Beijing time: +08:00)",
}
# Money in 万元 with two decimals, as a string: a JSON number would lose the exact decimal.
MONEY: Schema = {
    "type": "string",
    "pattern": r"^-?\d+\.\d{2}$",
    "description": "ten thousand yuan (wan yuan), two decimals",
}
PERCENT: Schema = {"type": "integer", "minimum": 0, "maximum": 100}


def nullable(schema: Schema) -> Schema:
    """The schema or null (OpenAPI 3.1 spells it as a union of types)."""
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    kind = schema.get("type")
    if isinstance(kind, str):
        widened = {**schema, "type": [kind, "null"]}
        if "enum" in schema:  # the enumeration must allow null too, or the type's null is refused by it
            widened["enum"] = [*schema["enum"], None]
        return widened
    return {"oneOf": [schema, {"type": "null"}]}


def enum(values: tuple[str, ...] | list[str], description: str = "") -> Schema:
    schema: Schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def obj(properties: dict[str, Schema], *, optional: tuple[str, ...] = (), description: str = "") -> Schema:
    """An object with exactly these properties, all present unless named in `optional`; no others."""
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def component(name: str, schema: Schema) -> Schema:
    """Keeps `schema` as components/schemas/`name` and answers a reference to it. A name is defined once."""
    if name in COMPONENTS and COMPONENTS[name] != schema:
        raise ValueError(f"API schema {name!r} is defined twice, differently")
    COMPONENTS[name] = schema
    return ref(name)


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


PAGE_META = component(
    "PageMeta",
    obj(
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 1},
        },
        description="Where this page is in the whole list.",
    ),
)
PAGE_LINKS = component(
    "PageLinks",
    obj(
        {"self": STRING, "next": nullable(STRING), "prev": nullable(STRING)},
        description="Paths (with the query) of this, the next and the previous page; null past either end.",
    ),
)
ERROR = component(
    "Error",
    obj(
        {
            "error": obj(
                {
                    "code": {"type": "string", "description": "A stable word for programs (not_found, conflict…)"},
                    "message": {"type": "string", "description": "For people, in the token owner's language"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": array(STRING),
                        "description": "Each refused field's messages; empty when the refusal is not a field's",
                    },
                    "error_id": {"type": "string", "description": "On 500 and 503: quote it to the administrator"},
                },
                optional=("error_id",),
            )
        }
    ),
)


def page_of(item: Schema) -> Schema:
    """A list answer: {"data": [...], "meta": PageMeta, "links": PageLinks}."""
    return obj({"data": array(item), "meta": PAGE_META, "links": PAGE_LINKS})


def list_of(item: Schema) -> Schema:
    """A short list answered whole (no paging): {"data": [...]}."""
    return obj({"data": array(item)})


def one(item: Schema) -> Schema:
    """A single object answer: {"data": {...}}."""
    return obj({"data": item})
