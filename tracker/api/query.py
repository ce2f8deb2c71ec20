"""Query-string parameters, declared per operation (registry.operation's `query`), read strictly.

The pages forgive a bad filter with a notice; a program is better told: an unknown parameter, a repeated one, a
value of the wrong type or out of range is a 400 (code invalid_parameter) naming every such parameter at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from flask import request
from flask_babel import gettext as _

from tracker.api.problems import ApiProblem
from tracker.api.schemas import Schema
from tracker.core.errors import Problems
from tracker.core.permissions import MAX_ID

_INTEGER = re.compile(r"^-?[0-9]{1,12}$")  # not str.isdigit: "--5" passed it and then failed int() (a 500)
ParamKind = Literal["integer", "id", "string", "boolean", "choice"]
TRUE_WORDS = ("1", "true")
FALSE_WORDS = ("0", "false")
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


@dataclass(frozen=True)
class Param:
    name: str
    kind: ParamKind
    description: str
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    max_length: int = 100

    def schema(self) -> Schema:
        if self.kind in ("integer", "id"):
            schema: Schema = {"type": "integer"}
            low = 1 if self.kind == "id" else self.minimum
            high = MAX_ID if self.kind == "id" else self.maximum
            if low is not None:
                schema["minimum"] = low
            if high is not None:
                schema["maximum"] = high
        elif self.kind == "boolean":
            schema = {"type": "boolean"}
        elif self.kind == "choice":
            schema = {"type": "string", "enum": list(self.choices)}
        else:
            schema = {"type": "string", "maxLength": self.max_length}
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def read(self, raw: str, problems: Problems) -> Any:
        if self.kind in ("integer", "id"):
            low = 1 if self.kind == "id" else self.minimum
            high = MAX_ID if self.kind == "id" else self.maximum
            if not _INTEGER.match(raw):
                problems.add(_("应为整数。"), self.name)
                return None
            value = int(raw)
            if (low is not None and value < low) or (high is not None and value > high):
                problems.add(_("应在 %(low)s 到 %(high)s 之间。", low=low, high=high), self.name)
                return None
            return value
        if self.kind == "boolean":
            if raw.lower() in TRUE_WORDS:
                return True
            if raw.lower() in FALSE_WORDS:
                return False
            problems.add(_("应为 true 或 false。"), self.name)
            return None
        if self.kind == "choice":
            if raw not in self.choices:
                problems.add(_("应为以下之一：%(choices)s。", choices=", ".join(self.choices)), self.name)
                return None
            return raw
        if len(raw) > self.max_length or any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
            problems.add(_("不能超过 %(n)d 个字符，也不能包含控制字符。", n=self.max_length), self.name)
            return None
        return raw


PAGING = (
    Param(
        "page",
        "integer",
        "Page number, from 1; a number past the last page answers the last page",
        default=1,
        minimum=1,
        maximum=MAX_ID,
    ),
    Param("per_page", "integer", "Rows per page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE),
)


def read_query(params: tuple[Param, ...]) -> dict[str, Any]:
    """The declared parameters' values (their defaults where absent); 400 for anything else in the query."""
    problems = Problems()
    known = {p.name: p for p in params}
    for name in request.args:
        if name not in known:
            problems.add(_("未知的参数。"), name[:64])
        elif len(request.args.getlist(name)) > 1:
            problems.add(_("参数只能出现一次。"), name)
    values: dict[str, Any] = {}
    for param in params:
        raw = request.args.get(param.name)
        values[param.name] = param.default if raw is None or raw == "" else param.read(raw, problems)
    if problems:
        raise ApiProblem(400, "invalid_parameter", _("查询参数有误。"), fields=problems.errors)
    return values
