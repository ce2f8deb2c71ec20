"""三、逾期和滞后事项 lists overdue and stale projects beside the work items, as the review queue does: named as
projects, in the queue's order, with their own latest report and the office's latest decision on them, counted in
the section's sentence and in the chart by department; a department's report holds its own projects."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import TODAY
from tests.dashboard.dashboard_world import STALE_DAYS, DashboardWorld, build
from tests.reports.report_reading import charts, column, section, tables, texts
from tracker.dashboard.summary import plan_summary
from tracker.reports.content import build_report
from tracker.reports.periods import parse_report_period


@pytest.fixture
def world(make, session) -> DashboardWorld:
    return build(make, session, size=2)


def report(world: DashboardWorld, department=None):
    period = parse_report_period("2013-Q2", world.plan, TODAY)
    return build_report(world.plan, period, department, today=TODAY, stale_days=STALE_DAYS, issuer="办公室")


def late_projects(world: DashboardWorld, make):
    """An overdue project of the second department (due before any item of the world) with a report and a
    decision; a stale-only project of the third (never reported, created long ago); a completed overdue one and a
    retired overdue one, which are not late."""
    item = world.live()[0].item
    second, third = world.departments[1], world.departments[2]
    overdue = make.project(
        item, second, name="应急指挥平台", status="in_progress", due_date=date(2000, 1, 1), start_date=date(1999, 1, 1)
    )
    make.status_update(
        overdue,
        world.office,
        created_at=datetime(2013, 6, 1),
        delay_reason="招标流标",
        remedy="重新招标",
        expected_completion=date(2013, 12, 31),
    )
    make.review(overdue, world.office, "follow_up", follow_up_date=date(2013, 7, 1), created_at=datetime(2013, 6, 3))
    stale = make.project(item, third, name="等级保护测评", status="in_progress", created_at=datetime(2012, 1, 1))
    make.project(item, second, name="已完成项目", status="completed", due_date=date(2000, 1, 1))
    make.project(item, second, name="已撤销项目", status="in_progress", due_date=date(2000, 1, 1), retired=True)
    return overdue, stale


def test_overdue_and_stale_projects_are_listed_with_their_reports_and_decisions(world, make):
    late_projects(world, make)
    blocks = section(report(world), "三、")
    (table,) = tables(blocks)
    names = column(table, "事项")
    # The longest overdue comes first (due in 2000, before every item); a stale-only project is among the stale.
    assert names[0] == "项目：应急指挥平台"
    assert "项目：等级保护测评" in names
    assert "项目：已完成项目" not in names and "项目：已撤销项目" not in names
    cells = dict(zip((c.label for c in table.columns), table.rows[0].cells, strict=True))
    assert cells["牵头部门"] == world.departments[1].short_name
    assert cells["逾期或未更新"] == f"逾期 {(TODAY - date(2000, 1, 1)).days} 天"
    assert (cells["滞后原因"], cells["整改措施"], cells["预计完成"]) == ("招标流标", "重新招标", "2013年12月31日")
    assert cells["办公室意见"] == "要求跟进，2013年7月1日前答复（2013年6月3日）"
    row = table.rows[names.index("项目：等级保护测评")]
    assert row.cells[3] == f"{(TODAY - date(2012, 1, 1)).days} 天未更新"


def test_the_sentence_counts_the_projects_and_the_chart_counts_them_by_department(world, make):
    late_projects(world, make)
    blocks = section(report(world), "三、")
    summary = plan_summary(world.plan.id, TODAY, STALE_DAYS)
    items = summary.total.overdue + summary.total.stale  # upper bound; the exact count is the table's
    (table,) = tables(blocks)
    item_rows = [name for name in column(table, "事项") if not name.startswith("项目：")]
    assert len(item_rows) <= items
    sentence = texts(blocks)
    assert f"共 {len(table.rows)} 项（逾期 {summary.total.overdue + 1} 项），其中项目 2 项（逾期 1 项）" in sentence
    (chart,) = charts(blocks)
    expected = {g.label: g.counts.overdue for g in summary.by_department if g.counts.overdue}
    second = world.departments[1].short_name
    expected[second] = expected.get(second, 0) + 1
    assert dict(zip(chart.categories, chart.series[0].values, strict=True)) == expected


def test_a_departments_report_lists_its_own_projects_only(world, make):
    late_projects(world, make)
    (late,) = tables(section(report(world, world.departments[1]), "三、"))
    projects = [name for name in column(late, "事项") if name.startswith("项目：")]
    assert projects == ["项目：应急指挥平台"]
    (late,) = tables(section(report(world, world.departments[2]), "三、"))
    assert [name for name in column(late, "事项") if name.startswith("项目：")] == ["项目：等级保护测评"]


def test_late_projects_alone_fill_the_section(make, session):
    plan = make.plan()
    department = make.department(short_name="信息中心")
    item = make.item(plan, status="completed")
    make.project(item, department, name="改造项目", status="delayed", due_date=date(2013, 1, 31))
    period = parse_report_period("2013-Q2", plan, TODAY)
    document = build_report(plan, period, None, today=TODAY, stale_days=STALE_DAYS, issuer="办公室")
    (table,) = tables(section(document, "三、"))
    assert column(table, "事项") == ["项目：改造项目"]
    (chart,) = charts(section(document, "三、"))
    assert chart.categories == ("信息中心",)
