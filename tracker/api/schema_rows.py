"""A JSON schema of the OpenAPI document as rows for a person to read: one row per property, nested properties
named by their path (`data[].department.name`), `$ref`s resolved here on the server (the page runs no script).

Used by the readable API page (tracker.api.docs); the document itself stays the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]
# Deep enough for every answer the API gives; a schema that refers to itself (a tree) stops at its first repeat.
MAX_DEPTH = 6


@dataclass(frozen=True)
class SchemaRow:
    name: str
    type: str
    required: bool
    description: str


def resolve(document: Schema, schema: Schema) -> tuple[Schema, str]:
    """The schema a `$ref` points to, and the component's name ("" when `schema` is not a reference)."""
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema, ""
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, ref.rsplit("/", 1)[1]


def type_text(document: Schema, schema: Schema) -> str:
    """`integer`, `string (date)`, `array of WorkItem`, `one of: a, b`, `DepartmentRef or null`…"""
    resolved, name = resolve(document, schema)
    if name:
        return name
    if "oneOf" in resolved:
        kinds = [type_text(document, option) for option in resolved["oneOf"]]
        return " or ".join(kinds)
    kind = resolved.get("type", "any")
    kinds = kind if isinstance(kind, list) else [kind]
    words = []
    for each in kinds:
        if each == "array":
            words.append("array of " + type_text(document, resolved.get("items", {})))
        elif each == "string" and "format" in resolved:
            words.append(f"string ({resolved['format']})")
        else:
            words.append(str(each))
    text = " or ".join(words)
    if "enum" in resolved:
        text += ": " + " | ".join("null" if value is None else str(value) for value in resolved["enum"])
    return text


def schema_rows(document: Schema, schema: Schema) -> list[SchemaRow]:
    """The properties of an object schema, depth first; nothing for a schema that is not an object."""
    rows: list[SchemaRow] = []
    _object_rows(document, schema, "", rows, frozenset(), 0)
    return rows


def _object_rows(
    document: Schema, schema: Schema, prefix: str, rows: list[SchemaRow], seen: frozenset[str], depth: int
) -> None:
    resolved, name = resolve(document, schema)
    if name in seen or depth > MAX_DEPTH:
        return
    seen = seen | {name} if name else seen
    required = set(resolved.get("required", ()))
    for key, child in resolved.get("properties", {}).items():
        child_resolved, _ = resolve(document, child)
        rows.append(
            SchemaRow(
                name=prefix + key,
                type=type_text(document, child),
                required=key in required,
                description=str(child.get("description") or child_resolved.get("description") or ""),
            )
        )
        for nested, suffix in _nested(document, child):
            _object_rows(document, nested, f"{prefix}{key}{suffix}.", rows, seen, depth + 1)


def _nested(document: Schema, schema: Schema) -> list[tuple[Schema, str]]:
    """The object schemas inside a property, with what its path adds: itself, an array's items, a nullable's
    non-null side."""
    resolved, _ = resolve(document, schema)
    if "oneOf" in resolved:
        return [pair for option in resolved["oneOf"] for pair in _nested(document, option)]
    kind = resolved.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "array" in kinds:
        return [(schema_, "[]") for schema_, _ in _nested(document, resolved.get("items", {}))]
    if "object" in kinds and "properties" in resolved:
        return [(schema, "")]
    return []
