"""The report's content: each section's figures equal what the services compute for the same period and scope
(or counts worked out from the test world's specifications); empty periods and scopes say so; user text is
cleaned; the overdue list is capped."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import TODAY
from tests.dashboard.dashboard_world import STALE_DAYS, STATUSES, DashboardWorld, build
from tests.reports.report_reading import charts, column, notices, section, tables, texts
from tracker.core.filters import status_label
from tracker.core.money import BudgetTotals
from tracker.dashboard.summary import plan_summary
from tracker.indicators.labels import indicator_status_label
from tracker.indicators.models import IndicatorValue
from tracker.reports import text
from tracker.reports.content import build_report, plan_name, report_issuer
from tracker.reports.periods import parse_report_period
from tracker.reports.sections import overdue as overdue_section
from tracker.review.compliance import missing_reports
from tracker.updates.models import StatusUpdate

# Q2 2013 in local days (Asia/Shanghai) as stored UTC bounds.
Q2_BEGIN, Q2_AFTER = datetime(2013, 3, 31, 16), datetime(2013, 6, 30, 16)
TENTH = Decimal("0.1")


@pytest.fixture
def world(make, session) -> DashboardWorld:
    return build(make, session, size=2)


def report(world: DashboardWorld, key: str = "2013-Q2", department=None, plan=None):
    plan = plan or world.plan
    period = parse_report_period(key, plan, TODAY)
    assert period is not None
    return build_report(plan, period, department, today=TODAY, stale_days=STALE_DAYS, issuer="办公室")


def item_updates(session, world: DashboardWorld) -> list[StatusUpdate]:
    ids = [spec.id for spec in world.live()]
    return list(session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id.in_(ids))))


def figure_rows(document) -> dict[str, tuple[str, ...]]:
    (table,) = tables(section(document, "一、"))
    return {row.cells[0]: row.cells[1:] for row in table.rows}


# -- 一、总体进展 -------------------------------------------------------------------------------------------


def test_the_overview_counts_the_items_and_the_periods_reports(world, make, session):
    spec = next(s for s in world.live() if s.status != "completed")
    make.status_update(
        spec.item, world.office, created_at=datetime(2013, 5, 2), status_after="completed", progress_after=100
    )
    make.status_update(spec.item, world.office, created_at=datetime(2013, 3, 31, 15, 59))  # 3/31 local: before Q2
    live = world.live()
    rows = figure_rows(report(world))

    assert rows["任务总数"][0] == str(len(live))
    for status in STATUSES:
        assert rows[status_label(status)][0] == str(sum(s.status == status for s in live))
    assert rows["逾期"][0] == str(sum(s.overdue for s in live))
    assert rows[f"久未更新（超过 {STALE_DAYS} 天）"][0] == str(sum(s.stale for s in live))
    in_q2 = [u for u in item_updates(session, world) if Q2_BEGIN <= u.created_at < Q2_AFTER]
    assert rows["报告期内报送进展（次）"][0] == str(len(in_q2))
    changed = {
        u.work_item_id for u in in_q2 if (u.status_before, u.progress_before) != (u.status_after, u.progress_after)
    }
    assert rows["报告期内状态或进度有变化的任务"][0] == str(len(changed))
    assert rows["报告期内完成的任务"][0] == "1"


def test_the_overview_tables_first_column_is_a_measure_not_a_project(world):
    """ "项目" read as "Projects" in English; the column holds line items (统计项, "Measure")."""
    (table,) = tables(section(report(world), "一、"))
    assert table.columns[0].label == "统计项"
    with force_locale("en"):
        (english,) = tables(section(report(world), "1."))
    assert english.columns[0].label == "Measure"


def test_the_overview_charts_each_chapters_progress(world):
    (chart,) = charts(section(report(world), "一、"))
    chapters = [s for s in world.live() if s.parent is None]
    assert chart.unit == "%" and chart.max_value == 100
    assert [float(v) for v in chart.series[0].values] == [float(world.progress(s.id)) for s in chapters]
    assert len(chart.categories) == len(chapters)


def test_the_overview_states_the_plans_progress(world):
    assert f"规划整体进度 {world.plan_progress()}%" in texts(section(report(world), "一、"))


def test_a_departments_overview_says_the_progress_is_the_whole_plans(world):
    said = texts(section(report(world, department=world.departments[1]), "一、"))
    assert f"全部规划（不限于本部门）整体进度 {world.plan_progress()}%" in said


# -- 二、主要任务进展 ---------------------------------------------------------------------------------------


def test_each_main_task_has_a_table_of_itself_and_its_subtasks_with_the_latest_note_by_the_periods_end(
    world, make, session
):
    task = next(s for s in world.live() if s.kind == "task" and any(not world.items[c].retired for c in s.children))
    child = world.items[next(c for c in task.children if not world.items[c].retired)]
    make.status_update(child.item, world.office, created_at=datetime(2013, 3, 20), note="一季度的说明")
    make.status_update(child.item, world.office, created_at=datetime(2013, 4, 20), note="二季度的说明")
    document = report(world, "2013-Q1")
    blocks = section(document, "二、")
    tasks = [s for s in world.live() if s.kind == "task"]
    found = tables(blocks)
    assert len(found) == len(tasks)
    for spec, table in zip(tasks, found, strict=True):
        children = [world.items[c] for c in spec.children if not world.items[c].retired]
        assert column(table, "任务") == [spec.item.title, *(c.item.title for c in children)]
        assert column(table, "状态") == [status_label(s.status) for s in (spec, *children)]
        assert column(table, "进度") == [f"{world.progress(s.id).quantize(TENTH)}%" for s in (spec, *children)]
        assert [row.level for row in table.rows] == [0] + [1] * len(children)
    # The latest note that took effect by 31 March (local), not the one after it.
    notes = dict(
        zip(column(found[tasks.index(task)], "任务"), column(found[tasks.index(task)], "最新进展"), strict=True)
    )
    assert notes[child.item.title] == "一季度的说明"
    assert "二季度的说明" not in texts(blocks)


def test_a_draft_is_no_latest_note(world, make):
    spec = next(s for s in world.live() if s.kind == "task")
    make.status_update(spec.item, world.office, created_at=datetime(2013, 6, 1), note="草稿说明", sign_off="pending")
    assert "草稿说明" not in texts(section(report(world), "二、"))


# -- 三、逾期和滞后事项 -------------------------------------------------------------------------------------


def expected_late(world: DashboardWorld) -> list:
    """The review queue's order: overdue by due date, then the stale-only by how long they have been silent."""

    def silent_since(spec) -> datetime:
        return spec.item.last_update_at or spec.item.created_at

    late = [s for s in world.live() if s.overdue or s.stale]
    overdue = sorted((s for s in late if s.overdue), key=lambda s: (s.due, silent_since(s), s.id))
    stale = sorted((s for s in late if not s.overdue), key=lambda s: (silent_since(s), s.id))
    return overdue + stale


def test_the_overdue_and_stale_items_are_listed_most_overdue_first_with_reasons_and_decisions(world, make):
    first = expected_late(world)[0]
    make.status_update(
        first.item,
        world.office,
        created_at=datetime(2013, 6, 1),
        delay_reason="资金未到位",
        remedy="协调财政",
        expected_completion=date(2013, 9, 30),
    )
    make.review(
        first.item,
        world.office,
        "extension",
        new_due_date=date(2013, 10, 31),
        comment="同意",
        created_at=datetime(2013, 6, 2),
    )
    late = expected_late(world)
    (table,) = tables(section(report(world), "三、"))
    assert [cell.split(" ", 1)[-1] for cell in column(table, "事项")] == [s.item.title for s in late]
    cells = dict(zip((c.label for c in table.columns), table.rows[late.index(first)].cells, strict=True))
    assert cells["逾期或未更新"] == f"逾期 {(TODAY - first.due).days} 天"
    assert cells["滞后原因"] == "资金未到位" and cells["整改措施"] == "协调财政"
    assert cells["预计完成"] == "2013年9月30日"
    assert cells["办公室意见"] == "同意延期至2013年10月31日（2013年6月2日）：同意"
    stale_only = next(s for s in late if not s.overdue)
    silent = (TODAY - stale_only.item.last_update_at.date()).days if stale_only.item.last_update_at else None
    shown = column(table, "逾期或未更新")[late.index(stale_only)]
    assert shown.endswith(" 天未更新") and (silent is None or shown == f"{silent} 天未更新")


def test_the_overdue_list_is_capped_and_says_how_many_more(world, monkeypatch):
    total = len(expected_late(world))
    monkeypatch.setattr(overdue_section, "ROW_CAP", 2)
    blocks = section(report(world), "三、")
    (table,) = tables(blocks)
    assert len(table.rows) == 2
    assert f"另有 {total - 2} 项未列出" in texts(blocks)


def test_the_overdue_chart_counts_by_lead_department(world):
    (chart,) = charts(section(report(world), "三、"))
    summary = plan_summary(world.plan.id, TODAY, STALE_DAYS)
    expected = {g.label: g.counts.overdue for g in summary.by_department if g.counts.overdue}
    assert dict(zip(chart.categories, chart.series[0].values, strict=True)) == expected


# -- 四、指标完成情况 ---------------------------------------------------------------------------------------


def test_indicators_are_assessed_on_the_values_up_to_the_periods_year(world, session):
    blocks = section(report(world), "四、")
    (table,) = tables(blocks)
    expected = [indicator_status_label(track) for track in world.indicator_tracks.values()]
    assert column(table, "完成情况") == expected
    # A value of a later year plays no part in a report on 2013.
    first = next(iter(world.indicator_tracks))
    session.add(IndicatorValue(indicator_id=first, year=2014, value=200, source="年鉴"))
    session.flush()
    session.expire_all()
    (again,) = tables(section(report(world), "四、"))
    assert column(again, "完成情况") == expected


# -- 五、资金执行情况 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "years"), [("2013-Q2", (2013,)), ("2012", (2012,)), ("all", (2011, 2012, 2013))])
def test_the_budget_is_the_summarys_for_the_periods_years(world, key, years):
    summary = plan_summary(world.plan.id, TODAY, STALE_DAYS, budget_years=years)
    blocks = section(report(world, key), "五、")
    by_department, by_task = tables(blocks)
    assert column(by_department, "部门") == [g.label for g in summary.budget_by_department] + ["合计"]
    assert column(by_department, "已支出")[-1] == f"{summary.budget_total.spent:,.2f}"
    assert column(by_department, "批复")[:-1] == [f"{g.budget.approved:,.2f}" for g in summary.budget_by_department]
    assert by_department.rows[-1].emphasis
    # By main task, each named as section 二 heads it; a project attached to no main task (a goal) under 其他.
    headings = [b.text for b in section(report(world, key), "二、") if getattr(b, "level", 0) == 2]
    tasks = [s for s in world.live() if s.kind == "task"]
    expected: dict[str, list[BudgetTotals]] = {}
    for project in world.project_specs:
        task = world.items[project.item]
        while task is not None and task.kind != "task":
            task = world.items[task.parent] if task.parent is not None else None
        label = headings[tasks.index(task)] if task is not None else "其他"
        lines = [line for line in project.lines if line[0] in years]
        if project.retired or world.items[project.item].retired or not lines:
            continue
        expected.setdefault(label, []).extend(BudgetTotals.of(*line[1:]) for line in lines)
    order = [*headings, "其他"]
    labels = sorted(expected, key=order.index)
    assert column(by_task, "主要任务") == [*labels, "合计"]
    sums = [sum(expected[label], BudgetTotals()) for label in labels]
    assert column(by_task, "已下达")[:-1] == [f"{t.allocated:,.2f}" for t in sums]
    assert column(by_task, "已支出")[-1] == f"{sum(sums, BudgetTotals()).spent:,.2f}"


# -- 六、各部门报送情况 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [("2013-Q2", date(2013, 4, 1), date(2013, 6, 30)), ("2013", date(2013, 1, 1), date(2013, 12, 31))],
)
def test_compliance_counts_each_departments_due_and_missing_reports_over_the_period(world, key, start, end):
    (table,) = tables(section(report(world, key), "六、"))
    expected = {
        row.department.short_name: (str(row.due), str(row.reported), str(len(row.missing)))
        for row in missing_reports(world.plan.id, start, end)
    }
    shown = {row.cells[0]: row.cells[1:4] for row in table.rows[:-1]}
    assert shown == expected
    assert table.rows[-1].cells[0] == "合计" and table.rows[-1].emphasis


# -- scope, emptiness, safety -------------------------------------------------------------------------------


def test_a_departments_report_holds_only_what_it_leads_or_supports(world):
    department = world.departments[1]
    document = report(world, department=department)
    in_scope = [s for s in world.live() if s.lead == department.id or department in s.item.supporting_departments]
    assert figure_rows(document)["任务总数"][0] == str(len(in_scope))
    titles = {s.item.title for s in in_scope}
    for table in tables(section(document, "二、")):
        assert {row.cells[1] for row in table.rows[1:]} <= titles  # sub-tasks in scope
    (late,) = tables(section(document, "三、"))
    assert {cell.split(" ", 1)[-1] for cell in column(late, "事项")} <= titles
    (compliance,) = tables(section(document, "六、"))
    assert column(compliance, "部门") == [department.short_name, "合计"]
    # Its indicators: none (every indicator of the world is the first department's).
    assert notices(section(document, "四、")) == ["没有需要报告的规划指标。"]
    assert document.cover.scope == department.name
    assert document.file_stem.endswith(f"_{department.short_name}")


def test_an_empty_plan_and_an_idle_department_get_sentences_not_tables(make, session):
    plan = make.plan()
    department = make.department()
    for scope in (None, department):
        period = parse_report_period("2013-Q2", plan, TODAY)
        document = build_report(plan, period, scope, today=TODAY, stale_days=STALE_DAYS, issuer="办公室")
        for number in ("一、", "二、", "三、", "四、", "五、", "六、"):
            blocks = section(document, number)
            assert tables(blocks) == [] and charts(blocks) == [], number
            assert len(notices(blocks)) == 1, number


def test_a_period_without_reports_says_so(world):
    document = report(world, "2011-Q1")
    assert "报告期内（2011年1月1日至2011年3月31日）没有报送进展。" in texts(section(document, "一、"))


def test_user_text_never_breaks_the_document(world, make):
    spec = next(s for s in world.live() if s.kind == "task")
    spec.item.title = "任务\x01名称\u202e反转\u2066\x07 🚀"  # PostgreSQL stores no NUL
    make.status_update(
        spec.item, world.office, created_at=datetime(2013, 6, 1), note="第一行\r\n\x0c第二行" + "长" * 5000
    )
    document = report(world)
    everything = texts(document.blocks) + document.cover.title
    for bad in ("\x01", "\x07", "\x0c", "\r", "\u202e", "\u2066"):
        assert bad not in everything
    assert "任务名称反转 🚀" in everything
    (cell,) = [c for t in tables(section(document, "二、")) for c in column(t, "最新进展") if c.startswith("第一行")]
    assert cell.startswith("第一行\n第二行长") and len(cell) == text.CELL_LIMIT and cell.endswith("…")


def test_the_cover_names_the_plan_without_its_part_the_period_and_the_issuer(world, make, app):
    world.plan.title = "杭州市“十二五”信息化发展规划\u00a0（上）"
    document = report(world)
    assert document.cover.title == "《杭州市“十二五”信息化发展规划实施情况报告（2013年第二季度）》"
    assert document.file_stem == "杭州市“十二五”信息化发展规划实施情况报告（2013年第二季度）"
    assert document.plan_title == "杭州市“十二五”信息化发展规划"
    assert document.cover.period == "报告期：2013年4月1日至2013年6月30日"
    assert (document.cover.scope, document.cover.date, document.cover.issuer) == ("全部规划", "2013年6月15日", "办公室")
    world.plan.title = "某规划（上）实施纲要"
    assert plan_name(world.plan) == "某规划（上）实施纲要"  # only a trailing part marker goes


def test_the_issuer_is_configured_or_the_first_active_office(make):
    assert report_issuer("  杭州市信息化办公室 ") == "杭州市信息化办公室"
    assert report_issuer("") == "规划实施办公室"
    make.department(kind="office", name="已撤销办公室", active=False, sort_order=0)
    make.department(kind="office", name="规划办", sort_order=5)
    make.department(kind="office", name="信息办", sort_order=3)
    assert report_issuer("") == "信息办"


def test_the_seeded_plans_report_has_the_issues_title_and_each_main_task(session):
    from tests.seed.conftest import SEED_DIR
    from tracker.plan.models import Plan
    from tracker.seeding.loader import load_seed_dir

    load_seed_dir(SEED_DIR)
    plan = session.scalars(select(Plan)).one()
    period = parse_report_period("2013-Q2", plan, TODAY)
    document = build_report(plan, period, None, today=TODAY, stale_days=STALE_DAYS, issuer=report_issuer(""))
    assert document.cover.title == "《杭州市“十二五”信息化发展规划实施情况报告（2013年第二季度）》"
    headings = [b.text for b in section(document, "二、") if getattr(b, "level", 0) == 2]
    assert headings[0] == "三、(一)1. 以工业信息化为重点推动“两化”深度融合"
    assert len(headings) == 4


def test_the_demo_plans_report_lists_its_late_projects_and_its_budget_by_main_task(session):
    """The demo (flask seed demo) as an outside tester read it: late projects beside the items, as /review lists
    them, and the budget by main task, since every budget sits under 三、主要任务 (one chapter)."""
    from seed.demo import generate_demo
    from tests.seed.conftest import SEED_DIR
    from tracker.plan.models import Plan
    from tracker.review.queue import QueueFilters, queue_entries
    from tracker.seeding.loader import load_seed_dir

    load_seed_dir(SEED_DIR)
    generate_demo(1, today=TODAY)
    plan = session.scalars(select(Plan)).one()
    period = parse_report_period("2013-Q2", plan, TODAY)
    document = build_report(plan, period, None, today=TODAY, stale_days=STALE_DAYS, issuer=report_issuer(""))
    queued = queue_entries(plan.id, QueueFilters(kind="project"), TODAY, STALE_DAYS)
    assert queued, "the demo should have late projects"
    (late,) = tables(section(document, "三、"))
    listed = [name for name in column(late, "事项") if name.startswith("项目：")]
    assert listed == [f"项目：{entry.title}" for entry in queued]  # all of them: the list is under its cap
    headings = [b.text for b in section(document, "二、") if getattr(b, "level", 0) == 2]
    _by_department, by_task = tables(section(document, "五、"))
    names = column(by_task, "主要任务")[:-1]
    assert len(names) > 1 and set(names) <= {*headings, "其他"}
