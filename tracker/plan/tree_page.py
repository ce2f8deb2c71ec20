"""The plan tree page at any plan size: what a person can read, in a fixed number of queries.

- Without filters the page shows the top levels: as many whole levels as fit in ROW_BUDGET rows. A plan of a few
  hundred items shows completely; a plan of 20,000 shows its sections and main tasks. A row whose children are not
  on the page loads them when it is opened (plan.children, children_rows below).
- With filters the matches come PAGE_SIZE at a time, in the chosen order, each with its ancestors for context.

Rolled-up progress is read from the maintained column (tracker.plan.hierarchy_sync) and the matching is SQL
(tree_filters.match_clause), so no request reads more of the plan than it shows. The counts line still covers the
whole plan: one aggregate query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import ColumnExpressionArgument, Select, case, func, select, true
from sqlalchemy.orm import joinedload, load_only

from tracker.core.filters import STATUS_BADGES, status_label
from tracker.core.paging import Page
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.hierarchy import ancestor_ids
from tracker.plan.models import WorkItem, work_item_supporting_departments
from tracker.plan.outline import shown_chain
from tracker.plan.rules import is_overdue, is_stale, overdue_clause, stale_clause
from tracker.plan.tree import Node
from tracker.plan.tree_filters import (
    Row,
    TreeFilters,
    TreeView,
    is_filtered,
    match_clause,
    sibling_sort_key,
    sql_order,
)

ROW_BUDGET = 150  # rows an unfiltered page shows before deeper levels fold
PAGE_SIZE = 25  # matches per page of a filtered view


def shown_progress(value: Decimal | None) -> Decimal:
    """Whole percentages without a decimal (as an item's own progress shows), others to one decimal."""
    value = Decimal(value or 0)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def tree_row_labels() -> dict:
    """The words every tree row repeats, translated once per page (plan/_tree_rows.html)."""
    return {
        "toggle": _("展开或折叠"),
        "retired": _("已撤销"),
        "overdue": _("逾期"),
        "stale": _("久未更新"),
        "short_name": _("简称"),
        "progress": _("进度"),
        "separator": _("、"),
        "default_assignment": _("默认分工，待确认"),
        "default_short": _("默认"),
        "statuses": {status: status_label(status) for status in STATUS_VALUES},
        "badges": STATUS_BADGES,
    }


def departments_by_id() -> dict[int, Department]:
    """Every department, one query; held by the caller so that item.lead_department never needs its own."""
    return {department.id: department for department in db.session.scalars(select(Department))}


def _live(plan_id: int, include_retired: bool) -> list[ColumnExpressionArgument[bool]]:
    conditions: list[ColumnExpressionArgument[bool]] = [WorkItem.plan_id == plan_id]
    if not include_retired:
        conditions.append(WorkItem.live)
    return conditions


# What a tree row shows or needs: only these columns are read (a page holds up to a few hundred rows, and the
# mandate is long). Another attribute would be loaded item by item: the statement-count tests would notice.
_ROW_COLUMNS = (
    WorkItem.plan_id,
    WorkItem.parent_id,
    WorkItem.path,
    WorkItem.depth,
    WorkItem.outline_no,
    WorkItem.outline_added,
    WorkItem.title,
    WorkItem.short_name,
    WorkItem.status,
    WorkItem.rollup_progress,
    WorkItem.start_date,
    WorkItem.due_date,
    WorkItem.last_update_at,
    WorkItem.created_at,
    WorkItem.retired,
    WorkItem.lead_department_id,
    WorkItem.assignment_source,
    WorkItem.owner_id,
)


def _items(query: Select) -> list[WorkItem]:
    # Owners (and their departments) come in the same query; lead departments are in the identity map.
    options = (joinedload(WorkItem.owner), load_only(*_ROW_COLUMNS))
    return list(db.session.scalars(query.options(*options)))


def _supporting(ids: Iterable[int], departments: dict[int, Department]) -> dict[int, list[Department]]:
    rows = db.session.execute(
        select(work_item_supporting_departments.c.work_item_id, work_item_supporting_departments.c.department_id)
        .where(work_item_supporting_departments.c.work_item_id.in_(list(ids)))
    )  # fmt: skip
    result: dict[int, list[Department]] = defaultdict(list)
    for item_id, department_id in rows:
        result[item_id].append(departments[department_id])
    for supporting in result.values():
        supporting.sort(key=lambda d: (d.sort_order, d.id))
    return result


def _with_children(ids: Iterable[int], plan_id: int, include_retired: bool) -> set[int]:
    """Which of `ids` have (shown) children."""
    query = select(WorkItem.parent_id).where(WorkItem.parent_id.in_(list(ids)), *_live(plan_id, include_retired))
    return set(db.session.scalars(query.distinct()))


def _counts(plan_id: int, include_retired: bool, condition, today: date, stale_days: int) -> tuple[int, int, int]:
    """(items, overdue, stale) among the plan's items that meet `condition`."""
    overdue = func.coalesce(func.sum(case((overdue_clause(WorkItem, today), 1), else_=0)), 0)
    stale = func.coalesce(func.sum(case((stale_clause(WorkItem, today, stale_days), 1), else_=0)), 0)
    row = db.session.execute(
        select(func.count(), overdue, stale).where(*_live(plan_id, include_retired), condition)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


class _Builder:
    """Nodes for a set of loaded items: outline numbers, supporting departments, overdue and stale marks."""

    def __init__(self, departments: dict[int, Department], today: date, stale_days: int) -> None:
        self.departments = departments
        self.today = today
        self.stale_days = stale_days

    def nodes(self, items: list[WorkItem], outline_prefix: dict[int, str] | None = None) -> dict[int, Node]:
        """`outline_prefix`: the outline above an item whose parent is not among `items` (default: none)."""
        by_id = {item.id: item for item in items}
        supporting = _supporting(by_id, self.departments) if by_id else {}
        outlines: dict[int, str] = {}

        def outline(item: WorkItem) -> str:
            if item.id not in outlines:
                parent_id = item.parent_id
                if parent_id is None:
                    above = ""
                elif parent := by_id.get(parent_id):
                    above = outline(parent)
                else:
                    above = (outline_prefix or {}).get(parent_id, "")
                outlines[item.id] = above + item.shown_outline_no
            return outlines[item.id]

        return {
            item.id: Node(
                item=item,
                depth=item.depth,
                outline=outline(item),
                supporting=supporting.get(item.id, []),
                overdue=is_overdue(item.due_date, item.status, self.today),
                stale=is_stale(
                    item.last_update_at, item.created_at, item.start_date, item.status, self.today, self.stale_days
                ),
                progress=shown_progress(item.rollup_progress),
            )
            for item in items
        }


def _arrange(
    nodes: dict[int, Node],
    top: int | None,
    sort: str,
    matched: set[int] | None = None,
    lazy: set[int] | frozenset = frozenset(),
) -> list[Row]:
    """Rows in tree order below `top` (None: the plan's roots), siblings in plan order or by `sort`. A node whose
    parent is not among `nodes` is unreachable (under a hidden, retired item) and left out."""
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.item.path):
        children[node.item.parent_id].append(node)
    key = sibling_sort_key(sort)
    rows: list[Row] = []

    def emit(parent_id: int | None) -> None:
        siblings = children.get(parent_id, [])
        for node in sorted(siblings, key=key) if key else siblings:
            below = bool(children.get(node.id))
            is_lazy = node.id in lazy and not below
            rows.append(Row(node, matched is None or node.id in matched, parent_id, below or is_lazy, is_lazy))
            emit(node.id)

    emit(top)
    return rows


def _top_levels(plan_id: int, filters: TreeFilters, build: _Builder) -> tuple[list[Row], bool]:
    """The whole levels that fit in ROW_BUDGET rows; (rows, whether deeper levels were left out)."""
    live = _live(plan_id, filters.show_retired)
    first = _items(select(WorkItem).where(*live).order_by(WorkItem.depth, WorkItem.path).limit(ROW_BUDGET + 1))
    folded = len(first) > ROW_BUDGET
    if folded:
        deepest = max(0, first[-1].depth - 1)
        items = [item for item in first if item.depth <= deepest]
        if not items:  # more top-level items than the budget: they all show, nothing below them
            items = _items(select(WorkItem).where(*live, WorkItem.depth == 0).order_by(WorkItem.path))
            deepest = 0
        frontier = [item.id for item in items if item.depth == deepest]
    else:
        items, frontier = first, []
    # Always asked (empty when nothing is folded), so the statement count does not depend on the plan's size.
    lazy = _with_children(frontier, plan_id, filters.show_retired)
    return _arrange(build.nodes(items), None, filters.sort, lazy=lazy), folded


def _matches_page(
    plan_id: int, filters: TreeFilters, build: _Builder, page_number: int, condition
) -> tuple[list[Row], Page, int, int]:
    """One page of matches: their ids and, in the same query (window functions over all matches), the counts;
    then the page's items and their ancestors. Ranking ids alone keeps the sort narrow however many match."""
    live = _live(plan_id, filters.show_retired)
    keys = [key.label(f"key{n}") for n, key in enumerate(sql_order(filters.sort, filters.query))]
    # The counts need every match, so the matches are found first and ordered afterwards: asked for in one
    # statement with the ORDER BY beside the window functions, PostgreSQL walks the whole plan in path order.
    ranked = (
        select(
            WorkItem.id,
            *keys,
            func.count().over().label("total"),
            func.sum(case((overdue_clause(WorkItem, build.today), 1), else_=0)).over().label("overdue"),
            func.sum(case((stale_clause(WorkItem, build.today, build.stale_days), 1), else_=0)).over().label("stale"),
        )
        .where(*live, condition)
        .subquery()
    )
    query = (
        select(ranked.c.id, ranked.c.total, ranked.c.overdue, ranked.c.stale)
        .order_by(*(ranked.c[key.name] for key in keys))
        .limit(PAGE_SIZE)
    )
    number = max(1, page_number)
    found = db.session.execute(query.offset((number - 1) * PAGE_SIZE)).all()
    if not found and number > 1:  # past the end (an old link): the last page
        total = _counts(plan_id, filters.show_retired, condition, build.today, build.stale_days)[0]
        number = max(1, -(-total // PAGE_SIZE))
        found = db.session.execute(query.offset((number - 1) * PAGE_SIZE)).all()
    total, overdue, stale = (int(found[0][i] or 0) for i in (1, 2, 3)) if found else (0, 0, 0)
    matched = {row[0] for row in found}
    matches = _items(select(WorkItem).where(WorkItem.id.in_(matched))) if matched else []
    above = {i for item in matches for i in ancestor_ids(item.path)} - matched
    ancestors = _items(select(WorkItem).where(*live, WorkItem.id.in_(above)))
    arranged = _arrange(build.nodes(matches + ancestors), None, filters.sort, matched=matched)
    return arranged, Page(rows=[], number=number, per_page=PAGE_SIZE, total=total), overdue, stale


def _total(plan_id: int, include_retired: bool) -> int:
    return db.session.scalar(select(func.count()).where(*_live(plan_id, include_retired))) or 0


def build_view(
    plan_id: int,
    filters: TreeFilters,
    departments: dict[int, Department],
    today: date,
    stale_days: int,
    page_number: int = 1,
) -> TreeView:
    build = _Builder(departments, today, stale_days)
    if not is_filtered(filters):
        items, overdue, stale = _counts(plan_id, filters.show_retired, true(), today, stale_days)
        rows, folded = _top_levels(plan_id, filters, build)
        return TreeView(rows=rows, shown=items, total=items, overdue=overdue, stale=stale, folded=folded)
    condition = match_clause(filters, today, stale_days)
    rows, page, overdue, stale = _matches_page(plan_id, filters, build, page_number, condition)
    total = _total(plan_id, filters.show_retired)
    return TreeView(rows=rows, shown=page.total, total=total, overdue=overdue, stale=stale, page=page)


def children_rows(
    item: WorkItem, sort: str, include_retired: bool, departments: dict[int, Department], today: date, stale_days: int
) -> list[Row]:
    """The rows an opened item adds to the tree: its children, each openable in turn."""
    build = _Builder(departments, today, stale_days)
    children = _items(
        select(WorkItem)
        .where(*_live(item.plan_id, include_retired), WorkItem.parent_id == item.id)
        .order_by(WorkItem.path)
    )
    line = [*ancestor_ids(item.path), item.id]
    numbers = {
        item_id: (outline_no, added)
        for item_id, outline_no, added in db.session.execute(
            select(WorkItem.id, WorkItem.outline_no, WorkItem.outline_added).where(WorkItem.id.in_(line))
        )
    }
    prefix = shown_chain(numbers[i] for i in line if i in numbers)
    lazy = _with_children([child.id for child in children], item.plan_id, include_retired)
    return _arrange(build.nodes(children, {item.id: prefix}), item.id, sort, lazy=lazy)
