"""Behind this year's milestone in the review queue: such work items enter it even when neither overdue nor stale,
come after the overdue and before the stale-only, carry the flag and its tooltip, and filter with ?behind=1.
TODAY is fixed at 2013-06-15 (day 166 of 365)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import TODAY
from tests.review.helpers import add_review, key, names, report
from tracker.review.queue import QueueFilters, department_counts, queue_entries, queue_page

STALE_DAYS = 30


@pytest.fixture
def behind_world(world, make, session):
    # fine_b: reported this week, due 2015, progress 0: expected (20×365 + 40×166) // 365 = 38 by today.
    make.milestone(world["fine_b"], 2012, 20)
    make.milestone(world["fine_b"], 2013, 60)
    # late_a (overdue, 30%): expected 45, behind as well; it stays among the overdue.
    make.milestone(world["late_a"], 2013, 100)
    # future_a: a 2014 milestone expects nothing yet; done_a: completed, never behind.
    make.milestone(world["future_a"], 2014, 50)
    make.milestone(world["done_a"], 2013, 100)
    session.flush()
    return world


def entry_names(world, **filters) -> list[str]:
    found = queue_entries(world["plan"].id, QueueFilters(**filters), TODAY, STALE_DAYS)
    return names(world, [f"{e.subject_type}-{e.subject_id}" for e in found])


def test_behind_items_enter_after_the_overdue_and_before_the_stale_only(behind_world):
    assert entry_names(behind_world) == ["late_a", "proj_a", "late_b", "fine_b", "silent_b", "quiet_a"]


def test_the_flag_and_what_the_tooltip_compares(behind_world):
    rows = {
        f"{e.subject_type}-{e.subject_id}": e
        for e in queue_entries(behind_world["plan"].id, QueueFilters(), TODAY, STALE_DAYS)
    }
    fine_b, late_a = rows[key(behind_world["fine_b"])], rows[key(behind_world["late_a"])]
    assert fine_b.behind and not fine_b.overdue and not fine_b.stale
    assert (fine_b.milestone_expected, float(fine_b.measured_progress)) == (38, 0.0)
    assert late_a.behind and late_a.milestone_expected == 45
    assert not rows[key(behind_world["proj_a"])].behind  # projects have no milestones
    assert not rows[key(behind_world["quiet_a"])].behind


def test_the_behind_filter_and_its_count(behind_world):
    assert entry_names(behind_world, behind=True) == ["late_a", "fine_b"]
    assert entry_names(behind_world, behind=True, kind="project") == []
    counts = {c.department_id: c for c in department_counts(behind_world["plan"].id, QueueFilters(), TODAY, STALE_DAYS)}
    assert counts[behind_world["a"].id].behind == 1 and counts[behind_world["b"].id].behind == 1
    page, _counts = queue_page(behind_world["plan"].id, QueueFilters(behind=True), TODAY, STALE_DAYS, 1)
    assert page.total == 2


def test_the_queue_page_shows_the_badge_and_the_filter(behind_world, client_for):
    client = client_for(behind_world["office"])
    html = client.get("/review?behind=1").get_data(as_text=True)
    assert 'id="filter-behind"' in html and 'name="behind" value="1" checked' in html
    assert html.count('data-flag="behind"') == 2
    assert "今日应达 38%，实际 0.0%" in html


def test_statement_count_with_behind_items_does_not_grow(behind_world, client_for, make, session, count_statements):
    client = client_for(behind_world["office"])
    counts = []
    for n in (2, 30):
        for k in range(n):
            item = make.item(
                behind_world["plan"],
                parent=behind_world["root"],
                lead_department=behind_world["a"],
                status="in_progress",
            )
            make.milestone(item, 2013, 80)
            report(session, item, datetime(2013, 6, 10, 8, k), behind_world["owner_a"])
            add_review(session, item, behind_world["office"], "acknowledged", datetime(2013, 6, 11, 8, k))
        session.flush()
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/review?behind=1").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_department_counts_table_has_a_behind_column(behind_world, client_for):
    page = client_for(behind_world["office"]).get("/review").get_data(as_text=True)
    counts = page[page.index('data-testid="department-counts"') :]
    assert '<th scope="col" class="text-end">落后</th>' in counts
    row = counts[counts.index(f'data-department-id="{behind_world["b"].id}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-col="behind" data-label="落后年度目标">1</td>' in row
