"""Keeping WorkItem's derived columns (path, depth, rollup_progress) and search texts true at every flush.

Every write to work items goes through the ORM (the structure services, status updates, seeding, the demo data,
Excel import, the tests' factories), so a session flush sees each change that can move them:

- after the flush (ids are known then), a new item gets its folded search text (WorkItemSearchText), and so does
  an item whose title or mandate changed; a new item gets its path and depth, and an item whose parent or sort
  order changed has its whole subtree's paths rewritten in one UPDATE;
- then the rolled-up progress of every item whose progress, weight, retirement or place changed, and of all
  their ancestors (old and new), is recomputed bottom-up from the children: one SELECT and one UPDATE.

These are a fixed number of statements per changed item, whatever the plan's size; the rollup UPDATE leaves
`version` and `updated_at` alone, because a rollup is not an edit of the item. A Core UPDATE of work_items that
bypasses the ORM must keep the columns itself (bench/ computes whole plans with tracker.plan.hierarchy).

Concurrent writers: two sessions reporting on sibling items would each recompute the parent from what they can
read, and the later commit would overwrite the parent with a figure that misses the other's report. So before a
flush writes an item whose rollup inputs change, it locks that item and every ancestor (old and new), in id
order, so that transactions touching the same branch queue in one order instead of deadlocking; the rollups are
then recomputed from the children as committed by whoever held the locks before. PostgreSQL (READ COMMITTED) reads
committed rows at each statement; MariaDB's REPEATABLE READ would read its snapshot, so there the children are
read with a locking (current) read; SQLite has one writer at a time (tracker/core/sqlite.py).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import chain

from flask_babel import gettext as _
from sqlalchemy import String, bindparam, event, func, inspect, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from tracker.core.errors import ValidationError
from tracker.plan.hierarchy import (
    MAX_DEPTH,
    child_path,
    counted_children,
    depth_of,
    ids_on_path,
    rolled_progress,
    search_names,
    search_text,
    subtree_end,
)
from tracker.plan.models import WorkItem, WorkItemSearchText

_PLACE = ("parent_id", "parent", "sort_order")
_ROLLUP = ("progress", "weight", "retired")
_SEARCH = ("title", "mandate", "short_name")
_items = WorkItem.__table__


def _changed(item: WorkItem, names: tuple[str, ...]) -> bool:
    attrs = inspect(item).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _loaded_items(session: Session) -> list[WorkItem]:
    # Objects inserted by this flush join the identity map only after it: count them in as well.
    return [obj for obj in chain(session.identity_map.values(), session.new) if isinstance(obj, WorkItem)]


def _stored_path(session: Session, item_id: int) -> str:
    loaded = session.identity_map.get(inspect(WorkItem).identity_key_from_primary_key((item_id,)))
    if loaded is not None:
        return loaded.path
    return session.connection().execute(select(_items.c.path).where(_items.c.id == item_id)).scalar_one()


def _rewrite_subtree(session: Session, item: WorkItem, old: str, new: str) -> None:
    """The item and everything below it: the old path prefix becomes the new one."""
    shift = depth_of(new) - depth_of(old)
    session.connection().execute(
        _items.update()
        .where(_items.c.plan_id == item.plan_id, _items.c.path >= old, _items.c.path < subtree_end(old))
        .values(
            path=literal(new, String()) + func.substr(_items.c.path, len(old) + 1),
            depth=_items.c.depth + shift,
            updated_at=_items.c.updated_at,
        )
    )
    end = subtree_end(old)
    for loaded in _loaded_items(session):
        if loaded.plan_id == item.plan_id and old <= (loaded.path or "") < end:
            set_committed_value(loaded, "path", new + loaded.path[len(old) :])
            set_committed_value(loaded, "depth", loaded.depth + shift)


def _place(session: Session, items: list[WorkItem]) -> None:
    """New paths for new and moved items, parents before their children. Rewriting a subtree is a prefix
    substitution, so two moves nested in each other give the same result in either order.

    A parent placed in this flush gives its path from memory, and new items' paths are written in one UPDATE for
    the lot (sent before any subtree rewrite, which must see them): a flush of thousands of new items (a plan
    document imported) costs a fixed number of statements here, not two per item."""
    pending = {item.id: item for item in items}
    done: set[int] = set()
    new_paths: list[dict[str, object]] = []

    def write_new_paths() -> None:
        if new_paths:
            session.connection().execute(
                _items.update()
                .where(_items.c.id == bindparam("item_id"))
                .values(path=bindparam("new_path"), depth=bindparam("new_depth"), updated_at=_items.c.updated_at),
                new_paths,
            )
            new_paths.clear()

    def place(item: WorkItem) -> None:
        done.add(item.id)
        if item.parent_id in pending and item.parent_id not in done:
            place(pending[item.parent_id])
        if item.parent_id is None:
            parent_path = ""
        elif item.parent_id in pending:
            parent_path = pending[item.parent_id].path  # placed just now (new items are not in the identity map)
        else:
            parent_path = _stored_path(session, item.parent_id)
        old, new = item.path or "", child_path(parent_path, item.sort_order, item.id)
        if depth_of(new) >= MAX_DEPTH:
            raise ValidationError(_("任务层级不能超过 %(n)d 级。", n=MAX_DEPTH), field="parent_id")
        if old == new:
            return
        if old:
            write_new_paths()
            _rewrite_subtree(session, item, old, new)
        else:
            new_paths.append({"item_id": item.id, "new_path": new, "new_depth": depth_of(new)})
            set_committed_value(item, "path", new)
            set_committed_value(item, "depth", depth_of(new))

    for item in items:
        if item.id not in done:
            place(item)
    write_new_paths()


def _lock_branches(session: Session, _flush_context, _instances) -> None:
    """Before the flush writes them: lock the items whose rollup inputs change and all their ancestors."""
    if session.get_bind().dialect.name == "sqlite":  # one writer at a time already; FOR UPDATE does not exist
        return
    ids: set[int] = set()
    inserted = session.new  # built anew at each read of the property: read once, not once per item
    for item in chain(inserted, session.dirty, session.deleted):
        if not isinstance(item, WorkItem):
            continue
        new = item in inserted
        if not (new or item in session.deleted or _changed(item, _PLACE + _ROLLUP)):
            continue
        ids.update(ids_on_path(item.path or ""))  # where it is now: itself and its ancestors
        if new or _changed(item, _PLACE):  # where it goes
            parent_id = item.parent.id if item.parent is not None else item.parent_id
            if parent_id is not None:
                ids.update(ids_on_path(_stored_path(session, parent_id) or ""))
    if ids:
        session.connection().execute(
            select(_items.c.id).where(_items.c.id.in_(ids)).order_by(_items.c.id).with_for_update(key_share=True)
        )


def _roll_up(session: Session, node_ids: set[int]) -> None:
    """Recompute rollup_progress for `node_ids` (each changed item and its ancestors), deepest first."""
    if not node_ids:
        return
    query = select(
        _items.c.id,
        _items.c.parent_id,
        _items.c.progress,
        _items.c.weight,
        _items.c.retired,
        _items.c.rollup_progress,
        _items.c.depth,
    ).where(or_(_items.c.id.in_(node_ids), _items.c.parent_id.in_(node_ids)))
    if session.get_bind().dialect.name in ("mysql", "mariadb"):
        query = query.with_for_update(read=True)  # a current read: REPEATABLE READ would give the snapshot
    rows = session.connection().execute(query).all()
    by_id = {row.id: row for row in rows}
    children = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    value = {row.id: Decimal(row.rollup_progress if row.rollup_progress is not None else 0) for row in rows}
    changed: dict[int, Decimal] = {}
    for node in sorted((by_id[i] for i in node_ids if i in by_id), key=lambda row: -row.depth):
        counted = counted_children(bool(node.retired), children.get(node.id, []))
        rolled = rolled_progress((child.weight, value[child.id]) for child in counted)
        new = rolled if rolled is not None else Decimal(node.progress)
        if new != value[node.id]:
            value[node.id] = changed[node.id] = new
    if not changed:
        return
    session.connection().execute(
        _items.update()
        .where(_items.c.id == bindparam("item_id"))
        .values(rollup_progress=bindparam("rolled"), updated_at=_items.c.updated_at),
        [{"item_id": item_id, "rolled": rolled} for item_id, rolled in changed.items()],
    )
    for loaded in _loaded_items(session):
        if loaded.id in changed:
            set_committed_value(loaded, "rollup_progress", changed[loaded.id])


def _folded_texts(item: WorkItem) -> dict[str, str]:
    return {
        "text": search_text(item.title, item.mandate, item.short_name),
        "names": search_names(item.title, item.short_name),
    }


def _index_texts(session: Session, new: list[WorkItem], edited: list[WorkItem]) -> None:
    """The folded search texts of new items, and of items whose short name, title or mandate changed."""
    table = WorkItemSearchText.__table__
    if new:
        rows = [{"work_item_id": item.id, **_folded_texts(item)} for item in new]
        session.connection().execute(table.insert(), rows)
    if edited:
        session.connection().execute(
            table.update()
            .where(table.c.work_item_id == bindparam("item_id"))
            .values(text=bindparam("folded"), names=bindparam("folded_names")),
            [
                {"item_id": item.id, "folded": texts["text"], "folded_names": texts["names"]}
                for item, texts in ((item, _folded_texts(item)) for item in edited)
            ],
        )


def place_and_roll_up(session: Session, _flush_context) -> None:
    inserted = session.new  # built anew at each read of the property: read once, not once per item
    changed = [obj for obj in chain(inserted, session.dirty) if isinstance(obj, WorkItem)]
    gone = [obj for obj in session.deleted if isinstance(obj, WorkItem)]
    new = [item for item in changed if item in inserted]
    _index_texts(session, new, [item for item in changed if item not in inserted and _changed(item, _SEARCH)])
    moved = [item for item in changed if item in inserted or _changed(item, _PLACE)]
    touched = [item for item in changed if item in inserted or _changed(item, _PLACE + _ROLLUP)]
    if not touched and not gone:
        return
    # A moved item's former ancestors lose a child; read them before the paths are rewritten.
    node_ids = {i for item in chain(moved, gone) for i in ids_on_path(item.path or "")[:-1]}
    _place(session, moved)
    node_ids.update(i for item in touched for i in ids_on_path(item.path))
    node_ids.difference_update(obj.id for obj in gone)
    _roll_up(session, node_ids)


event.listen(Session, "before_flush", _lock_branches)
event.listen(Session, "after_flush", place_and_roll_up)
