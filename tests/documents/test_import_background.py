"""Background is read, not tracked: the reader proposes per heading which parts are background (the trends, the
results, the problems, the guiding thought, the principles), the office may flip the first two levels on the
preview, the command prints it (and --track-all tracks everything), and the writer writes it as plan contexts in
document order, attached as the seed attaches them; the plan page shows it."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import yaml
from sqlalchemy import select

from tests.documents.import_helpers import SEED_DIR
from tests.seed.conftest import DOCUMENT_CANDIDATES
from tracker.documents.background import decide_background, title_kind
from tracker.documents.matching import match_departments
from tracker.documents.parsing import parse_document, parse_text
from tracker.documents.services import NEW_DEPARTMENT, import_plan
from tracker.plan.models import ContextKind, Plan, PlanContext, WorkItem
from tracker.seeding.files import CONTEXT_KINDS

DOCUMENT = """某市数字经济发展“十四五”规划
为加快数字经济发展，制定本规划。
一、发展基础与面临形势
（一）发展基础
“十三五”期间，全市数字经济增加值年均增长15%。
（二）面临形势
新一轮科技革命加速演进。
二、总体要求
（一）指导思想
以新发展理念为引领，推动数字经济高质量发展。
（二）基本原则
1.创新引领。坚持创新是第一动力。
2.数据驱动。发挥数据要素作用。
（三）发展目标
到2025年，数字经济核心产业增加值达到3000亿元以上。
三、主要任务
（一）建设新型基础设施（牵头单位：市经信局）
1.建设5G网络。
2.解决数据共享中的突出问题。
（二）推进产业数字化（牵头单位：市发改委）
"""


def _shape(parsed) -> dict[str, str]:
    return {f"{item.marker}{item.title}": item.context_kind or item.kind for item in parsed.walk()}


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("发展趋势与现实基础", ContextKind.HEADING),
        ("发展趋势", ContextKind.TREND),
        ("面临形势", ContextKind.TREND),
        ("“十一五”期间杭州信息化取得的成效", ContextKind.ACHIEVEMENT),
        ("存在的主要问题", ContextKind.PROBLEM),
        ("指导思想", ContextKind.GUIDANCE),
        ("基本原则", ContextKind.PRINCIPLE),
        ("规划背景", ContextKind.HEADING),
        ("指导思想和基本原则", ContextKind.HEADING),
        ("指导思想、发展目标与基本原则", None),  # it names the goals too
        ("总体要求", None),
        ("主要任务", None),
        ("推进产业数字化", None),
    ],
)
def test_the_titles_that_name_background(title, kind):
    assert title_kind(title) == kind


def test_the_reader_proposes_background_from_titles_and_children_inherit_it():
    parsed = parse_text(DOCUMENT)
    assert _shape(parsed) == {
        "一、发展基础与面临形势": "heading",
        "（一）发展基础": "heading",
        "（二）面临形势": "trend",
        "二、总体要求": "section",
        "（一）指导思想": "guidance",
        "（二）基本原则": "heading",
        "1.创新引领": "principle",
        "2.数据驱动": "principle",
        "（三）发展目标": "task",
        "三、主要任务": "section",
        "（一）建设新型基础设施": "task",
        "1.建设5G网络": "subtask",
        # A third level is never proposed by its title: a task may well solve a problem.
        "2.解决数据共享中的突出问题": "subtask",
        "（二）推进产业数字化": "task",
    }
    assert [item.title for item in parsed.walk() if item.background][:3] == [
        "发展基础与面临形势",
        "发展基础",
        "面临形势",
    ]


def test_the_office_flips_a_heading_and_everything_under_background_follows(session):
    parsed = parse_text(DOCUMENT)
    lines = {item.title: item.line for item in parsed.walk()}
    # 一、 tracked after all (its （一） stays background by its own title), its （二） read only as well; 二、 read
    # only: its （三） follows it whatever it says.
    choices = {lines["发展基础与面临形势"]: True, lines["面临形势"]: False, lines["总体要求"]: False}
    choices[lines["发展目标"]] = True
    decide_background(parsed.items, choices)
    background = {item.title for item in parsed.walk() if item.background}
    assert background == {
        "发展基础",
        "面临形势",
        "总体要求",
        "指导思想",
        "基本原则",
        "创新引领",
        "数据驱动",
        "发展目标",
    }
    assert {item.title for item in parsed.walk() if item.context_kind == "heading"} == {
        "发展基础",
        "总体要求",
        "基本原则",
        "发展目标",
    }
    decide_background(parsed.items, track_all=True)
    assert not any(item.background for item in parsed.walk())


def _import(parsed, office, code="digital-14"):
    names = parsed.department_names()
    known = match_departments(names)
    return import_plan(
        parsed,
        code=code,
        name=None,
        department_map={name: NEW_DEPARTMENT for name in names if known[name] is None},
        indicators=[],
        actor=office,
        period=parsed.period or (2021, 2025),
    )


def _contexts(session, plan_id: int) -> list[PlanContext]:
    query = select(PlanContext).where(PlanContext.plan_id == plan_id).order_by(PlanContext.id)
    return list(session.scalars(query))


def _placed(context: PlanContext) -> tuple[str, str | None, str | None, int]:
    parent = context.parent.title if context.parent else None
    item = context.work_item.title if context.work_item else None
    return context.title, parent, item, context.sort_order


def test_background_is_written_as_contexts_in_document_order(session, seeded, office):
    plan = _import(parse_text(DOCUMENT), office)
    contexts = _contexts(session, plan.id)
    assert [(c.kind, *_placed(c)) for c in contexts] == [
        ("heading", "发展基础与面临形势", None, None, 1),
        ("heading", "发展基础", "发展基础与面临形势", None, 1),
        ("trend", "面临形势", "发展基础与面临形势", None, 2),
        ("guidance", "指导思想", None, "总体要求", 1),
        ("heading", "基本原则", None, "总体要求", 2),
        ("principle", "创新引领", "基本原则", None, 1),
        ("principle", "数据驱动", "基本原则", None, 2),
    ]
    assert contexts[1].body == "“十三五”期间，全市数字经济增加值年均增长15%。"
    assert contexts[5].body == "坚持创新是第一动力。" and contexts[5].outline_no == "1."
    items = session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id).order_by(WorkItem.path)).all()
    # Sort orders are counted with the contexts beside them: 总体要求 is the second chapter, 发展目标 its third part.
    assert [(item.title, item.sort_order) for item in items][:2] == [("总体要求", 2), ("发展目标", 3)]
    assert "指导思想" not in {item.title for item in items}


def _seed_document() -> bytes:
    path = next(candidate for candidate in DOCUMENT_CANDIDATES if candidate.exists())
    return path.read_bytes()


def _seed_entries(entries, parent=None):
    for entry in entries:
        yield entry, parent
        yield from _seed_entries(entry.get("children", []), entry)


def test_the_seed_document_splits_as_the_seed_does(session, seeded, office):
    """一、's parts, 指导思想, 基本原则 and 专栏1 (with its entries) are background; the goals, the tasks and the
    专栏3 platforms are work items; 专栏2, the indicator table, is background as the seed keeps it. Each context is
    attached where the seed attaches it."""
    seeded_plan = session.scalars(select(Plan)).one()
    parsed = parse_document(_seed_document(), max_bytes=1024 * 1024)
    seed = yaml.safe_load((SEED_DIR / "plan.yaml").read_text(encoding="utf-8"))["items"]
    read = {item.title: item for item in parsed.walk()}
    for entry, _parent in _seed_entries(seed):
        if entry["kind"] == "subtask" or entry["title"] == "具体目标":  # neither is a heading of the document
            continue
        assert read[entry["title"]].background is (entry["kind"] in CONTEXT_KINDS), entry["title"]

    plan = _import(parsed, office, code="hz-reimported")
    imported = {c.title: c for c in _contexts(session, plan.id)}
    original = {c.title: c for c in _contexts(session, seeded_plan.id) if c.title != "具体目标"}
    assert set(imported) == set(original)

    def place(context):
        return context.kind, *_placed(context)[1:3]

    differ = {
        title: (place(original[title]), place(c)) for title, c in imported.items() if place(c) != place(original[title])
    }
    # The seed calls the results' chapter heading an achievement like its parts; the reader calls every heading over
    # background parts a heading.
    assert differ == {
        "“十一五”期间杭州信息化取得的成效": (
            ("achievement", "发展趋势与现实基础", None),
            ("heading", "发展趋势与现实基础", None),
        )
    }
    seeded_items = set(
        session.scalars(select(WorkItem.title).where(WorkItem.plan_id == seeded_plan.id, WorkItem.kind != "subtask"))
    )
    assert set(session.scalars(select(WorkItem.title).where(WorkItem.plan_id == plan.id))) == seeded_items


def test_the_plan_page_shows_an_imported_plans_background(session, seeded, office, client_for):
    plan = _import(parse_text(DOCUMENT), office)
    html = client_for(office).get(f"/plans/{plan.id}").get_data(as_text=True)
    html = html[html.index('data-testid="plan-document"') :]  # the document, after its table of contents
    text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))
    assert (
        text.index("一、发展基础与面临形势")
        < text.index("“十三五”期间，全市数字经济增加值")
        < text.index("二、总体要求")
    )
    assert (
        text.index("二、总体要求")
        < text.index("（一）指导思想")
        < text.index("（二）基本原则")
        < text.index("（三）发展目标")
    )
    assert 'data-kind="guidance"' in html and 'data-kind="principle"' in html
    goal = session.scalar(select(WorkItem).where(WorkItem.plan_id == plan.id, WorkItem.title == "发展目标"))
    assert f'data-testid="item-facts-{goal.id}"' in html
    guidance = session.scalar(
        select(PlanContext).where(PlanContext.plan_id == plan.id, PlanContext.title == "指导思想")
    )
    assert f'id="context-{guidance.id}"' in html


def _upload(client):
    form = {"code": "digital-14", "name": "", "start_year": "", "end_year": ""}
    form["file"] = (io.BytesIO(DOCUMENT.encode()), "digital.txt")
    return unescape(client.post("/plans/import", data=form, content_type="multipart/form-data").get_data(as_text=True))


def _boxes(html: str) -> dict[str, bool]:
    """Each offered heading's line -> whether its 跟踪 box is ticked."""
    shown = re.findall(r'name="track_shown" value="(\d+)"', html)
    ticked = set(re.findall(r'name="track" value="(\d+)" id="track-\d+" checked', html))
    return {line: line in ticked for line in shown}


def test_the_preview_offers_tracking_for_two_levels_and_confirms_the_office_choice(session, seeded, client_for, office):
    client = client_for(office)
    html = _upload(client)
    assert "跟踪 / 仅阅读" in html
    lines = {item.title: str(item.line) for item in parse_text(DOCUMENT).walk()}
    boxes = _boxes(html)
    # Every first- and second-level heading has a box, except those under a read-only chapter.
    assert set(boxes) == {lines[t] for t in ("发展基础与面临形势", "总体要求", "指导思想", "基本原则", "发展目标")} | {
        lines[t] for t in ("主要任务", "建设新型基础设施", "推进产业数字化")
    }
    assert boxes[lines["发展基础与面临形势"]] is False and boxes[lines["指导思想"]] is False
    assert boxes[lines["总体要求"]] is True
    assert re.search(rf'<tr data-line="{lines["创新引领"]}" data-background="yes"', html)
    text = re.search(r'name="text" type="hidden" value="([^"]*)"', html, re.S).group(1)
    ticked = [line for line, on in boxes.items() if on and line != lines["推进产业数字化"]] + [lines["指导思想"]]
    unknown = re.findall(r'name="department_name-(\d+)" value="([^"]*)"', html)
    data = {"text": text, "filename": "digital.txt", "code": "digital-14", "name": "", "start_year": "2021"}
    data |= {"end_year": "2025", "track_shown": list(boxes), "track": ticked}
    for index, name in unknown:
        data |= {f"department_name-{index}": name, f"department-{index}": NEW_DEPARTMENT}
    response = client.post("/plans/import/confirm", data=data)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[:3000]
    plan = session.scalar(select(Plan).where(Plan.code == "digital-14"))
    contexts = {c.title: c.kind for c in _contexts(session, plan.id)}
    # 指导思想 ticked: a task; 推进产业数字化 unticked: background, with no department.
    assert "指导思想" not in contexts and contexts["推进产业数字化"] == "heading"
    items = {i.title: i for i in session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id))}
    assert "指导思想" in items and "推进产业数字化" not in items


def test_the_command_prints_background_and_track_all_tracks_everything(app, session, seeded, tmp_path):
    path = tmp_path / "digital.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["plan", "import", str(path), "--code", "digital-14", "--dry-run", "--create-departments"])
    assert dry.exit_code == 0, dry.output
    assert "    （一） 指导思想 [仅阅读：指导思想]" in dry.output.splitlines()
    assert "  二、 总体要求 [章节]" in dry.output.splitlines()
    args = ["plan", "import", str(path), "--code", "digital-14", "--create-departments", "--track-all"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "已导入规划 digital-14：14 项。" in result.output
    plan = session.scalar(select(Plan).where(Plan.code == "digital-14"))
    assert _contexts(session, plan.id) == []
