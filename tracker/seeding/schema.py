"""Checking seed files: typed fields, YAML without silent surprises, and problems that name file and entry.

Generic parts of the seed reader (tracker.seeding.files): a field spec says how to parse one value; every
problem is collected with the file and the entry it belongs to, and reported all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext as _

from tracker.core.errors import SeedError

# More problems than this in one load are summarised: the first ones are enough to start fixing.
MAX_REPORTED = 30
# Numeric(18, 4): at most 4 decimals and 14 integer digits.
MAX_DECIMALS = 4
MAX_MAGNITUDE = Decimal(10) ** 14


# ------------------------------------------------------------------------------------------------- fields


def column_length(column) -> int | None:
    return column.property.columns[0].type.length


@dataclass(frozen=True)
class Field:
    parse: Callable[[Any], Any]  # returns the value or raises FieldProblem with the problem
    required: bool = False
    max_len: int | None = None
    default: Any = None


class FieldProblem(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldProblem(_("应为文本，实际是 %(value)r（数字或“1.”这样的编号请加引号）", value=value))
    return value


def as_integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldProblem(_("应为整数，实际是 %(value)r", value=value))
    return value


def as_boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldProblem(_("应为 true 或 false，实际是 %(value)r", value=value))
    return value


def as_number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldProblem(_("应为数字，实际是 %(value)r", value=value))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FieldProblem(_("应为数字，实际是 %(value)r", value=value)) from None
    if not number.is_finite() or abs(number) >= MAX_MAGNITUDE:
        raise FieldProblem(_("数值超出范围：%(value)s", value=value))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise FieldProblem(_("最多 %(n)d 位小数：%(value)s", n=MAX_DECIMALS, value=value))
    return number


def as_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise FieldProblem(_("应为日期（如 2015-12-31），实际是 %(value)r", value=value))


def one_of(choices: type[Enum]) -> Callable[[Any], str]:
    allowed = [str(choice) for choice in choices]

    def parse(value: Any) -> str:
        if value not in allowed:
            raise FieldProblem(_("取值 %(value)r 无效，可选：%(allowed)s", value=value, allowed="、".join(allowed)))
        return value

    return parse


def as_text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise FieldProblem(_("应为文本列表，如 [jxw, fgw]，实际是 %(value)r", value=value))
    return tuple(value)


def as_mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise FieldProblem(_("应为键值映射，实际是 %(value)r", value=value))
    return value


def as_sequence(value: Any) -> list:
    if not isinstance(value, list):
        raise FieldProblem(_("应为列表，实际是 %(value)r", value=value))
    return value


# -------------------------------------------------------------------------------------------------- problems


@dataclass
class Problems:
    lines: list[str] = field(default_factory=list)

    def add(self, file: Path, entry: str, problem: str) -> None:
        self.lines.append(_("%(file)s，%(entry)s：%(problem)s", file=file, entry=entry, problem=problem))

    def raise_if_any(self) -> None:
        if not self.lines:
            return
        shown = self.lines[:MAX_REPORTED]
        if len(self.lines) > MAX_REPORTED:
            shown.append(_("……另有 %(n)d 个问题", n=len(self.lines) - MAX_REPORTED))
        raise SeedError(_("种子文件有误，未写入任何数据：") + "\n" + "\n".join(shown))


@dataclass(frozen=True)
class Where:
    """One entry of one file, named the way an editor finds it: index path plus its key once known."""

    file: Path
    path: str
    key: str | None = None

    @property
    def entry(self) -> str:
        return f"{self.path}（{self.key}）" if self.key else self.path

    def child(self, path: str) -> Where:
        return Where(self.file, path, self.key)


def check_fields(raw: Any, spec: dict[str, Field], where: Where, problems: Problems) -> dict | None:
    """The entry's values, parsed; None when the entry is not a mapping. Each bad field is one problem."""
    if not isinstance(raw, dict):
        problems.add(where.file, where.entry, _("应为键值映射，实际是 %(value)r", value=raw))
        return None
    for unknown in sorted(set(raw) - set(spec), key=str):
        problems.add(where.file, where.entry, _("未知字段“%(f)s”（可用：%(known)s）", f=unknown, known="、".join(spec)))
    values: dict[str, Any] = {}
    for name, rule in spec.items():
        raw_value = raw.get(name)
        if raw_value is None:
            if rule.required:
                problems.add(where.file, where.entry, _("缺少必填字段“%(f)s”", f=name))
            values[name] = rule.default
            continue
        try:
            value = rule.parse(raw_value)
        except FieldProblem as bad:
            problems.add(where.file, where.entry, _("字段“%(f)s”：%(problem)s", f=name, problem=bad.problem))
            values[name] = rule.default
            continue
        if isinstance(value, str) and rule.required and not value.strip():
            problems.add(where.file, where.entry, _("字段“%(f)s”不能为空", f=name))
        if isinstance(value, str) and rule.max_len is not None and len(value) > rule.max_len:
            problems.add(where.file, where.entry, _("字段“%(f)s”超过 %(n)d 个字符", f=name, n=rule.max_len))
        values[name] = value
    return values


# ------------------------------------------------------------------------------------------------ YAML input


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML would silently keep the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: set[Hashable] = set()
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<: *anchor` may override keys on purpose; construct_mapping flattens it
        key = loader.construct_object(key_node)
        if isinstance(key, Hashable) and key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark
            )
        if isinstance(key, Hashable):
            seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(file: Path, problems: Problems) -> Any:
    """The file's document, or None after recording why it cannot be read."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(file, _("文件"), _("找不到文件"))
        return None
    except UnicodeDecodeError:
        problems.add(file, _("文件"), _("文件不是 UTF-8 编码"))
        return None
    try:
        document = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        entry = _("第 %(line)d 行第 %(col)d 列", line=mark.line + 1, col=mark.column + 1) if mark else _("文件")
        problem = getattr(error, "problem", None) or str(error)
        problems.add(file, entry, _("YAML 语法错误：%(problem)s", problem=problem))
        return None
    if document is None:
        problems.add(file, _("文件"), _("文件是空的"))
    return document


def read_top_level(file: Path, spec: dict[str, Field], problems: Problems) -> dict | None:
    document = load_yaml(file, problems)
    if document is None:
        return None
    return check_fields(document, spec, Where(file, _("文件")), problems)


def list_entries(
    file: Path, name: str, raw: list[Any], spec: dict[str, Field], problems: Problems, *, unique: str | None = None
) -> Iterator[tuple[int, dict[str, Any], Where]]:
    """(index, values, where) for each well-formed mapping in a list; its key names the entry in problems. With
    `unique`, the field whose value no two entries may share (a repeat is a problem, the entry still comes)."""
    seen: dict[str, str] = {}
    for index, raw_entry in enumerate(raw):
        key = entry_key(raw_entry)
        where = Where(file, f"{name}[{index}]", key)
        values = check_fields(raw_entry, spec, where, problems)
        if values is None:
            continue
        if unique is not None and values[unique]:
            check_unique(seen, values[unique], where, problems)
        yield index, values, where


def entry_key(raw_entry: Any) -> str | None:
    """The entry's own name (`key`, or `code` for departments and indicators) if it has a usable one."""
    if not isinstance(raw_entry, dict):
        return None
    key = raw_entry.get("key", raw_entry.get("code"))
    return key if isinstance(key, str) else None


def check_unique(seen: dict[str, str], key: str, where: Where, problems: Problems) -> None:
    if key in seen:
        problems.add(where.file, where.entry, _("键“%(key)s”重复（已用于 %(other)s）", key=key, other=seen[key]))
    else:
        seen[key] = where.path
