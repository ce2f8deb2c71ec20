"""JSON request bodies: declared once as a Body of Fields, which both checks what arrives and describes it in the
OpenAPI document.

`read_json(body)` refuses, before any service runs: another content type (415), a body over
TRACKER_API_MAX_BODY_BYTES (413), bytes that are not UTF-8 JSON (400 malformed_json), JSON that is not an
object (422). Then every field at once (422 validation_failed, each field's messages): unknown fields, missing
required ones, wrong types (true is not a number, "5" is not an integer), text too long or holding control
characters (NUL included), dates that are not YYYY-MM-DD, values outside an enumeration or a range. What comes
back holds only the fields that were sent, as Python values (str, int, Decimal, bool, date or None); the
service then applies its own rules, as it does for a form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from flask import current_app, request
from flask_babel import gettext as _

from tracker.api.problems import ApiProblem
from tracker.api.schemas import Schema, component
from tracker.core.errors import Problems

Kind = Literal["string", "text", "integer", "decimal", "number_text", "boolean", "date"]
# Single-line text refuses every control character; multi-line text ("text") allows line breaks and tabs.
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# ASCII digits only: \d also matches full-width ones ("１２"), which the forms refuse too.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_DECIMAL = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$", re.ASCII)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    description: str
    required: bool = False
    nullable: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def schema(self) -> Schema:
        schema: Schema
        if self.kind in ("string", "text"):
            schema = {"type": "string"}
            if self.max_length:
                schema["maxLength"] = self.max_length
            if self.choices:
                schema["enum"] = list(self.choices)
        elif self.kind == "integer":
            schema = {"type": "integer"}
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        elif self.kind == "decimal":
            schema = {"type": ["string", "number"], "description": "up to two decimals"}
        elif self.kind == "number_text":
            schema = {"type": ["string", "number"]}
            if self.max_length:
                schema["maxLength"] = self.max_length
        elif self.kind == "boolean":
            schema = {"type": "boolean"}
        else:
            schema = {"type": "string", "format": "date"}
        if self.nullable:
            kind = schema["type"]
            schema["type"] = [*kind, "null"] if isinstance(kind, list) else [kind, "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        schema["description"] = self.description
        return schema

    def read(self, value: object, problems: Problems) -> Any:
        """The value as Python, or None with a message kept in `problems`."""
        if value is None:
            if not self.nullable:
                problems.add(_("此项不能为空。"), self.name)
            return None
        reader = getattr(self, f"_read_{self.kind if self.kind != 'text' else 'string'}")
        return reader(value, problems)

    def _read_string(self, value: object, problems: Problems) -> str | None:
        if not isinstance(value, str):
            problems.add(_("应为文字。"), self.name)
            return None
        controls = _TEXT_CONTROLS if self.kind == "text" else _LINE_CONTROLS
        if controls.search(value):
            problems.add(_("不能包含控制字符。"), self.name)
            return None
        if self.max_length is not None and len(value) > self.max_length:
            problems.add(_("不能超过 %(n)d 个字符。", n=self.max_length), self.name)
            return None
        if self.choices and value not in self.choices:
            problems.add(_("应为以下之一：%(choices)s。", choices=", ".join(self.choices)), self.name)
            return None
        return value

    def _read_integer(self, value: object, problems: Problems) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(_("应为整数。"), self.name)
            return None
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            problems.add(_("应在 %(low)s 到 %(high)s 之间。", low=self.minimum, high=self.maximum), self.name)
            return None
        return value

    def _read_decimal(self, value: object, problems: Problems) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            problems.add(_("应为数字。"), self.name)
            return None
        text = repr(value) if isinstance(value, float) else str(value).strip()
        if not _DECIMAL.match(text):
            problems.add(_("应为最多两位小数的数字。"), self.name)
            return None
        try:
            return Decimal(text)
        except InvalidOperation:  # the pattern makes this unreachable; kept for safety of the conversion
            problems.add(_("应为最多两位小数的数字。"), self.name)
            return None

    def _read_number_text(self, value: object, problems: Problems) -> str | None:
        """A number sent as JSON (1927.75) or as text ("1927.75"), answered as text for the service's own parser,
        which has the rules (places, range) the page applies."""
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            problems.add(_("应为数字。"), self.name)
            return None
        return self._read_string(repr(value) if isinstance(value, float) else str(value), problems)

    def _read_boolean(self, value: object, problems: Problems) -> bool | None:
        if not isinstance(value, bool):
            problems.add(_("应为 true 或 false。"), self.name)
            return None
        return value

    def _read_date(self, value: object, problems: Problems) -> date | None:
        if isinstance(value, str) and _DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        problems.add(_("应为 YYYY-MM-DD 格式的日期。"), self.name)
        return None


@dataclass(frozen=True)
class Body:
    """A request body: its component name in the OpenAPI document and its fields."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""

    def schema(self) -> Schema:
        schema: Schema = {
            "type": "object",
            "properties": {f.name: f.schema() for f in self.fields},
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
        }
        if self.description:
            schema["description"] = self.description
        return component(self.name, schema)

    def parse(self, payload: object) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise ApiProblem(422, "validation_failed", _("请求内容应为一个 JSON 对象。"))
        problems = Problems()
        known = {f.name: f for f in self.fields}
        for name in payload:
            if name not in known:
                problems.add(_("未知的字段。"), str(name)[:64])
        values: dict[str, Any] = {}
        for f in self.fields:
            if f.name in payload:
                values[f.name] = f.read(payload[f.name], problems)
            elif f.required:
                problems.add(_("此项必填。"), f.name)
        problems.raise_if_any()
        return values


def read_json(body: Body) -> dict[str, Any]:
    """The request's JSON body checked against `body` (see the module's docstring for every refusal)."""
    if request.mimetype != "application/json":
        raise ApiProblem(415, "unsupported_media_type", _("请求内容应为 JSON（Content-Type: application/json）。"))
    limit = current_app.config["TRACKER_API_MAX_BODY_BYTES"]
    if (request.content_length or 0) > limit:
        raise _too_large(limit)
    # Kept on the request (cache=True): the lifecycle may run the request again after a lost race, and the stream
    # can be read only once. A body without a length is read up to MAX_CONTENT_LENGTH, then measured.
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise _too_large(limit)
    try:
        payload = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except _DuplicateKey as duplicate:
        message = _("请求内容中字段“%(name)s”出现了不止一次。", name=str(duplicate)[:64])
        raise ApiProblem(400, "malformed_json", message) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiProblem(400, "malformed_json", _("请求内容不是有效的 JSON。")) from None
    return body.parse(payload)


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object naming a key twice is refused: Python keeps the last value, but the sender may have meant the
    first (RFC 8259 leaves it undefined)."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python accepts them, JSON does not


def _too_large(limit: int) -> ApiProblem:
    return ApiProblem(413, "request_entity_too_large", _("请求内容超过 %(n)d 字节。", n=limit))
