"""Reading and validating the seed files (departments.yaml, plan.yaml, indicators.yaml) into plain data.

Everything is checked before anything is written: `read_seed_dir` collects every problem in every file and raises
one SeedError that lists them, each naming the file, the entry (its index path and key) and the problem. The only
database access is the caller's list of department codes that already exist, so a seed may name a department that
an admin created in the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from tracker.indicators.models import Comparator, Indicator
from tracker.org.models import Department, DepartmentKind
from tracker.plan.models import ContextKind, ItemKind, Plan, PlanContext, WorkItem
from tracker.seeding.schema import (
    Field,
    Problems,
    Where,
    as_boolean,
    as_date,
    as_integer,
    as_mapping,
    as_number,
    as_sequence,
    as_text,
    as_text_list,
    check_fields,
    check_unique,
    column_length,
    entry_key,
    list_entries,
    one_of,
    read_top_level,
)

DEPARTMENTS_FILE = "departments.yaml"
PLAN_FILE = "plan.yaml"
INDICATORS_FILE = "indicators.yaml"


@dataclass(frozen=True)
class DepartmentSeed:
    code: str
    name: str
    short_name: str
    kind: str
    sort_order: int


@dataclass(frozen=True)
class PlanSeed:
    code: str
    title: str
    start_year: int
    end_year: int
    source: str
    preamble: str


@dataclass(frozen=True)
class ItemSeed:
    key: str
    parent_key: str | None
    kind: str
    outline_no: str
    outline_added: bool
    title: str
    mandate: str
    sort_order: int
    # Defaults, applied only when the item is created.
    short_name: str
    lead: str | None
    supporting: tuple[str, ...]
    start_date: date | None
    due_date: date | None


@dataclass(frozen=True)
class ContextSeed:
    key: str
    # Where it sits: under a context (`parent_key`) or a work item (`item_key`), or at the top of the plan.
    parent_key: str | None
    item_key: str | None
    kind: str
    outline_no: str
    outline_added: bool
    title: str
    body: str
    sort_order: int


@dataclass(frozen=True)
class IndicatorSeed:
    code: str
    name: str
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    target_year: int
    target_value: Decimal
    comparator: str
    goal_key: str | None
    source_text: str
    table_wording: str
    text_wording: str
    wordings_differ: bool
    sort_order: int
    responsible: str | None  # default, applied only when the indicator is created


@dataclass(frozen=True)
class SeedData:
    departments: list[DepartmentSeed]
    plan: PlanSeed
    items: list[ItemSeed]  # parents before their children, siblings in file order
    contexts: list[ContextSeed]  # likewise
    indicators: list[IndicatorSeed]


# --------------------------------------------------------------------------------------------------- schemas

DEPARTMENT_FIELDS = {
    "code": Field(as_text, required=True, max_len=column_length(Department.code)),
    "name": Field(as_text, required=True, max_len=column_length(Department.name)),
    "short_name": Field(as_text, required=True, max_len=column_length(Department.short_name)),
    "kind": Field(one_of(DepartmentKind), required=True),
    "order": Field(as_integer, required=True),
}
DATE_FIELDS = {"start_date": Field(as_date), "due_date": Field(as_date)}
PLAN_FIELDS = {
    "code": Field(as_text, required=True, max_len=column_length(Plan.code)),
    "title": Field(as_text, required=True, max_len=column_length(Plan.title)),
    "start_year": Field(as_integer, required=True),
    "end_year": Field(as_integer, required=True),
    "source": Field(as_text, default=""),
    "preamble": Field(as_text, default=""),
    "default_assignment": Field(as_mapping, default={}),
}
# An entry of the outline is a work item or, when its kind is a context kind, a part nobody executes.
OUTLINE_KINDS = (*ItemKind, *ContextKind)
CONTEXT_KINDS = {kind.value for kind in ContextKind}
ITEM_FIELDS = {
    "key": Field(as_text, required=True, max_len=column_length(WorkItem.seed_key)),
    "kind": Field(one_of(OUTLINE_KINDS), required=True),
    "outline": Field(as_text, default="", max_len=column_length(WorkItem.outline_no)),
    # The document prints no such number: the tracker added it (pages and exports mark it).
    "outline_added": Field(as_boolean, default=False),
    "title": Field(as_text, required=True, max_len=column_length(WorkItem.title)),
    "mandate": Field(as_text, default=""),
    "short_name": Field(as_text, default="", max_len=column_length(WorkItem.short_name)),
    "default_assignment": Field(as_mapping, default={}),
    "children": Field(as_sequence, default=[]),
}
ITEM_ASSIGNMENT_FIELDS = {"lead": Field(as_text), "supporting": Field(as_text_list, default=()), **DATE_FIELDS}
CONTEXT_FIELDS = {
    "key": Field(as_text, required=True, max_len=column_length(PlanContext.seed_key)),
    "kind": Field(one_of(ContextKind), required=True),
    "outline": Field(as_text, default="", max_len=column_length(PlanContext.outline_no)),
    "outline_added": Field(as_boolean, default=False),
    "title": Field(as_text, required=True, max_len=column_length(PlanContext.title)),
    "body": Field(as_text, default=""),
    "children": Field(as_sequence, default=[]),
}
INDICATOR_FIELDS = {
    "code": Field(as_text, required=True, max_len=column_length(Indicator.code)),
    "name": Field(as_text, required=True, max_len=column_length(Indicator.name)),
    "unit": Field(as_text, default="", max_len=column_length(Indicator.unit)),
    "baseline_year": Field(as_integer),
    "baseline_value": Field(as_number),
    "target_year": Field(as_integer, required=True),
    "target_value": Field(as_number, required=True),
    "comparator": Field(one_of(Comparator), default=Comparator.GE.value),
    "goal": Field(as_text),
    "source_text": Field(as_text, default=""),
    "table_wording": Field(as_text, default="", max_len=column_length(Indicator.table_wording)),
    "text_wording": Field(as_text, default="", max_len=column_length(Indicator.text_wording)),
    "wordings_differ": Field(as_boolean, default=False),
    "default_assignment": Field(as_mapping, default={}),
}
INDICATOR_ASSIGNMENT_FIELDS = {"responsible": Field(as_text)}


# ------------------------------------------------------------------------------------------------ the files


def _read_departments(file: Path, problems: Problems) -> list[DepartmentSeed]:
    top = read_top_level(file, {"departments": Field(as_sequence, required=True)}, problems)
    entries = list_entries(
        file, "departments", (top or {}).get("departments") or [], DEPARTMENT_FIELDS, problems, unique="code"
    )
    return [
        DepartmentSeed(values["code"], values["name"], values["short_name"], values["kind"], values["order"])
        for _index, values, _where in entries
    ]


def _read_plan_file(file: Path, problems: Problems) -> tuple[PlanSeed | None, list[ItemSeed], list[ContextSeed]]:
    spec = {"plan": Field(as_mapping, required=True), "items": Field(as_sequence, required=True)}
    top = read_top_level(file, spec, problems) or {}
    plan, default_dates = _read_plan_header(file, top.get("plan"), problems)
    outline = Outline(file, default_dates, problems)
    outline.read(top.get("items") or [], None, "items")
    return plan, outline.items, outline.contexts


def _read_plan_header(file: Path, raw: Any, problems: Problems) -> tuple[PlanSeed | None, dict]:
    if raw is None:
        return None, {}
    where = Where(file, "plan")
    values = check_fields(raw, PLAN_FIELDS, where, problems)
    if values is None:
        return None, {}
    dates = (
        check_fields(values["default_assignment"], DATE_FIELDS, where.child("plan.default_assignment"), problems) or {}
    )
    start_year, end_year = values["start_year"], values["end_year"]
    if start_year is not None and end_year is not None and end_year < start_year:
        problems.add(file, where.entry, _("结束年份早于开始年份"))
    plan = PlanSeed(values["code"], values["title"], start_year, end_year, values["source"], values["preamble"])
    return plan, dates


@dataclass
class Outline:
    """The `items` tree of plan.yaml: work items and contexts in document order, each entry's place among its
    siblings counted over both."""

    file: Path
    default_dates: dict
    problems: Problems
    items: list[ItemSeed] = field(default_factory=list)
    contexts: list[ContextSeed] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)  # keys of items and contexts: one namespace

    def read(self, raw: list, parent: ItemSeed | ContextSeed | None, path: str) -> None:
        """Depth first, so every parent comes before its children."""
        for index, raw_entry in enumerate(raw):
            entry_path = f"{path}[{index}]"
            where = Where(self.file, entry_path, entry_key(raw_entry))
            is_context = isinstance(raw_entry, dict) and raw_entry.get("kind") in CONTEXT_KINDS
            values = check_fields(raw_entry, CONTEXT_FIELDS if is_context else ITEM_FIELDS, where, self.problems)
            if values is None:
                continue
            if values["key"]:
                check_unique(self.seen, values["key"], where, self.problems)
            entry: ItemSeed | ContextSeed
            if is_context:
                entry = self._context(values, parent, index + 1)
                self.contexts.append(entry)
            elif isinstance(parent, ContextSeed):
                self.problems.add(self.file, where.entry, _("背景条目（%(kind)s）下不能有工作项", kind=parent.kind))
                continue
            else:
                entry = self._item(values, parent, index + 1, where)
                self.items.append(entry)
            self.read(values["children"], entry, f"{entry_path}.children")

    def _context(self, values: dict, parent: ItemSeed | ContextSeed | None, sort_order: int) -> ContextSeed:
        return ContextSeed(
            key=values["key"],
            parent_key=parent.key if isinstance(parent, ContextSeed) else None,
            item_key=parent.key if isinstance(parent, ItemSeed) else None,
            kind=values["kind"],
            outline_no=values["outline"],
            outline_added=values["outline_added"],
            title=values["title"],
            body=values["body"],
            sort_order=sort_order,
        )

    def _item(self, values: dict, parent: ItemSeed | None, sort_order: int, where: Where) -> ItemSeed:
        file, problems = self.file, self.problems
        assignment = (
            check_fields(
                values["default_assignment"],
                ITEM_ASSIGNMENT_FIELDS,
                where.child(f"{where.path}.default_assignment"),
                problems,
            )
            or {}
        )
        start = assignment.get("start_date") or self.default_dates.get("start_date")
        due = assignment.get("due_date") or self.default_dates.get("due_date")
        if start and due and due < start:
            problems.add(file, where.entry, _("截止日期 %(due)s 早于开始日期 %(start)s", due=due, start=start))
        lead = assignment.get("lead")
        supporting = assignment.get("supporting") or ()
        if lead and lead in supporting:
            problems.add(file, where.entry, _("部门“%(code)s”不能既牵头又配合", code=lead))
        if len(set(supporting)) != len(supporting):
            problems.add(file, where.entry, _("配合部门有重复"))
        return ItemSeed(
            key=values["key"],
            parent_key=parent.key if parent else None,
            kind=values["kind"],
            outline_no=values["outline"],
            outline_added=values["outline_added"],
            title=values["title"],
            mandate=values["mandate"],
            sort_order=sort_order,
            short_name=values["short_name"],
            lead=lead,
            supporting=tuple(supporting),
            start_date=start,
            due_date=due,
        )


def _read_indicators(file: Path, problems: Problems) -> list[IndicatorSeed]:
    top = read_top_level(file, {"indicators": Field(as_sequence, required=True)}, problems)
    indicators: list[IndicatorSeed] = []
    for index, values, where in list_entries(
        file, "indicators", (top or {}).get("indicators") or [], INDICATOR_FIELDS, problems, unique="code"
    ):
        assignment = (
            check_fields(
                values["default_assignment"],
                INDICATOR_ASSIGNMENT_FIELDS,
                where.child(f"{where.path}.default_assignment"),
                problems,
            )
            or {}
        )
        baseline_year, target_year = values["baseline_year"], values["target_year"]
        if values["baseline_value"] is not None and baseline_year is None:
            problems.add(file, where.entry, _("有基期值时须填写基期年份“baseline_year”"))
        if baseline_year is not None and target_year is not None and target_year < baseline_year:
            problems.add(file, where.entry, _("目标年份早于基期年份"))
        indicators.append(
            IndicatorSeed(
                code=values["code"],
                name=values["name"],
                unit=values["unit"],
                baseline_year=baseline_year,
                baseline_value=values["baseline_value"],
                target_year=target_year,
                target_value=values["target_value"],
                comparator=values["comparator"],
                goal_key=values["goal"],
                source_text=values["source_text"],
                table_wording=values["table_wording"],
                text_wording=values["text_wording"],
                wordings_differ=values["wordings_differ"],
                sort_order=index + 1,
                responsible=assignment.get("responsible"),
            )
        )
    return indicators


def _check_references(
    directory: Path,
    items: list[ItemSeed],
    indicators: list[IndicatorSeed],
    department_codes: set[str],
    problems: Problems,
) -> None:
    def unknown_department(code: str | None) -> bool:
        return code is not None and code not in department_codes

    for item in items:
        for code in (item.lead, *item.supporting):
            if unknown_department(code):
                problems.add(
                    directory / PLAN_FILE,
                    item.key,
                    _("未知部门代码“%(code)s”（departments.yaml 和系统中都没有）", code=code),
                )
    goal_keys = {item.key for item in items if item.kind == ItemKind.GOAL}
    for indicator in indicators:
        if unknown_department(indicator.responsible):
            problems.add(
                directory / INDICATORS_FILE,
                indicator.code,
                _("未知部门代码“%(code)s”（departments.yaml 和系统中都没有）", code=indicator.responsible),
            )
        if indicator.goal_key is not None and indicator.goal_key not in goal_keys:
            problems.add(
                directory / INDICATORS_FILE,
                indicator.code,
                _("“goal”应为 plan.yaml 中某个目标（kind: goal）的 key，没有“%(key)s”", key=indicator.goal_key),
            )


def read_seed_dir(directory: Path, existing_department_codes: set[str]) -> SeedData:
    """Parse and check the three files; raise SeedError listing every problem, or return the data to load."""
    problems = Problems()
    departments = _read_departments(directory / DEPARTMENTS_FILE, problems)
    plan, items, contexts = _read_plan_file(directory / PLAN_FILE, problems)
    indicators = _read_indicators(directory / INDICATORS_FILE, problems)
    known_codes = existing_department_codes | {department.code for department in departments}
    _check_references(directory, items, indicators, known_codes, problems)
    problems.raise_if_any()
    assert plan is not None  # a missing plan was a problem above
    return SeedData(departments, plan, items, contexts, indicators)
