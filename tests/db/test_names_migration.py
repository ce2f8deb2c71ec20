"""The short-names revision (issue 9, point 4) on a database that already holds the seeded plan: the four main
tasks get their short names unless the office set one, every search text is folded again (short name, no
punctuation) with the names column filled, and its downgrade folds them the older way and turns the strict
comparators back into the inclusive ones."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from alembic import command
from sqlalchemy import Boolean, DateTime, Integer, Numeric, String, Text, column, insert, select, table

from tracker.extensions import db
from tracker.plan.hierarchy import search_names, search_text

BEFORE = "5d0c7e1f9a2b"  # the revision just before the short-names one
NOW = datetime(2011, 1, 1)

PLANS = table(
    "plans",
    *(column(name, String) for name in ("code", "title", "source", "preamble")),
    *(column(name, Integer) for name in ("id", "start_year", "end_year")),
    column("created_at", DateTime),
    column("updated_at", DateTime),
)
ITEMS = table(
    "work_items",
    *(column(name, Integer) for name in ("id", "plan_id", "sort_order", "progress", "version", "depth")),
    *(column(name, String) for name in ("kind", "outline_no", "title", "mandate", "status", "seed_key")),
    *(column(name, String) for name in ("short_name", "path")),
    column("weight", Numeric(6, 2)),
    column("rollup_progress", Numeric(4, 1)),
    column("retired", Boolean),
    column("created_at", DateTime),
    column("updated_at", DateTime),
)
OLD_TEXTS = table("work_item_search_texts", column("work_item_id", Integer), column("text", Text))
TEXTS = table("work_item_search_texts", column("work_item_id", Integer), column("text", Text), column("names", String))
INDICATORS = table(
    "indicators",
    *(column(name, Integer) for name in ("id", "plan_id", "target_year", "sort_order")),
    *(column(name, String) for name in ("code", "name", "unit", "comparator", "source_text")),
    column("target_value", Numeric(18, 4)),
    column("created_at", DateTime),
    column("updated_at", DateTime),
)
# (id, plan, seed key, title, short name as stored before, mandate)
ROWS = [
    (1, 1, "s3.1.t1", "以工业信息化为重点推动“两化”深度融合", "", "推进“两化”深度融合。"),
    (2, 1, "s3.1.t3", "以信息化促进高效生态农业发展", "生态农业", "完善“数字兴农”工程。"),
    (3, 1, "s3.1.t4", "深化“中国电子商务之都”建设", "", ""),
    (4, 2, "s3.1.t1", "另一规划的同名任务", "", ""),  # another plan: not the seeded one, left alone
]


def _old_fold(title: str, mandate: str) -> str:
    return unicodedata.normalize("NFKC", f"{title}\n{mandate}").casefold()


def _texts(conn) -> dict[int, str]:
    return dict(conn.execute(select(OLD_TEXTS.c.work_item_id, OLD_TEXTS.c.text)).all())


def test_upgrade_names_the_seeded_tasks_and_refolds_every_search_text(fresh_app, alembic_config):
    command.upgrade(alembic_config, BEFORE)
    with db.engine.begin() as conn:
        for plan_id, code in ((1, "hz-informatization-12th-fyp"), (2, "next-plan")):
            conn.execute(
                insert(PLANS).values(
                    id=plan_id, code=code, title="规划", start_year=2011, end_year=2015, source="", preamble="",
                    created_at=NOW, updated_at=NOW,
                )
            )  # fmt: skip
        for item_id, plan_id, key, title, short_name, mandate in ROWS:
            conn.execute(
                insert(ITEMS).values(
                    id=item_id, plan_id=plan_id, seed_key=key, kind="task", outline_no="", title=title,
                    short_name=short_name, mandate=mandate, sort_order=item_id, status="not_started", progress=0,
                    weight=1, retired=False, version=1, path=f"{item_id:018d}", depth=0, rollup_progress=0,
                    created_at=NOW, updated_at=NOW,
                )
            )  # fmt: skip
            conn.execute(insert(OLD_TEXTS).values(work_item_id=item_id, text=_old_fold(title, mandate)))
        for indicator_id, comparator in ((1, "ge"), (2, "le")):
            conn.execute(
                insert(INDICATORS).values(
                    id=indicator_id, plan_id=1, code=f"i{indicator_id}", name="指标", unit="%", target_year=2015,
                    target_value=90, comparator=comparator, source_text="", sort_order=indicator_id,
                    created_at=NOW, updated_at=NOW,
                )
            )  # fmt: skip
    db.engine.dispose()

    command.upgrade(alembic_config, "head")
    expected_names = {1: "两化融合", 2: "生态农业", 3: "电子商务之都", 4: ""}
    with db.engine.connect() as conn:
        assert dict(conn.execute(select(ITEMS.c.id, ITEMS.c.short_name)).all()) == expected_names
        stored = {row.work_item_id: (row.text, row.names) for row in conn.execute(select(TEXTS))}
    for item_id, _plan, _key, title, _short, mandate in ROWS:
        short_name = expected_names[item_id]
        assert stored[item_id] == (search_text(title, mandate, short_name), search_names(title, short_name))
    assert stored[1] == (
        "两化融合\n以工业信息化为重点推动两化深度融合\n推进两化深度融合",
        "两化融合\n以工业信息化为重点推动两化深度融合",
    )

    with db.engine.begin() as conn:
        conn.execute(INDICATORS.update().where(INDICATORS.c.id == 1).values(comparator="gt"))
        conn.execute(INDICATORS.update().where(INDICATORS.c.id == 2).values(comparator="lt"))
    db.engine.dispose()

    command.downgrade(alembic_config, BEFORE)
    with db.engine.connect() as conn:
        assert _texts(conn) == {item_id: _old_fold(title, mandate) for item_id, _p, _k, title, _s, mandate in ROWS}
        assert dict(conn.execute(select(INDICATORS.c.id, INDICATORS.c.comparator)).all()) == {1: "ge", 2: "le"}
        # The short names stay: the column belongs to the earlier revision.
        assert dict(conn.execute(select(ITEMS.c.id, ITEMS.c.short_name)).all()) == expected_names
    db.engine.dispose()
    command.upgrade(alembic_config, "head")
