"""Loading the plan as data (seed/*.yaml) into the database, idempotently.

Every seeded row is matched by its stable key: a department by `code`, the plan by `code`, a work item or a
context entry by (plan, seed key), an indicator by (plan, code). Loading twice changes nothing; loading an edited
file updates the fields the document owns (titles, texts, outline numbers, order, indicator values) in place;
rows that are not in the files (added by users in the app) are never deleted or changed. An item's parent is set
when the item is created: the office may move items in the app, and a later load must not move them back.

Fields under `default_assignment` are defaults, not facts of the document: an item's lead and supporting
departments and its start and due dates, and an indicator's responsible department, are set only when the row is
created. So is an item's `short_name` (the name people use, which the office edits). An admin reassigns them in
the app afterwards, and a later load must not undo that. Items and indicators created with such departments
carry the office's default (tracker.org.assignment: 默认分工，待确认). A department's names follow the file until
an admin renames it in the app (its former names are kept); from then on the app's stand.

The files are validated completely (tracker.seeding.files) before the session is touched. Like every service,
this flushes and never commits: the `flask seed plan` command commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.org.models import Department, DepartmentFormerName
from tracker.plan.models import AssignmentSource, Plan, PlanContext, WorkItem
from tracker.seeding.files import SeedData, read_seed_dir

Row = TypeVar("Row")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class SeedReport:
    counts: dict[str, Counts] = field(
        default_factory=lambda: {kind: Counts() for kind in ("departments", "plans", "items", "contexts", "indicators")}
    )

    @property
    def changed(self) -> int:
        return sum(count.created + count.updated for count in self.counts.values())

    def summary(self) -> str:
        labels = {
            "departments": _("部门"),
            "plans": _("规划"),
            "items": _("工作项"),
            "contexts": _("规划背景"),
            "indicators": _("指标"),
        }
        return "\n".join(
            _(
                "%(kind)s：新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d",
                kind=labels[kind],
                created=count.created,
                updated=count.updated,
                unchanged=count.unchanged,
            )
            for kind, count in self.counts.items()
        )


def load_seed_dir(path: Path) -> SeedReport:
    """Validate the seed files in `path`, then create or update what they describe (flushes, never commits)."""
    existing_codes = set(db.session.scalars(select(Department.code)))
    data = read_seed_dir(Path(path), existing_codes)
    report = SeedReport()
    departments = _load_departments(data, report)
    plan = _load_plan(data, report)
    items = _load_items(plan, data, departments, report)
    _load_contexts(plan, data, items, report)
    _load_indicators(plan, data, departments, items, report)
    return report


def _sync(row: Any, values: dict[str, Any]) -> bool:
    """Set the fields that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _upsert(
    existing: Row | None,
    values: dict[str, Any],
    create: Callable[[], Row],
    counts: Counts,
) -> Row:
    """Update `existing` in place from `values`, or build a new row with `create()` (which sets the defaults)."""
    row = existing if existing is not None else create()
    changed = _sync(row, values)
    if existing is None:
        db.session.add(row)
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1
    return row


def _fields(seed: object, *names: str) -> dict[str, Any]:
    """The seed's values of these fields, named as the model's columns are (the seed files use the same names)."""
    return {name: getattr(seed, name) for name in names}


def _load_departments(data: SeedData, report: SeedReport) -> dict[str, Department]:
    by_code = {department.code: department for department in db.session.scalars(select(Department))}
    # A department an admin has renamed carries the app's name (its history kept in the former names); the seed
    # corrects only the names nobody has changed.
    renamed = set(db.session.scalars(select(DepartmentFormerName.department_id).distinct()))
    for seed in data.departments:
        existing = by_code.get(seed.code)
        kept_by_app = existing is not None and existing.id in renamed
        values = _fields(seed, *(() if kept_by_app else ("name", "short_name")), "kind", "sort_order")
        by_code[seed.code] = _upsert(
            existing,
            values,
            partial(Department, code=seed.code, name=seed.name, short_name=seed.short_name),
            report.counts["departments"],
        )
    db.session.flush()
    return by_code


def _load_plan(data: SeedData, report: SeedReport) -> Plan:
    seed = data.plan
    values = {
        "title": seed.title,
        "start_year": seed.start_year,
        "end_year": seed.end_year,
        "source": seed.source,
        "preamble": seed.preamble,
    }
    existing = db.session.scalar(select(Plan).where(Plan.code == seed.code))
    plan = _upsert(existing, values, lambda: Plan(code=seed.code), report.counts["plans"])
    db.session.flush()
    return plan


def _load_items(
    plan: Plan, data: SeedData, departments: dict[str, Department], report: SeedReport
) -> dict[str | None, WorkItem]:
    by_key: dict[str | None, WorkItem] = {
        item.seed_key: item
        for item in db.session.scalars(
            select(WorkItem).where(WorkItem.plan_id == plan.id, WorkItem.seed_key.is_not(None))
        )
    }
    for seed in data.items:  # parents come first, so by_key already holds this item's parent
        parent = by_key[seed.parent_key] if seed.parent_key else None
        values = _fields(seed, "kind", "outline_no", "outline_added", "title", "mandate", "sort_order")

        def create(seed=seed, parent=parent) -> WorkItem:
            # Defaults and the parent: only here, at creation, so that an admin's later reassignment or an
            # office move survives a re-seed.
            return WorkItem(
                plan=plan,
                parent=parent,
                seed_key=seed.key,
                short_name=seed.short_name,
                lead_department=departments[seed.lead] if seed.lead else None,
                # An item the seed gives departments carries the office's default; one it gives none (a chapter)
                # has no division of work to confirm.
                assignment_source=(
                    AssignmentSource.DEFAULT if seed.lead or seed.supporting else AssignmentSource.OFFICE
                ).value,
                supporting_departments=[departments[code] for code in seed.supporting],
                start_date=seed.start_date,
                due_date=seed.due_date,
            )

        by_key[seed.key] = _upsert(
            by_key.get(seed.key),
            values,
            create,
            report.counts["items"],
        )
    db.session.flush()
    return by_key


def _load_contexts(plan: Plan, data: SeedData, items: dict[str | None, WorkItem], report: SeedReport) -> None:
    by_key = {
        context.seed_key: context
        for context in db.session.scalars(select(PlanContext).where(PlanContext.plan_id == plan.id))
    }
    for seed in data.contexts:  # parents first, so by_key already holds a context's parent
        values = _fields(seed, "kind", "outline_no", "outline_added", "title", "body", "sort_order")
        # Nobody moves a context in the app: its place is the file's, also for a context loaded before it had one.
        values["parent"] = by_key[seed.parent_key] if seed.parent_key else None
        values["work_item"] = items[seed.item_key] if seed.item_key else None
        by_key[seed.key] = _upsert(
            by_key.get(seed.key),
            values,
            partial(PlanContext, plan_id=plan.id, seed_key=seed.key),
            report.counts["contexts"],
        )
    db.session.flush()


def _load_indicators(
    plan: Plan,
    data: SeedData,
    departments: dict[str, Department],
    items: dict[str | None, WorkItem],
    report: SeedReport,
) -> None:
    by_code = {
        indicator.code: indicator
        for indicator in db.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id))
    }
    for seed in data.indicators:
        values = _fields(
            seed,
            *("name", "unit", "baseline_year", "baseline_value", "target_year", "target_value"),
            *("comparator", "source_text", "table_wording", "text_wording", "wordings_differ", "sort_order"),
        )
        # Items were flushed above, so every goal has its id.
        values["goal_item_id"] = items[seed.goal_key].id if seed.goal_key else None

        def create(seed=seed) -> Indicator:
            # The responsible department is a default: set at creation only (see the module docstring).
            responsible = departments[seed.responsible] if seed.responsible else None
            source = AssignmentSource.DEFAULT if responsible else AssignmentSource.OFFICE
            return Indicator(
                plan=plan, code=seed.code, responsible_department=responsible, assignment_source=source.value
            )

        _upsert(by_code.get(seed.code), values, create, report.counts["indicators"])
    db.session.flush()
