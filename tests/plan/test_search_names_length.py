"""Issue 9 review: the folded names an item is searched and ranked by (WorkItemSearchText.names) hold any title and
short name the forms accept. NFKC spells some single characters out (㎡ → m2, ㍿ → 株式会社, Ⅻ → xii), so a
300-character title with a 40-character short name folds to far more than 341 characters; a length-limited column
refused such an item on PostgreSQL and MariaDB. Run with --db=postgresql and --db=mariadb too."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.plan.hierarchy import search_fold, search_names
from tracker.plan.models import WorkItem, WorkItemSearchText
from tracker.plan.structure import SHORT_NAME_MAX, TITLE_MAX
from tracker.plan.tree_filters import TreeFilters, match_clause, sql_order

# Each spelled out by NFKC: ㎡ (2), Ⅻ (3), ㍿ (4), ﷺ (15: the longest expansion in Unicode, spaces dropped).
WIDE_TITLE = ("㎡Ⅻ㍿" * TITLE_MAX)[: TITLE_MAX - 1] + "ﷺ"
WIDE_SHORT_NAME = "㍿" * SHORT_NAME_MAX


def _stored_names(session, item_id: int) -> str:
    return session.scalar(select(WorkItemSearchText.names).where(WorkItemSearchText.work_item_id == item_id))


def test_the_longest_folded_title_and_short_name_are_stored_whole(session, make):
    plan = make.plan()
    item = make.item(plan, title=WIDE_TITLE, short_name=WIDE_SHORT_NAME)
    session.flush()
    expected = search_names(WIDE_TITLE, WIDE_SHORT_NAME)
    assert len(expected) > 3 * (TITLE_MAX + SHORT_NAME_MAX)  # far past the 341 the column used to hold
    session.expire_all()
    assert _stored_names(session, item.id) == expected


def test_an_edit_to_a_wide_title_is_stored_and_still_ranks_first(session, make):
    plan = make.plan()
    mentioned = make.item(plan, title="普通任务", mandate="单位为㎡Ⅻ。", sort_order=1)
    wide = make.item(plan, title="任务", sort_order=2)
    session.flush()
    wide.title, wide.short_name = WIDE_TITLE, WIDE_SHORT_NAME
    session.flush()
    session.expire_all()
    assert _stored_names(session, wide.id) == search_names(WIDE_TITLE, WIDE_SHORT_NAME)
    # A name match (at the end of the long text) ranks above a mandate match, on every database alike.
    query = "㎡Ⅻ"
    condition = match_clause(TreeFilters(query=query), date(2013, 6, 15), 30)
    ranked = session.scalars(
        select(WorkItem.id).where(WorkItem.plan_id == plan.id, condition).order_by(*sql_order("plan", query))
    )
    assert list(ranked) == [wide.id, mentioned.id]
    tail = search_fold("ﷺ")
    assert len(tail) == 15
    tail_match = match_clause(TreeFilters(query="ﷺ"), date(2013, 6, 15), 30)
    assert list(session.scalars(select(WorkItem.id).where(WorkItem.plan_id == plan.id, tail_match))) == [wide.id]


@pytest.mark.parametrize("title", ["㎡" * TITLE_MAX, "Ⅻ" * TITLE_MAX])
def test_titles_of_one_wide_character_are_stored(session, make, title):
    item = make.item(make.plan(), title=title, short_name="㍿" * SHORT_NAME_MAX)
    session.flush()
    session.expire_all()
    assert _stored_names(session, item.id) == search_names(title, "㍿" * SHORT_NAME_MAX)
