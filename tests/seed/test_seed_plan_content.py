"""The plan, its work-item tree and its context, checked against the plan document itself."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests.seed.conftest import items_by_key
from tracker.plan.models import Plan, PlanContext, WorkItem

TASK_TITLES = [
    "以工业信息化为重点推动“两化”深度融合",
    "着力提升服务业信息化水平",
    "以信息化促进高效生态农业发展",
    "深化“中国电子商务之都”建设",
]
GOAL_TITLES = [
    "信息基础设施建设水平持续领先",
    "信息产业的主导地位更加突出",
    "电子政务应用和服务体系日臻完善",
    "信息化对转变经济发展方式的贡献成效明显",
    "社会领域信息化日益普及和深化",
    "信息资源开发利用水平有效提升",
    "信息安全保障能力显著增强",
]
PLATFORM_TITLES = [
    "节能减排关键共性信息技术平台",
    "网络协同制造技术服务平台",
    "RFID研发应用平台",
    "第三方在线支付平台",
    "现代物流公共信息服务平台",
]


def _of_kind(session, kind: str) -> list[WorkItem]:
    query = select(WorkItem).where(WorkItem.kind == kind).order_by(WorkItem.parent_id, WorkItem.sort_order)
    return list(session.scalars(query))


def test_plan_header(session, seeded, document_lines):
    plan = session.scalars(select(Plan)).one()
    # The document has a no-break space before （上）; the seed keeps it.
    assert plan.title == "杭州市“十二五”信息化发展规划\u00a0（上）" == document_lines[0]
    assert (plan.start_year, plan.end_year) == (2011, 2015)
    assert plan.source.startswith(document_lines[0]) and "第一部分" in plan.source
    assert plan.preamble == "\n".join(document_lines[1:4])


def test_titles_of_tasks_goals_and_platforms(session, seeded):
    assert [item.title for item in _of_kind(session, "task")] == TASK_TITLES
    assert [item.title for item in _of_kind(session, "goal")] == GOAL_TITLES
    assert [item.title for item in _of_kind(session, "platform")] == PLATFORM_TITLES
    assert [item.outline_no for item in _of_kind(session, "goal")] == [f"{n}." for n in range(1, 8)]
    # 专栏3's entries are ● in the document: no number of the tracker's is given them
    assert [item.outline_no for item in _of_kind(session, "platform")] == ["●"] * 5


def test_counts_by_kind(session, seeded):
    counts = {kind: len(_of_kind(session, kind)) for kind in ("section", "task", "subtask", "platform", "goal")}
    assert counts == {"section": 5, "task": 4, "subtask": 15, "platform": 5, "goal": 7}
    contexts = [context.kind for context in session.scalars(select(PlanContext))]
    assert (contexts.count("trend"), contexts.count("problem"), contexts.count("achievement")) == (6, 5, 6)
    assert seeded.counts["items"].created == 36


def test_tree_shape(session, seeded):
    items = items_by_key(session)
    assert [(items[key].outline_no, items[key].title) for key in ("s2", "s2.2", "s3", "s3.1", "s3.1.box3")] == [
        ("二、", "指导思想、发展目标与基本原则"),
        ("(二)", "发展目标"),
        ("三、", "主要任务"),
        ("(一)", "以信息化推动经济转型升级"),
        ("专栏3", "“两化融合”促进经济转型升级的重点建设平台"),
    ]
    assert items["s2"].parent is None and items["s3"].parent is None
    assert {item.parent.seed_key for item in _of_kind(session, "goal")} == {"s2.2"}
    assert {item.parent.seed_key for item in _of_kind(session, "task")} == {"s3.1"}
    assert {item.parent.seed_key for item in _of_kind(session, "platform")} == {"s3.1.box3"}
    assert [child.seed_key for child in items["s3.1"].children] == [f"s3.1.t{n}" for n in range(1, 5)] + ["s3.1.box3"]
    assert [len(items[f"s3.1.t{n}"].children) for n in range(1, 5)] == [4, 6, 2, 3]


def test_every_mandate_is_cut_from_the_document(session, seeded, document, document_lines):
    for item in session.scalars(select(WorkItem)):
        assert item.mandate in document, item.seed_key
        assert item.title in document, item.seed_key
    items = items_by_key(session)
    assert items["s2.2"].mandate.startswith("到2015年，") and items["s2.2"].mandate in document_lines
    for goal in _of_kind(session, "goal"):
        assert goal.outline_no + goal.mandate in document_lines
        assert goal.mandate.startswith(goal.title + "。") and "。" not in goal.title
    for platform in _of_kind(session, "platform"):
        assert "●" + platform.mandate in document_lines
        assert platform.mandate.startswith(platform.title + "。")
    for subtask in _of_kind(session, "subtask"):
        assert subtask.mandate in document_lines
        assert subtask.mandate.startswith(subtask.title + "。") and "。" not in subtask.title
    for task in _of_kind(session, "task"):
        assert f"{task.outline_no}{task.title}。" in document_lines
    assert items["s3.1.t1"].mandate.startswith("利用信息化时代特征") and items["s3.1.t1"].mandate in document_lines
    assert [items[f"s3.1.t{n}"].mandate for n in (2, 3, 4)] == ["", "", ""]


def test_every_task_paragraph_is_a_subtask(session, seeded, document_lines):
    """Parse 三、(一) from the document: each paragraph under a numbered task (bar task 1's introduction)."""
    start = document_lines.index("(一)以信息化推动经济转型升级。") + 1
    end = next(n for n, line in enumerate(document_lines) if line.startswith("专栏3："))
    expected: dict[str, list[str]] = {}
    task = ""
    for line in document_lines[start:end]:
        if re.match(r"\d+\.", line):
            task = line
            expected[task] = []
        else:
            expected[task].append(line)
    expected[next(iter(expected))].pop(0)  # 利用信息化时代特征…: the task's introduction, its mandate
    items = items_by_key(session)
    for number, paragraphs in enumerate(expected.values(), 1):
        children = items[f"s3.1.t{number}"].children
        assert [child.mandate for child in children] == paragraphs
        assert [child.outline_no for child in children] == [f"({n})" for n in range(1, len(paragraphs) + 1)]
        assert all(child.kind == "subtask" for child in children)


def test_default_dates_and_assignments(session, seeded):
    for item in session.scalars(select(WorkItem)):
        assert (item.start_date, item.due_date) == (date(2011, 1, 1), date(2015, 12, 31)), item.seed_key
        if item.kind == "section":
            assert item.lead_department is None
        else:
            assert item.lead_department is not None, item.seed_key
            assert item.lead_department not in item.supporting_departments
    items = items_by_key(session)
    assert items["s3.1.t1"].lead_department.short_name == "市经信委"
    assert items["s3.1.t2.p2"].lead_department.short_name == "市金融办"
    assert items["s3.1.t3"].lead_department.short_name == "市农业局"
    assert items["s3.1.t4"].lead_department.short_name == "市商务委"
    assert "人行杭州中心支行" in {d.short_name for d in items["s3.1.t2.p2"].supporting_departments}


def test_context_entries(session, seeded, document_lines):
    contexts = list(session.scalars(select(PlanContext).order_by(PlanContext.id)))  # created in document order
    by_kind = {kind: [c for c in contexts if c.kind == kind] for kind in ("trend", "achievement", "problem")}
    assert [c.title for c in by_kind["trend"]][:2] == [
        "信息技术孕育着新的重大突破",
        "信息网络基础设施向宽带、泛在和融合方向加快发展",
    ]
    assert [c.title for c in by_kind["problem"]][-1] == "缺乏有效的统计与绩效评估体系"
    for context in by_kind["trend"] + by_kind["problem"]:
        heading = document_lines.index(f"{context.outline_no}{context.title}。")
        assert context.body == document_lines[heading + 1]
    for context in by_kind["achievement"]:
        assert all(paragraph in document_lines for paragraph in context.body.split("\n"))
    assert by_kind["achievement"][0].title == "“十一五”期间杭州信息化取得的成效"
    assert by_kind["achievement"][-1].body.endswith("连接各单位的光纤链路和数据专线链路49条。")
