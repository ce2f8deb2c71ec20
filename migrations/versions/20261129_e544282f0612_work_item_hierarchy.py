"""work item hierarchy columns

The plan tree and item pages read subtrees with an indexed range instead of
loading the whole plan: work_items gains a materialized path (fixed-width
(sort order, id) digit segments from the root), its depth and the progress
rolled up from the live children, and an index covering the overdue and stale
counts of a whole plan; work_item_search_texts holds each item's title and
mandate folded for search (a narrow table, so a search scans only them).
tracker.plan.hierarchy_sync keeps them at every flush; this revision fills
them for the rows that exist, with a frozen copy of tracker.plan.hierarchy's
rules (a migration must not change when the app's code does).

Revision ID: e544282f0612
Revises: 60ae7353e764
Create Date: 2026-11-29 18:20:00.000000

"""

import unicodedata
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e544282f0612"
down_revision = "60ae7353e764"
branch_labels = None
depends_on = None

PATH_MAX = 540
SORT_WIDTH, ID_WIDTH = 8, 10
TENTH = Decimal("0.1")

work_items = sa.table(
    "work_items",
    sa.column("id", sa.Integer),
    sa.column("parent_id", sa.Integer),
    sa.column("sort_order", sa.Integer),
    sa.column("progress", sa.Integer),
    sa.column("weight", sa.Numeric(6, 2)),
    sa.column("retired", sa.Boolean),
    sa.column("title", sa.String),
    sa.column("mandate", sa.Text),
    sa.column("path", sa.String),
    sa.column("depth", sa.Integer),
    sa.column("rollup_progress", sa.Numeric(4, 1)),
)
search_texts = sa.table("work_item_search_texts", sa.column("work_item_id", sa.Integer), sa.column("text", sa.Text))


def _segment(sort_order, item_id):
    return f"{min(max(sort_order or 0, 0), 10**SORT_WIDTH - 1):0{SORT_WIDTH}d}{item_id:0{ID_WIDTH}d}"


def _rolled(pairs):
    if not pairs:
        return None
    total = sum((weight for weight, _ in pairs), Decimal(0))
    if total > 0:
        mean = sum((weight * progress for weight, progress in pairs), Decimal(0)) / total
    else:
        mean = sum((progress for _, progress in pairs), Decimal(0)) / len(pairs)
    return mean.quantize(TENTH, ROUND_HALF_UP)


def _fill() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            work_items.c.id,
            work_items.c.parent_id,
            work_items.c.sort_order,
            work_items.c.progress,
            work_items.c.weight,
            work_items.c.retired,
            work_items.c.title,
            work_items.c.mandate,
        )
    ).all()
    by_id = {row.id: row for row in rows}
    children = defaultdict(list)
    for row in rows:
        children[row.parent_id if row.parent_id in by_id else None].append(row)
    for siblings in children.values():
        siblings.sort(key=lambda row: (row.sort_order or 0, row.id))
    values = {}

    def place(row, parent_path):
        path = parent_path + _segment(row.sort_order, row.id)
        values[row.id] = {"path": path, "depth": len(path) // (SORT_WIDTH + ID_WIDTH) - 1}
        below = [(child, place(child, path)) for child in children.get(row.id, []) if child.id not in values]
        counted = [(Decimal(c.weight), p) for c, p in below if row.retired or not c.retired]
        rolled = _rolled(counted)
        values[row.id]["rollup"] = rolled if rolled is not None else Decimal(row.progress)
        return values[row.id]["rollup"]

    for root in children.get(None, []):
        place(root, "")
    while len(values) < len(by_id):  # a cycle in bad data: break it at its smallest id
        place(by_id[min(i for i in by_id if i not in values)], "")
    if not values:
        return
    connection.execute(
        work_items.update()
        .where(work_items.c.id == sa.bindparam("item_id"))
        .values(
            path=sa.bindparam("new_path"),
            depth=sa.bindparam("new_depth"),
            rollup_progress=sa.bindparam("rolled"),
        ),
        [
            {"item_id": item_id, "new_path": value["path"], "new_depth": value["depth"], "rolled": value["rollup"]}
            for item_id, value in values.items()
        ],
    )
    connection.execute(
        search_texts.insert(),
        [
            {
                "work_item_id": row.id,
                "text": unicodedata.normalize("NFKC", f"{row.title or ''}\n{row.mandate or ''}").casefold(),
            }
            for row in rows
        ],
    )


def upgrade():
    # Added with server defaults so existing rows are valid, filled, then the defaults are dropped: the app
    # always writes these columns itself.
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("path", sa.String(length=PATH_MAX), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("depth", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("rollup_progress", sa.Numeric(precision=4, scale=1), nullable=False, server_default="0")
        )
    op.create_table(
        "work_item_search_texts",
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_item_id"],
            ["work_items.id"],
            name=op.f("fk_work_item_search_texts_work_item_id_work_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("work_item_id", name=op.f("pk_work_item_search_texts")),
    )
    _fill()
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.alter_column("path", server_default=None, existing_type=sa.String(length=PATH_MAX))
        batch_op.alter_column("depth", server_default=None, existing_type=sa.Integer())
        batch_op.alter_column("rollup_progress", server_default=None, existing_type=sa.Numeric(precision=4, scale=1))
        batch_op.create_index("ix_work_items_plan_depth", ["plan_id", "depth", "path"], unique=False)
        batch_op.create_index("ix_work_items_plan_path", ["plan_id", "path"], unique=False)
        batch_op.create_index(
            "ix_work_items_clocks",
            ["plan_id", "retired", "status", "due_date", "start_date", "last_update_at", "created_at"],
            unique=False,
        )


def downgrade():
    op.drop_table("work_item_search_texts")
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.drop_index("ix_work_items_clocks")
        batch_op.drop_index("ix_work_items_plan_path")
        batch_op.drop_index("ix_work_items_plan_depth")
        batch_op.drop_column("rollup_progress")
        batch_op.drop_column("depth")
        batch_op.drop_column("path")
