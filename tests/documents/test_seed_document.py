"""The seed plan document read by the reader: every heading and box as the document writes it, and the tree the
tracker holds in seed/plan.yaml (kinds, titles, the order of its parts)."""

from __future__ import annotations

import pytest
import yaml

from tests.seed.conftest import DOCUMENT_CANDIDATES, SEED_DIR
from tracker.documents.model import ParsedDocument
from tracker.documents.parsing import parse_document
from tracker.seeding.files import CONTEXT_KINDS


@pytest.fixture(scope="module")
def parsed() -> ParsedDocument:
    path = next((candidate for candidate in DOCUMENT_CANDIDATES if candidate.exists()), None)
    if path is None:
        pytest.fail(f"plan document not found in {[str(candidate) for candidate in DOCUMENT_CANDIDATES]}")
    return parse_document(path.read_bytes(), max_bytes=1024 * 1024)


def test_title_period_and_preamble(parsed):
    assert parsed.title == "杭州市“十二五”信息化发展规划\u00a0（上）"
    assert parsed.period == (2011, 2015)
    paragraphs = parsed.preamble.split("\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("“十二五”时期是杭州市全面建成小康社会")
    assert paragraphs[2].startswith("本规划是全市国民经济和社会发展")


def test_every_heading_comes_out_as_the_document_writes_it(parsed):
    # The first chapter has lost its "一、" in the document: it is read as a heading without a number.
    tops = [(item.marker, item.title) for item in parsed.items]
    assert tops == [("", "发展趋势与现实基础"), ("二、", "指导思想、发展目标与基本原则"), ("三、", "主要任务")]
    background, principles, tasks = parsed.items
    assert [(item.marker, item.title) for item in background.children] == [
        ("（一）", "发展趋势"),
        ("（二）", "“十一五”期间杭州信息化取得的成效"),
        ("（三）", "存在的主要问题"),
    ]
    trends, results, problems = background.children
    assert [item.marker for item in trends.children] == ["1.", "2.", "3.", "4.", "5.", "6.", "专栏1"]
    assert [item.marker for item in results.children] == ["1.", "2.", "3.", "4.", "5."]
    assert [item.marker for item in problems.children] == ["1.", "2.", "3.", "4.", "5."]
    assert [(item.marker, item.title) for item in principles.children] == [
        ("（一）", "指导思想"),
        ("（二）", "发展目标"),
        ("（三）", "基本原则"),
    ]
    guiding, goals, basics = principles.children
    assert [item.marker for item in goals.children] == ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "专栏2"]
    assert [item.title for item in basics.children] == [
        "需求导向，深化应用",
        "统筹规划，协调发展",
        "创新驱动，转型升级",
        "保障安全，优化环境",
        "以人为本，普遍受惠",
    ]
    assert guiding.mandate.startswith("全面贯彻落实科学发展观")
    (economy,) = tasks.children
    assert (economy.marker, economy.title) == ("（一）", "以信息化推动经济转型升级")
    assert [item.marker for item in economy.children] == ["1.", "2.", "3.", "4.", "专栏3"]
    assert [item.kind for item in parsed.items] == ["section", "section", "section"]


def test_boxes_and_their_bullets(parsed):
    boxes = [item for item in parsed.walk() if item.marker.startswith("专栏")]
    assert [(box.marker, box.title) for box in boxes] == [
        ("专栏1", "十二五期间对经济社会发展产生重大影响的信息技术领域"),
        ("专栏2", "十二五期间信息化发展主要指标对照表"),
        ("专栏3", "“两化融合”促进经济转型升级的重点建设平台"),
    ]
    assert [(item.marker, item.title) for item in boxes[0].children] == [
        ("●", "物联网"),
        ("●", "三网融合"),
        ("●", "云计算"),
        ("●", "移动互联网"),
    ]
    # 专栏2 is a table: its rows ("1927.75", "2010年实绩") are the box's text, not headings.
    assert boxes[1].children == []
    assert boxes[1].mandate.split("\n")[:4] == ["指 标 名 称", "指标单位", "2010年实绩", "2015年目标"]
    assert "1927.75" in boxes[1].mandate.split("\n")
    assert all(item.marker == "●" for item in boxes[2].children)


def test_the_tree_matches_the_seeded_plan(parsed):
    """Titles, kinds and order of the seeded work items (seed/plan.yaml) under 二、 and 三、. The seed's sub-task
    numbers "(1)…(6)" are the tracker's own (the document has none): the reader finds no such headings."""
    seeded = yaml.safe_load((SEED_DIR / "plan.yaml").read_text(encoding="utf-8"))["items"]
    by_title = {item.title: item for item in parsed.walk()}

    missing_contexts = []

    def check(entries):
        for entry in entries:
            if entry["kind"] == "subtask":
                assert entry["title"] not in by_title
                continue
            if entry["kind"] in CONTEXT_KINDS:
                # Background (seed/plan.yaml keeps it in document order among the items): a heading the reader
                # finds too, whatever kind the reader gives a part nobody executes.
                if entry["title"] not in by_title:
                    missing_contexts.append(entry["title"])
                check(entry.get("children", []))
                continue
            item = by_title[entry["title"]]
            assert item.kind == entry["kind"], entry["title"]
            check(entry.get("children", []))

    check(seeded)
    # "具体目标：" is an unnumbered lead-in line in the document: the reader keeps it in the mandate of (二).
    assert missing_contexts == ["具体目标"]
    platforms = [item.title for item in parsed.walk() if item.kind == "platform"]
    assert platforms[-5:] == [
        "节能减排关键共性信息技术平台",
        "网络协同制造技术服务平台",
        "RFID研发应用平台",
        "第三方在线支付平台",
        "现代物流公共信息服务平台",
    ]


def test_the_mandates_are_the_paragraphs_under_each_heading(parsed):
    (economy,) = parsed.items[2].children
    industry = economy.children[0]
    paragraphs = industry.mandate.split("\n")
    assert paragraphs[0].startswith("利用信息化时代特征与工业化发展历史进程交融的机遇")
    assert [paragraph.split("。")[0] for paragraph in paragraphs[1:]] == [
        "开展“两化”融合区域示范",
        "积极运用信息技术改造提升传统优势行业",
        "广泛提高企业信息化水平",
        "推进信息技术在节能减排领域的应用",
    ]
    goal = parsed.items[1].children[1].children[0]
    assert goal.title == "信息基础设施建设水平持续领先"
    assert goal.mandate.startswith("基本形成宽带、泛在、融合、安全的下一代信息网络")


def test_the_missing_first_chapter_number_is_a_warning_not_a_renumbering(parsed):
    assert [(warning.line, warning.message) for warning in parsed.warnings] == [
        (5, "标题“发展趋势与现实基础”没有编号，读作“二、”之前的同级标题。")
    ]


def test_the_goals_targets_are_proposed_and_the_background_gives_none(parsed):
    found = [(target.name, target.comparator, str(target.target_value), target.unit) for target in parsed.indicators]
    assert ("全市电子信息产业主营业务收入", "gt", "4500", "亿元") in found
    assert ("信息服务业主营业务收入", "ge", "2000", "亿元") in found
    assert ("网上交易额", "gt", "2000", "亿元") in found
    assert ("政府电子政务核心业务信息化覆盖率区县级", "ge", "70", "%") in found
    goals = {item.line for item in parsed.items[1].children[1].children}
    # 一、's trends, results and problems state what was, not what the plan aims at.
    assert {target.item_line for target in parsed.indicators} <= goals
    assert len(found) == 12
