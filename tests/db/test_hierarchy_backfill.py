"""The hierarchy revision fills path, depth, rollup and search text for the work items that already exist."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from alembic import command
from sqlalchemy import Boolean, DateTime, Integer, Numeric, String, column, insert, select, table

from tracker.extensions import db
from tracker.plan.hierarchy import Link, place_all, search_text
from tracker.plan.models import Plan, WorkItem, WorkItemSearchText

BEFORE = "60ae7353e764"
# The table as the earlier revision left it (the model's column defaults would name the new columns).
OLD_ITEMS = table(
    "work_items",
    *(column(name, Integer) for name in ("id", "plan_id", "parent_id", "sort_order", "progress", "version")),
    *(column(name, String) for name in ("kind", "outline_no", "title", "mandate", "status")),
    column("weight", Numeric(6, 2)),
    column("retired", Boolean),
    column("created_at", DateTime),
    column("updated_at", DateTime),
)
# (id, parent, sort order, progress, weight, retired, title)
ROWS = [
    (1, None, 2, 0, "1", False, "主要任务"),
    (2, 1, 1, 40, "3", False, "推进ＩＰｖ６改造"),
    (3, 2, 1, 20, "1", False, "建设政务云平台"),
    (4, 2, 1, 100, "1", False, "完善门户网站"),
    (5, 1, 2, 50, "1", False, "发展信息产业"),
    (6, 5, 1, 90, "2", True, "已撤销的子任务"),
    (7, None, 1, 10, "1", False, "指导思想"),
]


def test_existing_items_are_placed_and_rolled_up(fresh_app, alembic_config):
    command.upgrade(alembic_config, BEFORE)
    now = datetime(2011, 1, 1)
    with db.engine.begin() as conn:
        conn.execute(
            insert(Plan.__table__).values(
                id=1, code="p", title="规划", start_year=2011, end_year=2015, source="", preamble="",
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
        for item_id, parent, order, progress, weight, retired, title in ROWS:
            conn.execute(
                insert(OLD_ITEMS).values(
                    id=item_id, plan_id=1, parent_id=parent, kind="task", outline_no="", title=title, mandate="",
                    sort_order=order, status="in_progress", progress=progress, weight=Decimal(weight),
                    retired=retired, version=1, created_at=now, updated_at=now,
                )
            )  # fmt: skip
    db.engine.dispose()

    command.upgrade(alembic_config, "head")

    expected = place_all(Link(i, p, o, g, Decimal(w), r) for i, p, o, g, w, r, _ in ROWS)
    with db.engine.connect() as conn:
        stored = {
            row.id: row
            for row in conn.execute(
                select(WorkItem.id, WorkItem.path, WorkItem.depth, WorkItem.rollup_progress, WorkItemSearchText.text)
                .join(WorkItemSearchText, WorkItemSearchText.work_item_id == WorkItem.id)
                .order_by(WorkItem.path)
            )
        }
    assert list(stored) == [7, 1, 2, 3, 4, 5, 6]  # plan order: sort order among siblings, then id
    for item_id, placement in expected.items():
        row = stored[item_id]
        assert (row.path, row.depth, row.rollup_progress) == (
            placement.path,
            placement.depth,
            placement.rollup_progress,
        )
    assert stored[2].rollup_progress == Decimal("60.0")  # mean of 20 and 100
    assert stored[5].rollup_progress == Decimal("50")  # its only child is retired: its own progress
    assert stored[1].rollup_progress == Decimal("57.5")  # (3 * 60 + 1 * 50) / 4
    assert stored[2].text == search_text("推进ＩＰｖ６改造", "") == "推进ipv6改造\n"
