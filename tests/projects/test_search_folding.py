"""Project search folds the query and the texts as the tree search does (tracker.plan.hierarchy.search_fold), and
finds a project by its work items' short names and titles too."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.projects.test_index import get, listed
from tracker.projects.queries import ProjectFilters, list_projects


@pytest.fixture
def named(make, world):
    world.task.short_name = "两化融合"
    world.task.title = "推进“两化”深度融合"
    quoted = make.project(world.other, world.dept_b, name="“两化”融合示范", fund_source="市级财政")
    plain = make.project(world.subtask, world.dept_a, name="企业上云", description="服务“两化” 融合")
    under_task = make.project(world.task, world.dept_a, name="信息化改造")
    linked = make.project(world.other, world.dept_b, name="智慧园区")
    linked.linked_items = [world.task]
    make.project(world.other, world.dept_b, name="智慧交通")
    return quoted, plain, under_task, linked


@pytest.mark.parametrize(
    "query",
    ["两化融合", "“两化”融合", '"两化"融合', "两化 融合", "两化、融合"],
)
def test_quotation_marks_and_spaces_do_not_matter(client_for, world, named, query):
    page = get(client_for(world.viewer), f"/projects?q={query}")
    # Department order (甲 before 乙), then name; the task's short name finds the projects serving it.
    assert listed(page) == ["企业上云", "信息化改造", "“两化”融合示范", "智慧园区"]


def test_a_short_name_or_title_of_the_item_finds_its_projects(client_for, world, named):
    client = client_for(world.viewer)
    assert listed(get(client, "/projects?q=推进两化深度融合")) == ["信息化改造", "智慧园区"]
    assert listed(get(client, "/projects?q=企业信息化")) == ["企业上云"]  # the subtask's title


def test_latin_letters_fold_as_in_the_tree(client_for, world, make):
    make.project(world.task, world.dept_a, name="ＩＰｖ６ 升级")
    assert listed(get(client_for(world.viewer), "/projects?q=ipv6")) == ["ＩＰｖ６ 升级"]


def test_a_query_of_punctuation_only_is_ignored_with_a_notice(client_for, world, named):
    page = get(client_for(world.viewer), "/projects?q=%25")
    assert len(listed(page)) == 5
    assert "搜索词只有标点或空格，已忽略。" in page


def test_search_statements_do_not_grow_with_the_data(session, world, make, named, count_statements):
    session.expire_all()
    with count_statements() as small:
        list_projects(ProjectFilters(q="两化融合"), world.plan.id, TODAY)
    for n in range(30):
        make.project(world.task, world.dept_a, name=f"“两化”融合{n}", description="“两化”融合")
    session.expire_all()
    with count_statements() as large:
        result = list_projects(ProjectFilters(q="两化融合"), world.plan.id, TODAY)
    assert result.total == 34
    assert small.count == large.count
