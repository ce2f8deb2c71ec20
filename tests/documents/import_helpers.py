"""A read plan document built by hand (the reader's output), and a snapshot of every row an import may touch."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tracker.core.models import AuditEvent
from tracker.documents.model import ParsedDocument, ParsedItem, ParseWarning, ProposedIndicator
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.org.models import Department
from tracker.plan.models import Plan, PlanContext, WorkItem, work_item_supporting_departments

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
# A heading sentence longer than a title: 14 clauses of 30 characters, 420 in all.
LONG_SENTENCE = "，".join(f"第{n:02d}项措施加快推进全市重点区域公共服务平台和基础设施建设" for n in range(1, 15))


def parsed_document(period: tuple[int, int] | None = (2016, 2020)) -> ParsedDocument:
    """一、 with a goal and no departments; 二、 naming departments for the whole chapter, one task inheriting them,
    one naming its own (one of them unknown), a sub-task naming a second unknown one; a 专栏 box."""
    goal = ParsedItem(marker="（一）", kind="goal", title="发展目标", mandate="到2020年，建成智慧城市。", line=4)
    overall = ParsedItem(marker="一、", kind="section", title="总体要求", mandate="", line=3, children=[goal])
    sub = ParsedItem(
        marker="（1）",
        kind="subtask",
        title="建设工业互联网平台",
        mandate="培育平台企业。",
        line=9,
        lead="市大数据局",
        supporting=["市财政局"],
    )
    fusion = ParsedItem(
        marker="1.",
        kind="task",
        title="推进“两化”深度融合",
        mandate="到2020年，两化融合示范企业达到60家以上。",
        line=7,
        lead="市经信委",
        supporting=["市 发改委"],
        departments_inherited=True,
        children=[sub],
    )
    long_task = ParsedItem(
        marker="2.",
        kind="task",
        title=LONG_SENTENCE,
        mandate="各区县（市）抓好落实。",
        line=12,
        lead="钱塘新区管委会",
        supporting=["市经信委"],
    )
    tasks = ParsedItem(
        marker="二、",
        kind="section",
        title="主要任务",
        mandate="",
        line=6,
        lead="市经信委",
        supporting=["市 发改委"],
        children=[fusion, long_task],
    )
    box = ParsedItem(marker="专栏1", kind="section", title="重点工程", mandate="● 城市大脑", line=15)
    return ParsedDocument(
        title="杭州市智慧城市建设“十三五”规划",
        preamble="为加快智慧城市建设，制定本规划。",
        period=period,
        items=[overall, tasks, box],
        indicators=[
            ProposedIndicator(
                name="两化融合示范企业",
                unit="家",
                target_value=Decimal(60),
                comparator="ge",
                target_year=2020,
                source_text="到2020年，两化融合示范企业达到60家以上。",
                item_line=7,
            ),
            ProposedIndicator(
                name="城市大脑覆盖率",
                unit="%",
                target_value=Decimal(90),
                comparator="ge",
                target_year=None,
                source_text="城市大脑覆盖率不低于90%。",
                item_line=None,
            ),
        ],
        warnings=[ParseWarning(line=12, message="“2.”之前没有“1.”")],
    )


def snapshot(session, plan_id: int) -> dict[str, object]:
    """Every row of a plan (items, their supporting departments, contexts, indicators and values), every
    department and every audit row, as plain tuples: equal snapshots mean nothing was changed."""

    def rows(query) -> list[tuple]:
        return [tuple(row) for row in session.execute(query)]

    items = select(*WorkItem.__table__.c).where(WorkItem.plan_id == plan_id).order_by(WorkItem.id)
    supporting = (
        select(*work_item_supporting_departments.c)
        .join(WorkItem, WorkItem.id == work_item_supporting_departments.c.work_item_id)
        .where(WorkItem.plan_id == plan_id)
        .order_by(*work_item_supporting_departments.c)
    )
    indicators = select(*Indicator.__table__.c).where(Indicator.plan_id == plan_id).order_by(Indicator.id)
    values = (
        select(*IndicatorValue.__table__.c)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(Indicator.plan_id == plan_id)
        .order_by(IndicatorValue.id)
    )
    return {
        "plan": rows(select(*Plan.__table__.c).where(Plan.id == plan_id)),
        "items": rows(items),
        "supporting": rows(supporting),
        "contexts": rows(select(*PlanContext.__table__.c).where(PlanContext.plan_id == plan_id)),
        "indicators": rows(indicators),
        "values": rows(values),
        "departments": rows(select(*Department.__table__.c).order_by(Department.id)),
        "audit": rows(select(*AuditEvent.__table__.c).order_by(AuditEvent.id)),
    }


def table_counts(session) -> dict[str, int]:
    from sqlalchemy import func

    tables = (Plan, WorkItem, Indicator, Department, AuditEvent, PlanContext)
    return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in tables}


SAMPLES = Path(__file__).resolve().parent / "import_samples"
# A 规划-style text: chapter departments as （牵头单位：…；配合单位：…）, a sub-task with 【X牵头，会同Y负责】,
# a task with （责任单位：…） (first = lead), a 专栏 box with ● entries; two names no seeded department has.
SMART_CITY = SAMPLES / "smart_city.txt"
SMART_CITY_UNKNOWN = (  # 市科技局 is the body's later name: the tracker holds its 2011 one (市科委)
    "市大数据局",
    "市科技局",
    "钱塘新区管委会",
)
