"""The review's revision b7e3f1a9c2d4 on a database seeded before it: the seeded plan's 专栏3 platforms get their
short names unless the office set one (another plan's items are left alone), their search texts are folded again,
the folded names hold any length, and the downgrade cuts them back to what a String(341) holds."""

from __future__ import annotations

from alembic import command
from sqlalchemy import insert, inspect, select

from tests.db.test_names_migration import ITEMS, NOW, PLANS, TEXTS
from tracker.extensions import db
from tracker.plan.hierarchy import search_names, search_text

BEFORE = "922051343797"  # the revision just before this one
SEEDED_PLAN = "hz-informatization-12th-fyp"
# (id, plan, seed key, title, short name as stored before, mandate)
ROWS = [
    (1, 1, "s3.1.box3.pf1", "节能减排关键共性信息技术平台", "", "节能减排关键共性信息技术平台。以化纤、纺织为重点。"),
    (2, 1, "s3.1.box3.pf3", "RFID研发应用平台", "射频平台", "RFID研发应用平台。"),  # the office's name: kept
    (3, 1, "s3.1.t1", "以工业信息化为重点推动“两化”深度融合", "两化融合", ""),  # not a platform: untouched
    (4, 2, "s3.1.box3.pf5", "另一规划的平台", "", ""),  # another plan: not the seeded one, left alone
]
LONG_NAMES = "m2" * 400


def _insert_rows(conn) -> None:
    for plan_id, code in ((1, SEEDED_PLAN), (2, "next-plan")):
        conn.execute(
            insert(PLANS).values(
                id=plan_id, code=code, title="规划", start_year=2011, end_year=2015, source="", preamble="",
                created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    for item_id, plan_id, key, title, short_name, mandate in ROWS:
        conn.execute(
            insert(ITEMS).values(
                id=item_id, plan_id=plan_id, seed_key=key, kind="platform", outline_no="●", title=title,
                short_name=short_name, mandate=mandate, sort_order=item_id, status="not_started", progress=0,
                weight=1, retired=False, version=1, path=f"{item_id:018d}", depth=0, rollup_progress=0,
                created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
        conn.execute(
            insert(TEXTS).values(
                work_item_id=item_id,
                text=search_text(title, mandate, short_name),
                names=search_names(title, short_name),
            )
        )


def _names_type() -> str:
    column = next(c for c in inspect(db.engine).get_columns("work_item_search_texts") if c["name"] == "names")
    return str(column["type"]).upper()


def test_upgrade_names_the_seeded_platforms_and_lets_the_names_grow(fresh_app, alembic_config):
    command.upgrade(alembic_config, BEFORE)
    with db.engine.begin() as conn:
        _insert_rows(conn)
    db.engine.dispose()

    command.upgrade(alembic_config, "head")
    expected = {1: "节能减排平台", 2: "射频平台", 3: "两化融合", 4: ""}
    with db.engine.begin() as conn:
        assert dict(conn.execute(select(ITEMS.c.id, ITEMS.c.short_name)).all()) == expected
        stored = {row.work_item_id: (row.text, row.names) for row in conn.execute(select(TEXTS))}
        for item_id, _plan, _key, title, _short, mandate in ROWS:
            short_name = expected[item_id]
            assert stored[item_id] == (search_text(title, mandate, short_name), search_names(title, short_name))
        assert stored[1][1] == "节能减排平台\n节能减排关键共性信息技术平台"
        # Any length now (a String(341) refused this on PostgreSQL and MariaDB).
        conn.execute(TEXTS.update().where(TEXTS.c.work_item_id == 4).values(names=LONG_NAMES))
    assert "TEXT" in _names_type()
    db.engine.dispose()

    command.downgrade(alembic_config, BEFORE)
    with db.engine.connect() as conn:
        names = dict(conn.execute(select(TEXTS.c.work_item_id, TEXTS.c.names)).all())
        assert names[4] == LONG_NAMES[:341]
        assert names[1] == "节能减排平台\n节能减排关键共性信息技术平台"  # short ones as they were
        assert conn.execute(select(ITEMS.c.short_name).where(ITEMS.c.id == 1)).scalar() == "节能减排平台"
    assert "TEXT" not in _names_type()
    db.engine.dispose()
    command.upgrade(alembic_config, "head")
