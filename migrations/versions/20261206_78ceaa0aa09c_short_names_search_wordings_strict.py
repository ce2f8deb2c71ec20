"""short names in search, both wordings of an indicator, strict comparators

Issue 9, the names people use: a search for 两化融合 must find the main task
whose title reads “两化”深度融合, so the folded search text now holds the item's
short name as well as its title and mandate, without punctuation or spaces
(“两化”融合 = 两化融合), and a new column `names` (short name and title only)
lets a match of a name rank above a match in a mandate. This revision re-folds
every existing item with a frozen copy of tracker.plan.hierarchy's rules (a
migration must not change when the app's code does), after giving the seeded
Hangzhou plan's four main tasks the short names its seed gives new databases
(only where the office has not set one).

The indicator register keeps both wordings where the document's table (专栏2)
and its text name a target differently (table_wording, text_wording,
wordings_differ: shown as 表文表述不一致), and the comparators gain "gt"
(超过: strictly more) and "lt" (低于: strictly less). Loading the seed again
(flask seed plan) fills the wordings and sets the 超过 targets to "gt".

Downgrade turns gt/lt back into ge/le (the nearest the older schema can say),
drops the new columns and folds the search texts the older way.

Revision ID: 78ceaa0aa09c
Revises: 5d0c7e1f9a2b
Create Date: 2026-12-06 18:20:00.000000

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "78ceaa0aa09c"
down_revision = "5d0c7e1f9a2b"
branch_labels = None
depends_on = None

NAMES_MAX = 341
SEEDED_PLAN = "hz-informatization-12th-fyp"
SEEDED_SHORT_NAMES = {
    "s3.1.t1": "两化融合",
    "s3.1.t2": "服务业信息化",
    "s3.1.t3": "数字兴农",
    "s3.1.t4": "电子商务之都",
}

plans = sa.table("plans", sa.column("id", sa.Integer), sa.column("code", sa.String))
work_items = sa.table(
    "work_items",
    sa.column("id", sa.Integer),
    sa.column("plan_id", sa.Integer),
    sa.column("seed_key", sa.String),
    sa.column("title", sa.String),
    sa.column("short_name", sa.String),
    sa.column("mandate", sa.Text),
)
search_texts = sa.table(
    "work_item_search_texts",
    sa.column("work_item_id", sa.Integer),
    sa.column("text", sa.Text),
    sa.column("names", sa.String),
)


def _fold(text):
    return unicodedata.normalize("NFKC", text).casefold()


def _search_fold(text):
    return "".join(ch for ch in _fold(text) if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def _names(title, short_name):
    return "\n".join(_search_fold(name) for name in (short_name, title) if name)


def _refold(conn, fold_item):
    """Rewrite every item's search texts with `fold_item(title, short_name, mandate)` -> {column: text}."""
    rows = conn.execute(sa.select(work_items.c.id, work_items.c.title, work_items.c.short_name, work_items.c.mandate))
    values = [
        {"item_id": item_id, **fold_item(title or "", short_name or "", mandate or "")}
        for item_id, title, short_name, mandate in rows
    ]
    if values:
        columns = [name for name in values[0] if name != "item_id"]
        conn.execute(
            search_texts.update()
            .where(search_texts.c.work_item_id == sa.bindparam("item_id"))
            .values({name: sa.bindparam(name) for name in columns}),
            values,
        )


def upgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("table_wording", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(sa.Column("text_wording", sa.String(length=500), server_default="", nullable=False))
        batch_op.add_column(sa.Column("wordings_differ", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint(op.f("ck_indicators_comparator"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_indicators_comparator"), sa.text("comparator IN ('ge', 'gt', 'le', 'lt', 'eq')")
        )
    with op.batch_alter_table("work_item_search_texts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.String(length=NAMES_MAX), server_default="", nullable=False))

    conn = op.get_bind()
    plan_id = conn.execute(sa.select(plans.c.id).where(plans.c.code == SEEDED_PLAN)).scalar()
    if plan_id is not None:
        for key, short_name in SEEDED_SHORT_NAMES.items():
            conn.execute(
                work_items.update()
                .where(work_items.c.plan_id == plan_id, work_items.c.seed_key == key, work_items.c.short_name == "")
                .values(short_name=short_name)
            )
    _refold(
        conn,
        lambda title, short_name, mandate: {
            "text": f"{_names(title, short_name)}\n{_search_fold(mandate)}",
            "names": _names(title, short_name),
        },
    )


def downgrade():
    conn = op.get_bind()
    _refold(conn, lambda title, _short_name, mandate: {"text": _fold(f"{title}\n{mandate}")})
    indicators = sa.table("indicators", sa.column("comparator", sa.String))
    for strict, inclusive in (("gt", "ge"), ("lt", "le")):
        conn.execute(indicators.update().where(indicators.c.comparator == strict).values(comparator=inclusive))
    with op.batch_alter_table("work_item_search_texts", schema=None) as batch_op:
        batch_op.drop_column("names")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_indicators_comparator"), type_="check")
        batch_op.create_check_constraint(op.f("ck_indicators_comparator"), sa.text("comparator IN ('ge', 'le', 'eq')"))
        batch_op.drop_column("wordings_differ")
        batch_op.drop_column("text_wording")
        batch_op.drop_column("table_wording")
