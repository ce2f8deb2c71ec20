"""Where a work item sits in its plan, as data a database can index: the materialized path, and the rollup rule.

A path is the chain of (sort order, id) pairs from the root down to the item, each written as a fixed-width run
of digits. Ordering rows by path is plan order (siblings by sort order, then id, as the tree shows them), and an
item's subtree is one indexed range: every path from the item's own up to (not including) the same digits plus
one. Only ASCII digits are used, so every collation of the three databases orders paths exactly as Python does;
no LIKE (whose index use depends on the collation) is needed.

Everything here is pure: the columns (and the search texts) are kept up to date by tracker.plan.hierarchy_sync,
and bench/ and the migration compute whole plans with the same rules.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

SORT_WIDTH = 8
ID_WIDTH = 10  # ids up to 2**31 - 1
SEGMENT = SORT_WIDTH + ID_WIDTH
MAX_DEPTH = 30  # far beyond any plan's outline; bounded so the path column can be indexed on every database
PATH_MAX = SEGMENT * MAX_DEPTH
_SORT_LIMIT = 10**SORT_WIDTH - 1
TENTH = Decimal("0.1")
ZERO = Decimal(0)


def segment(sort_order: int | None, item_id: int) -> str:
    # A sort order outside the width is clamped: such siblings then fall back to id order among themselves.
    return f"{min(max(sort_order or 0, 0), _SORT_LIMIT):0{SORT_WIDTH}d}{item_id:0{ID_WIDTH}d}"


def child_path(parent_path: str | None, sort_order: int | None, item_id: int) -> str:
    return (parent_path or "") + segment(sort_order, item_id)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT - 1


def ids_on_path(path: str) -> list[int]:
    """The ids from the root down to the item itself."""
    return [int(path[start + SORT_WIDTH : start + SEGMENT]) for start in range(0, len(path), SEGMENT)]


def ancestor_ids(path: str) -> list[int]:
    """Root first, without the item itself."""
    return ids_on_path(path)[:-1]


def subtree_end(path: str) -> str:
    """The first path after the subtree of `path`: the subtree is `path <= p < subtree_end(path)`."""
    return str(int(path) + 1).zfill(len(path))


def fold(text: str) -> str:
    """Full-width Latin and digits as half-width, Latin case ignored; Chinese is unchanged."""
    return unicodedata.normalize("NFKC", text).casefold()


def search_fold(text: str) -> str:
    """What a search compares, for the stored texts and the query alike: folded (`fold`), without punctuation
    (quotation marks of either width, 、，。 and the rest) or spaces, so that “两化”融合, "两化"融合 and 两化融合 are
    the same words."""
    return "".join(ch for ch in fold(text) if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def search_names(title: str | None, short_name: str | None = "") -> str:
    """The names an item is known by, folded for search: its short name and its title, one a line. A match here
    ranks above a match in the mandate only."""
    return "\n".join(search_fold(name) for name in (short_name, title) if name)


def search_text(title: str | None, mandate: str | None, short_name: str | None = "") -> str:
    """What a search matches: the short name, the title and the mandate, each folded (`search_fold`), one a line
    (a query holds no line break, so it never matches across two of them)."""
    return f"{search_names(title, short_name)}\n{search_fold(mandate or '')}"


def rolled_progress(children: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """A parent's progress from its children's (weight, progress): the weighted mean, or the plain mean when the
    weights add up to zero, to one decimal (half up). None without children: the item's own progress counts."""
    pairs = [(Decimal(weight), Decimal(progress)) for weight, progress in children]
    if not pairs:
        return None
    total_weight = sum((weight for weight, _ in pairs), ZERO)
    if total_weight > 0:
        mean = sum((weight * progress for weight, progress in pairs), ZERO) / total_weight
    else:
        mean = sum((progress for _, progress in pairs), ZERO) / len(pairs)
    return mean.quantize(TENTH, ROUND_HALF_UP)


@dataclass
class Placement:
    path: str
    depth: int
    rollup_progress: Decimal


@dataclass
class Link:
    """What placing one item needs to know about it."""

    id: int
    parent_id: int | None
    sort_order: int
    progress: int
    weight: Decimal
    retired: bool


class _Retirable(Protocol):
    @property
    def retired(self) -> bool: ...


R = TypeVar("R", bound=_Retirable)


def counted_children(parent_retired: bool, children: list[R]) -> list[R]:
    """The children whose progress counts: the live ones; a retired item (shown only with retired work) counts
    all of its children, which were retired with it."""
    return children if parent_retired else [child for child in children if not child.retired]


def place_all(links: Iterable[Link]) -> dict[int, Placement]:
    """Paths, depths and rolled-up progress for a whole plan in one pass. An item whose parent is missing (or that
    sits in a cycle, which bad data could hold) is placed at the top level rather than lost."""
    by_id = {link.id: link for link in links}
    children: dict[int | None, list[Link]] = defaultdict(list)
    for link in by_id.values():
        children[link.parent_id if link.parent_id in by_id else None].append(link)
    for siblings in children.values():
        siblings.sort(key=lambda link: (link.sort_order, link.id))
    placements: dict[int, Placement] = {}

    def place(link: Link, parent_path: str) -> Decimal:
        path = child_path(parent_path, link.sort_order, link.id)
        if depth_of(path) >= MAX_DEPTH:
            raise ValueError(f"work item {link.id} is nested deeper than {MAX_DEPTH} levels")
        placement = Placement(path, depth_of(path), Decimal(link.progress))
        placements[link.id] = placement
        # An already placed child is the way back round a cycle: it is not a child here.
        below = [(child, place(child, path)) for child in children.get(link.id, []) if child.id not in placements]
        counted = {child.id for child in counted_children(link.retired, [child for child, _ in below])}
        rolled = rolled_progress((child.weight, progress) for child, progress in below if child.id in counted)
        if rolled is not None:
            placement.rollup_progress = rolled
        return placement.rollup_progress

    for root in children.get(None, []):
        place(root, "")
    # Items reachable from no root are in a cycle: break it at its smallest id.
    while len(placements) < len(by_id):
        stray = min(item_id for item_id in by_id if item_id not in placements)
        place(by_id[stray], "")
    return placements
