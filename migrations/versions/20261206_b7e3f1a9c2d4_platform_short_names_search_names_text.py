"""platform short names; the folded search names as text

Two fixes of the issue 9 review:

- The issue seeds short names "for the four main tasks and the platforms"; the names revision (78ceaa0aa09c) gave
  the seeded Hangzhou plan's four main tasks theirs. The seed now gives each 专栏3 platform the short form an
  office says (节能减排平台, RFID平台, ...); this revision fills them in databases seeded before, in the seeded plan
  only and only where the office has set none, and folds those items' search texts again (with a frozen copy of
  tracker.plan.hierarchy's rules: a migration must not change when the app's code does).
- `work_item_search_texts.names` was a String(341) (title 300 + short name 40 + a line break), but NFKC spells
  some single characters out (㎡ → m2, ㍿ → 株式会社, ﷺ → 15 letters), so a folded title and short name can be
  many times as long, and PostgreSQL and MariaDB refused the item. It becomes Text, like `text` beside it (no
  server default: MySQL allows none on TEXT; every row is written with its value).

Downgrade makes it a String(341) again, cutting the longer folded names to 341 characters (they only rank search
results), and leaves the short names (their column belongs to an earlier revision, and the office may have
edited them since).

Revision ID: b7e3f1a9c2d4
Revises: 922051343797
Create Date: 2026-12-06 19:10:00.000000

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e3f1a9c2d4"
down_revision = "922051343797"
branch_labels = None
depends_on = None

OLD_NAMES_MAX = 341
SEEDED_PLAN = "hz-informatization-12th-fyp"
PLATFORM_SHORT_NAMES = {
    "s3.1.box3.pf1": "节能减排平台",
    "s3.1.box3.pf2": "网络协同制造平台",
    "s3.1.box3.pf3": "RFID平台",
    "s3.1.box3.pf4": "第三方支付平台",
    "s3.1.box3.pf5": "物流公共信息平台",
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
    sa.column("names", sa.Text),
)


def _search_fold(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def _names(title, short_name):
    return "\n".join(_search_fold(name) for name in (short_name, title) if name)


def _name_platforms(conn):
    """The seeded plan's platforms without a short name get the seed's; their search texts are folded again."""
    plan_id = conn.execute(sa.select(plans.c.id).where(plans.c.code == SEEDED_PLAN)).scalar()
    if plan_id is None:
        return
    named = []
    for key, short_name in PLATFORM_SHORT_NAMES.items():
        unnamed = sa.and_(work_items.c.plan_id == plan_id, work_items.c.seed_key == key, work_items.c.short_name == "")
        item_id = conn.execute(sa.select(work_items.c.id).where(unnamed)).scalar()
        if item_id is not None:
            conn.execute(work_items.update().where(work_items.c.id == item_id).values(short_name=short_name))
            named.append(item_id)
    rows = conn.execute(
        sa.select(work_items.c.id, work_items.c.title, work_items.c.short_name, work_items.c.mandate).where(
            work_items.c.id.in_(named)
        )
    ).all()
    for item_id, title, short_name, mandate in rows:
        names = _names(title or "", short_name or "")
        conn.execute(
            search_texts.update()
            .where(search_texts.c.work_item_id == item_id)
            .values(text=f"{names}\n{_search_fold(mandate or '')}", names=names)
        )


def upgrade():
    with op.batch_alter_table("work_item_search_texts", schema=None) as batch_op:
        batch_op.alter_column(
            "names",
            existing_type=sa.String(length=OLD_NAMES_MAX),
            type_=sa.Text(),
            existing_nullable=False,
            existing_server_default="",
            server_default=None,
        )
    _name_platforms(op.get_bind())


def downgrade():
    # length() counts bytes on MariaDB (characters elsewhere): it may pick a few more rows, which substr (characters
    # everywhere) leaves as they are.
    op.execute(
        search_texts.update()
        .where(sa.func.length(search_texts.c.names) > OLD_NAMES_MAX)
        .values(names=sa.func.substr(search_texts.c.names, 1, OLD_NAMES_MAX))
    )
    with op.batch_alter_table("work_item_search_texts", schema=None) as batch_op:
        batch_op.alter_column(
            "names",
            existing_type=sa.Text(),
            type_=sa.String(length=OLD_NAMES_MAX),
            existing_nullable=False,
            server_default="",
        )
