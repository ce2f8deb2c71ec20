"""The tree page's filters and sorting: read from the URL, and applied either as SQL (match_clause, sql_order:
the tree page, tracker.plan.tree_page) or in Python to a loaded PlanTree (apply_filters: the Excel export, which
needs every row). Both match the same items.

Filters come from the URL so that a view can be bookmarked. A value that makes no sense (an unknown status,
a department that is not a number) is dropped with a notice instead of failing the page. Matching items are
shown with their ancestors, which are greyed, so the hierarchy stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, case, select, true
from sqlalchemy.orm import InstrumentedAttribute

from tracker.core.paging import Page
from tracker.core.params import FilterArgs, flag_on
from tracker.core.statuses import STATUS_VALUES, Status
from tracker.org.assignment import AssignmentSource, is_default
from tracker.org.models import Department
from tracker.plan.hierarchy import search_fold, search_text
from tracker.plan.models import ItemKind, WorkItem, WorkItemSearchText, work_item_supporting_departments
from tracker.plan.rules import is_open, on_time_clause, overdue_clause, stale_clause
from tracker.plan.tree import Node, PlanTree

QUERY_MAX = 100
SORTS = ("plan", "due", "progress", "status")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Most urgent first when sorting by status.
_STATUS_RANK = {
    status: rank
    for rank, status in enumerate(
        (Status.DELAYED, Status.AT_RISK, Status.IN_PROGRESS, Status.NOT_STARTED, Status.SUSPENDED, Status.COMPLETED)
    )
}


@dataclass
class TreeFilters:
    department_id: int | None = None
    lead_only: bool = False  # with a department: only the items it leads, not those it supports
    status: str | None = None
    kind: str | None = None
    overdue: bool = False
    on_time: bool = False  # open (not completed or suspended) and not overdue: the dashboard's 在办未逾期
    stale: bool = False
    default_only: bool = False  # departments that are the office's default, not yet confirmed (tracker.org.assignment)
    query: str = ""
    sort: str = "plan"
    show_retired: bool = False
    notices: list[str] = field(default_factory=list)


def wants_retired(args: Mapping[str, str]) -> bool:
    """Read before the tree is loaded: retired items are loaded only when asked for."""
    return flag_on(args.get("retired"))


def parse_filters(args: Mapping[str, str], departments: Mapping[int, Department]) -> TreeFilters:
    """Read the URL's filters; every invalid value is ignored with a notice."""
    read = FilterArgs(args)
    filters = TreeFilters(
        department_id=read.id_in("department", departments, _("未找到所选部门，部门筛选已忽略。")),
        status=read.choice("status", STATUS_VALUES, _("未知的状态，状态筛选已忽略。")),
        kind=read.choice("kind", tuple(ItemKind), _("未知的类型，类型筛选已忽略。")),
        lead_only=read.flag("lead", _("仅牵头")),
        overdue=read.flag("overdue", _("仅逾期")),
        on_time=read.flag("on_time", _("仅在办未逾期")),
        stale=read.flag("stale", _("仅久未更新")),
        default_only=read.flag("default", _("仅默认分工")),
        show_retired=read.flag("retired", _("显示已撤销")),
        notices=read.notices,
    )
    raw_query = _CONTROL.sub("", args.get("q") or "").strip()
    if len(raw_query) > QUERY_MAX:
        filters.notices.append(_("搜索词过长，只按前 %(n)d 个字符搜索。", n=QUERY_MAX))
        raw_query = raw_query[:QUERY_MAX]
    if raw_query and not search_fold(raw_query):
        filters.notices.append(_("搜索词只有标点或空格，已忽略。"))
        raw_query = ""
    filters.query = raw_query
    raw_sort = (args.get("sort") or "plan").strip()
    if raw_sort in SORTS:
        filters.sort = raw_sort
    else:
        filters.notices.append(_("未知的排序方式，已按规划顺序排列。"))
    return filters


def _folded(text: str) -> str:
    """As the search texts are folded: half-width, Latin case ignored, no punctuation or spaces."""
    return search_fold(text)


def is_filtered(filters: TreeFilters) -> bool:
    """Whether the view narrows the plan to matches (show_retired and sort only widen or reorder it)."""
    return bool(
        filters.department_id is not None
        or filters.status
        or filters.kind
        or filters.overdue
        or filters.on_time
        or filters.stale
        or filters.default_only
        or filters.query
    )


def involves_department(department_id: int, lead_only: bool = False) -> ColumnElement[bool]:
    """The department filter as SQL over work_items: the items the department leads or (unless `lead_only`)
    supports. A department's export, summary and history read the same items through it."""
    led = select(WorkItem.id).where(WorkItem.lead_department_id == department_id)
    involved: Select[int] | CompoundSelect[int] = led
    if not lead_only:
        # A UNION of two indexed look-ups rather than an OR, which would read every row.
        involved = led.union(
            select(work_item_supporting_departments.c.work_item_id).where(
                work_item_supporting_departments.c.department_id == department_id
            )
        )
    return WorkItem.id.in_(involved)


def match_clause(filters: TreeFilters, today: date, stale_days: int) -> ColumnElement[bool]:
    """The same matching as _matches, as SQL over work_items (a search reads the folded WorkItemSearchText)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.department_id is not None:
        conditions.append(involves_department(filters.department_id, filters.lead_only))
    if filters.status is not None:
        conditions.append(WorkItem.status == filters.status)
    if filters.kind is not None:
        conditions.append(WorkItem.kind == filters.kind)
    if filters.overdue:
        conditions.append(overdue_clause(WorkItem, today))
    if filters.on_time:
        conditions.append(on_time_clause(WorkItem, today))
    if filters.stale:
        conditions.append(stale_clause(WorkItem, today, stale_days))
    if filters.default_only:
        conditions.append(WorkItem.assignment_source == AssignmentSource.DEFAULT)
    if filters.query:
        found = select(WorkItemSearchText.work_item_id).where(
            WorkItemSearchText.text.contains(_folded(filters.query), autoescape=True)
        )
        conditions.append(WorkItem.id.in_(found))
    return and_(true(), *conditions)


def sql_order(sort: str, query: str = "") -> list[ColumnElement[Any] | InstrumentedAttribute[Any]]:
    """ORDER BY for the matches of a paginated view, plan order breaking ties (as sibling_sort_key does in Python).
    A search in plan order puts the items whose short name or title matches first (the main task 两化融合 before
    the paragraphs that only mention it), so they are on the first page however many mandates match."""
    keys: list[ColumnElement[Any] | InstrumentedAttribute[Any]]
    if sort == "plan" and query:
        named = select(WorkItemSearchText.work_item_id).where(
            WorkItemSearchText.names.contains(_folded(query), autoescape=True)
        )
        keys = [case((WorkItem.id.in_(named), 0), else_=1)]
    elif sort == "due":
        keys = [WorkItem.due_date.is_(None), WorkItem.due_date]
    elif sort == "progress":
        keys = [WorkItem.rollup_progress]
    elif sort == "status":
        keys = [case(_STATUS_RANK, value=WorkItem.status, else_=len(_STATUS_RANK))]
    else:
        keys = []
    return [*keys, WorkItem.path]


def _involves(node: Node, department_id: int, lead_only: bool) -> bool:
    """The department leads the item, or (unless `lead_only`) supports it."""
    if node.item.lead_department_id == department_id:
        return True
    return not lead_only and any(d.id == department_id for d in node.supporting)


def _matches(node: Node, filters: TreeFilters, needle: str) -> bool:
    item = node.item
    if filters.department_id is not None and not _involves(node, filters.department_id, filters.lead_only):
        return False
    if filters.status is not None and item.status != filters.status:
        return False
    if filters.kind is not None and item.kind != filters.kind:
        return False
    if filters.overdue and not node.overdue:
        return False
    if filters.on_time and (not is_open(item.status) or node.overdue):
        return False
    if filters.stale and not node.stale:
        return False
    if filters.default_only and not is_default(item.assignment_source):
        return False
    return not needle or needle in search_text(item.title, item.mandate, item.short_name)


def sibling_sort_key(sort: str):
    """How siblings are ordered for `sort` (None: plan order); the tree keeps its hierarchy whatever the order."""
    if sort == "due":
        return lambda node: (node.item.due_date is None, node.item.due_date or date.max)
    if sort == "progress":
        return lambda node: node.progress
    if sort == "status":
        return lambda node: _STATUS_RANK.get(node.item.status, len(_STATUS_RANK))
    return None


@dataclass
class Row:
    node: Node
    matched: bool  # False: shown only as the ancestor of a match (greyed)
    parent_id: int | None
    has_children: bool
    lazy: bool = False  # its children are not on the page: opening it loads them (plan.children)


@dataclass
class TreeView:
    rows: list[Row]
    shown: int  # matching items
    total: int  # items in the tree
    overdue: int  # among the matches
    stale: int
    page: Page | None = None  # a filtered view shows its matches a page at a time
    folded: bool = False  # deeper levels are left out and load on demand


def apply_filters(tree: PlanTree, filters: TreeFilters) -> TreeView:
    needle = _folded(filters.query)
    matched = {node.id for node in tree.walk() if _matches(node, filters, needle)}
    visible = set(matched)
    for node_id in matched:
        # Stop at a node already visible: its own ancestors are (or will be) added through it.
        parent_id = tree.by_id[node_id].item.parent_id
        while parent_id in tree.by_id and parent_id not in visible:
            visible.add(parent_id)
            parent_id = tree.by_id[parent_id].item.parent_id
    key = sibling_sort_key(filters.sort)
    rows: list[Row] = []

    def emit(nodes: list[Node], parent_id: int | None) -> None:
        # Python's sort is stable: equal keys keep plan order.
        ordered = sorted(nodes, key=key) if key else nodes
        for node in ordered:
            if node.id not in visible:
                continue
            children = [child for child in node.children if child.id in visible]
            rows.append(Row(node, node.id in matched, parent_id, bool(children)))
            emit(children, node.id)

    emit(tree.roots, None)
    shown = [row.node for row in rows if row.matched]
    return TreeView(
        rows=rows,
        shown=len(shown),
        total=len(tree.by_id),
        overdue=sum(1 for node in shown if node.overdue),
        stale=sum(1 for node in shown if node.stale),
    )
