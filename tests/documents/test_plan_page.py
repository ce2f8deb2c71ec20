"""The plan page (/plans/<id>): the whole document in its order, each work item linked with its status."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.seed import conftest as seed_fixtures
from tests.seed.conftest import SEED_DIR, items_by_key
from tracker.indicators.models import Indicator
from tracker.plan.models import Plan, PlanContext
from tracker.seeding.loader import load_seed_dir

# The plan document itself, as the seed tests read it.
document, document_lines = seed_fixtures.document, seed_fixtures.document_lines


@pytest.fixture
def seeded_plan(session) -> Plan:
    load_seed_dir(SEED_DIR)
    return session.scalars(select(Plan)).one()


@pytest.fixture
def reader(make, client_for):
    return client_for(make.user(role="viewer"))


def _page(reader, plan_id: int) -> str:
    response = reader.get(f"/plans/{plan_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    """The page's words without tags, as a reader sees them (numbers and titles run together as printed)."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_every_part_of_the_document_in_document_order(reader, seeded_plan, document_lines):
    html = _page(reader, seeded_plan.id)
    article = _text(html.split('data-testid="plan-document"', 1)[1])
    # The document's headings, in the document's order (一、's number is the tracker's: shown as 〔一〕).
    headings = [
        "〔一〕发展趋势与现实基础",
        "(一)发展趋势",
        "1.信息技术孕育着新的重大突破",
        "专栏1：十二五期间对经济社会发展产生重大影响的信息技术领域",
        "●物联网。",
        "●移动互联网。",
        "(二)“十一五”期间杭州信息化取得的成效",
        "5.信息化发展环境日臻完善",
        "(三)存在的主要问题",
        "5.缺乏有效的统计与绩效评估体系",
        "二、指导思想、发展目标与基本原则",
        "(一)指导思想",
        "(二)发展目标",
        "具体目标",
        "7.信息安全保障能力显著增强。",
        "专栏2：十二五期间信息化发展主要指标对照表",
        "(三)基本原则",
        "1.需求导向，深化应用",
        "5.以人为本，普遍受惠",
        "三、主要任务",
        "(一)以信息化推动经济转型升级",
        "1.以工业信息化为重点推动“两化”深度融合",
        "〔1〕开展“两化”融合区域示范。",
        "4.深化“中国电子商务之都”建设",
        "专栏3：“两化融合”促进经济转型升级的重点建设平台",
        "●节能减排关键共性信息技术平台。",
        "●现代物流公共信息服务平台。",
    ]
    positions = [article.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # Every line of the document is on the page (the cells of 专栏2's table are the register's rows: below).
    page = _text(html)
    table = document_lines.index("专栏2：十二五期间信息化发展主要指标对照表")
    table_end = document_lines.index("(三)基本原则。")
    for line in document_lines[: table + 1] + document_lines[table_end:]:
        assert _text(line).rstrip("。：") in page, line


def test_work_items_link_to_their_pages_with_status_and_progress(reader, seeded_plan, session):
    items = items_by_key(session)
    items["s3.1.t2.p3"].status, items["s3.1.t2.p3"].progress = "in_progress", 40
    session.flush()
    html = _page(reader, seeded_plan.id)
    for item in items.values():
        assert f'href="/items/{item.id}"' in html, item.seed_key
    facts = html.split(f'data-testid="item-facts-{items["s3.1.t2.p3"].id}"', 1)[1].split("</span>\n  </span>")[0]
    assert "进行中" in facts and "40%" in facts
    # Contexts are read, not tracked: no status beside them.
    assert html.count('data-testid="item-facts-') == len(items)


def test_goals_and_the_indicator_table_link_to_the_register(reader, seeded_plan, session):
    html = _page(reader, seeded_plan.id)
    table = html.split('data-testid="indicator-table"', 1)[1].split("</table>", 1)[0]
    tabulated = session.scalars(select(Indicator).where(Indicator.source_text.contains("专栏2："))).all()
    assert len(tabulated) == 10
    for indicator in tabulated:
        assert f'href="/indicators/{indicator.id}"' in table
    goal_linked = session.scalars(select(Indicator).where(Indicator.goal_item_id.is_not(None))).all()
    for indicator in goal_linked:
        assert html.count(f'href="/indicators/{indicator.id}"') >= 1


def test_added_numbers_are_marked_and_explained(reader, seeded_plan, session):
    html = _page(reader, seeded_plan.id)
    marked = re.findall(r'<span class="outline-added" title="([^"]+)">(〔[^〕]*〕)</span>', html)
    added = [item for item in items_by_key(session).values() if item.outline_added]
    contexts_added = session.scalars(select(PlanContext).where(PlanContext.outline_added)).all()
    # Each added number once in the article, once more when the table of contents lists it (一、 only).
    assert len(marked) == len(added) + 2 * len(contexts_added)
    assert {title for title, _number in marked} == {"编号为系统添加，非规划原文"}
    assert "〔 〕内的编号为系统添加，非规划原文" in html


def test_table_of_contents_lists_chapters_and_sections(reader, seeded_plan):
    html = _page(reader, seeded_plan.id)
    toc = html.split('data-testid="toc"', 1)[1].split("</ol>", 1)[0]
    entries = re.findall(r'<a href="#([^"]+)">', toc)
    assert entries[0] == "preamble"
    for anchor in entries[1:]:
        assert f'id="{anchor}"' in html
    assert len(entries) == 1 + 3 + 3 + 3 + 1  # 前言; 一、二、三、; the (一)(二)(三) of 一 and 二; 三(一)


def test_the_table_of_contents_keeps_each_number_apart_from_its_title(reader, make):
    plan = make.plan(title="杭州市数字经济发展规划", preamble="")
    make.item(plan, kind="section", title="总体要求", outline_no="第一章", sort_order=1)
    make.item(plan, kind="section", title="主要任务", outline_no="第二章", sort_order=2)
    html = _page(reader, plan.id)
    toc = html.split('data-testid="toc"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<a href="#[^"]+">(.*?)</a>', toc) == [
        '<span class="outline-no me-1">第一章</span>总体要求',
        '<span class="outline-no me-1">第二章</span>主要任务',
    ]


def test_an_imported_plan_reads_as_its_items(reader, make):
    """A plan with work items only (as the importer writes it): its items in tree order, no background."""
    plan = make.plan(title="杭州市信息化发展规划（下）", preamble="")
    chapter = make.item(plan, kind="section", title="保障措施", outline_no="四、")
    first = make.item(plan, parent=chapter, kind="task", title="加强组织领导", outline_no="(一)", sort_order=1)
    second = make.item(plan, parent=chapter, kind="task", title="完善政策法规", outline_no="(二)", sort_order=2)
    retired = make.item(plan, parent=chapter, kind="task", title="已撤销的任务", sort_order=3, retired=True)
    html = _page(reader, plan.id)
    text = _text(html)
    assert text.index("四、保障措施") < text.index("(一)加强组织领导") < text.index("(二)完善政策法规")
    assert f'href="/items/{first.id}"' in html and f'href="/items/{second.id}"' in html
    assert retired.title not in html
    assert 'id="preamble"' not in html and 'data-testid="indicator-table"' not in html


def test_an_empty_plan_and_a_missing_one(reader, make):
    assert "此规划还没有任何部分。" in _page(reader, make.plan().id)
    assert reader.get("/plans/987654").status_code == 404


def test_statement_count_does_not_grow_with_the_plan(reader, make, count_statements):
    def plan_of(size: int) -> Plan:
        plan = make.plan()
        for n in range(size):
            section = make.item(plan, kind="section", title=f"章{n}")
            make.plan_context(plan, kind="heading", title=f"背景{n}", work_item_id=section.id)
            for m in range(size):
                goal = make.item(plan, parent=section, kind="goal", title=f"目标{n}.{m}")
                session = make.session
                session.add(
                    Indicator(
                        plan=plan, code=f"I{n}.{m}", name="指标", target_year=2015, target_value=1, goal_item=goal
                    )
                )
        make.session.flush()
        return plan

    counts = []
    for size in (2, 6):
        plan = plan_of(size)
        reader.get(f"/plans/{plan.id}")  # the first request loads the user and fills caches
        with count_statements() as counter:
            assert reader.get(f"/plans/{plan.id}").status_code == 200
        counts.append(counter.count)
    # Its items, contexts and indicators, and what every page reads (the navigation's unread count included);
    # no departments (the page shows none).
    assert counts[0] == counts[1] <= 8


def test_the_front_page_links_to_the_plan_page(reader, seeded_plan):
    html = reader.get("/").get_data(as_text=True)
    assert f'href="/plans/{seeded_plan.id}" data-testid="plan-document-link"' in html


def test_the_page_is_about_its_own_plan_whatever_the_session_chose(reader, make):
    """Another plan's page (the session shows the default plan): the navigation names the page's plan, and its
    links to plan-scoped pages (the tree, the register) open that plan."""
    default = make.plan(code="alpha-2011", title="甲规划（十二五）")
    make.item(default, kind="section", title="甲的章")
    other = make.plan(code="beta-2016", title="乙规划（十三五）")
    make.item(other, kind="section", title="乙的章")
    make.plan_context(other, kind="indicator_table", outline_no="专栏2", title="主要指标", seed_key="beta-table")
    html = _page(reader, other.id)
    assert "乙规划（十三五）" in html.split('data-testid="shown-plan"')[1].split("</a>")[0]
    crumbs = html.split('aria-label="面包屑"')[1].split("</nav>")[0]
    assert 'href="/?plan=beta-2016"' in crumbs
    table = html.split('data-testid="indicator-table"')[1]
    assert 'href="/indicators?plan=beta-2016"' in table.split("</p>")[0]
    # The session's choice is still the default plan.
    assert "甲的章" in reader.get("/").get_data(as_text=True)


def test_the_default_plans_page_links_name_it_too(reader, make):
    plan = make.plan(code="alpha-2011", title="甲规划（十二五）")
    make.item(plan, kind="section", title="甲的章")
    make.plan(code="beta-2016", title="乙规划（十三五）")
    html = _page(reader, plan.id)
    assert 'href="/?plan=alpha-2011"' in html.split('aria-label="面包屑"')[1].split("</nav>")[0]


def test_short_names_are_shown_beside_the_titles_the_document_s_words_untouched(reader, seeded_plan, session):
    items = items_by_key(session)
    html = _page(reader, seeded_plan.id)
    named = {item.id: item.short_name for item in items.values() if item.short_name}
    assert len(named) == 9  # the four main tasks and the five platforms
    for item_id, name in named.items():
        part = html.split(f'id="item-{item_id}"', 1)[1]
        assert f'data-short-name="{name}"' in re.split(r'id="item-\d+"', part, maxsplit=1)[0], name
    assert html.count('class="badge rounded-pill text-bg-info short-name"') == len(named)
    # A main task's beside its heading; a platform's with the tracker's facts, after the document's sentence.
    task = html.split(f'id="item-{items["s3.1.t1"].id}-h"', 1)[1].split("</h", 1)[0]
    assert 'data-short-name="两化融合"' in task
    platform = items["s3.1.box3.pf3"]
    facts = html.split(f'data-testid="item-facts-{platform.id}"', 1)[1].split("</span>\n  </span>")[0]
    assert 'data-short-name="RFID平台"' in facts
