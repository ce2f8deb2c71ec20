"""The dashboard: its figures equal sums worked out independently, each links to the list it counts, and the
page's statement count does not grow with the data."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape

import pytest

from tests.conftest import TODAY
from tests.dashboard.dashboard_world import STALE_DAYS, STATUSES, Builder, build
from tracker.plan.hierarchy import rolled_progress
from tracker.plan.tree import load_tree

_FIGURE = re.compile(r'<a class="figure-link[^"]*" href="([^"]*)" data-testid="([\w-]+)">([^<]*)</a>')


def figures(page: str) -> dict[str, tuple[str, str]]:
    """{data-testid: (href, text)} for every figure on the page."""
    return {testid: (unescape(href), text.strip()) for href, testid, text in _FIGURE.findall(page)}


def number(text: str) -> Decimal | int | None:
    """ "1,234.50" → Decimal, "38.9%" → Decimal, "3" → 3, "—" → None."""
    if text == "—":
        return None
    cleaned = text.replace(",", "").rstrip("%")
    return int(cleaned) if cleaned.isdigit() and "." not in text else Decimal(cleaned)


@pytest.fixture
def world(app, make, session):
    assert app.config["TRACKER_STALE_DAYS"] == STALE_DAYS
    return build(make, session, size=2)


@pytest.fixture
def page(client_for, world):
    response = client_for(world.office).get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_department_figures_match_sums_computed_from_the_data(world, page):
    shown = figures(page)
    for department in world.departments:
        expected = world.department(department.id)
        actual = {key: number(shown[f"dept-{department.id}-{key}"][1]) for key in expected}
        assert actual == expected, department.short_name
    assert f"dept-{world.inactive.id}-items" not in shown  # switched-off departments are not listed


def test_departments_with_neither_items_nor_projects_are_only_counted(client_for, make, world):
    idle = make.department(short_name="无任务部门")
    page = client_for(world.office).get("/dashboard").get_data(as_text=True)
    assert f"dept-{idle.id}-items" not in figures(page) and "无任务部门" not in page
    note = re.search(r'data-testid="idle-departments">(.*?)</p>', page, re.S).group(1)
    assert "另有 1 个部门" in note and 'href="/departments"' in note


def test_plan_figures_match_the_data(world, page):
    shown = figures(page)
    live = world.live()
    assert number(shown["plan-items"][1]) == len(live)
    assert number(shown["plan-overdue"][1]) == sum(spec.overdue for spec in live)
    assert number(shown["plan-stale"][1]) == sum(spec.stale for spec in live)
    assert number(shown["plan-progress"][1]) == world.plan_progress()
    for status in STATUSES:
        badge = re.search(rf'data-testid="status-{status}"[^>]*>[^<]*<span>(\d+)</span>', page).group(1)
        assert int(badge) == sum(1 for spec in live if spec.status == status), status
    for item_id in world.main_items():
        assert number(shown[f"task-{item_id}-progress"][1]) == world.progress(item_id)
    retired_task = next(spec.id for spec in world.items.values() if spec.retired and spec.kind == "task")
    assert f"task-{retired_task}-progress" not in shown

    live_projects = [lines for _dept, retired, lines in world.projects if not retired]
    totals = [sum((Decimal(line[i]) for lines in live_projects for line in lines), Decimal(0)) for i in range(3)]
    assert number(shown["projects-count"][1]) == len(live_projects)
    assert [number(shown[f"budget-{key}"][1]) for key in ("approved", "allocated", "spent")] == totals


def test_indicator_counts_and_newest_updates(world, page):
    shown = figures(page)
    for track in ("on_track", "off_track", "no_data"):
        expected = sum(1 for value in world.indicator_tracks.values() if value == track)
        assert number(shown[f"indicators-{track}"][1]) == expected
        assert shown[f"indicators-{track}"][0] == f"/indicators?status={track}"
    assert number(shown["indicators-all"][1]) == len(world.indicator_tracks)
    listed = [int(i) for i in re.findall(r'data-update-id="(\d+)"', page)]
    assert listed == world.newest_updates()


def test_rolled_up_progress_equals_the_plan_trees(world, session, page):
    tree = load_tree(world.plan.id, TODAY, STALE_DAYS)
    shown = figures(page)
    for item_id in world.main_items():
        assert number(shown[f"task-{item_id}-progress"][1]) == tree.by_id[item_id].progress
    roots = rolled_progress((Decimal(node.item.weight), node.progress) for node in tree.roots)
    assert number(shown["plan-progress"][1]) == roots


def _matched_rows(client, href: str) -> int:
    """How many items the plan tree at `href` says match its filters (its rows may come a page at a time)."""
    page = client.get(href).get_data(as_text=True)
    return int(re.search(r'data-testid="tree-counts">\s*显示 (\d+) / 共', page).group(1))


def test_every_department_figure_links_to_the_list_it_counts(client_for, world, page):
    client = client_for(world.office)
    shown = figures(page)
    for department in world.departments:
        prefix = f"dept-{department.id}-"
        for key in ("items", "overdue", "stale"):
            href, text = shown[prefix + key]
            assert "lead=1" in href and f"department={department.id}" in href
            assert _matched_rows(client, href) == number(text), (department.short_name, key)
        href, text = shown[prefix + "approved"]
        listing = client.get(href).get_data(as_text=True)
        assert (
            f"共 {number(shown[prefix + 'projects'][1])} 个项目" in listing
            or number(shown[prefix + "projects"][1]) == 0
        )
        if number(shown[prefix + "projects"][1]):
            totals = re.search(r'data-testid="project-totals">(.*?)</tr>', listing, re.S).group(1)
            assert text in totals
        assert client.get(f"/review?department={department.id}").status_code == 200
        assert f'href="/review?department={department.id}"' in page
    assert _matched_rows(client, shown["plan-overdue"][0]) == number(shown["plan-overdue"][1])
    assert _matched_rows(client, shown["plan-stale"][0]) == number(shown["plan-stale"][1])


def test_the_charts_get_their_data_as_json_with_a_link_for_every_bar(world, page):
    raw = re.search(r'<script type="application/json" id="dashboard-chart-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    main = world.main_items()
    assert data["tasks"]["urls"] == [f"/items/{item_id}" for item_id in main]
    assert data["tasks"]["values"] == [float(world.progress(item_id)) for item_id in main]
    involved = [d for d in world.departments if world.department(d.id)["items"] or world.department(d.id)["projects"]]
    assert data["departments"]["overdue"] == [world.department(d.id)["overdue"] for d in involved]
    assert data["budget"]["urls"] == [f"/projects?department={d.id}" for d in involved]
    assert "vendor/echarts/echarts.min.js" in page and "js/dashboard_charts.js" in page


def test_user_text_in_chart_data_cannot_close_the_script(client_for, world):
    world.departments[0].short_name = "</script><script>alert(1)</script>"
    page = client_for(world.office).get("/dashboard").get_data(as_text=True)
    block = re.search(r'id="dashboard-chart-data">(.*?)</script>', page, re.S).group(1)
    assert "<script>" not in block and "\\u003c/script\\u003e" in block
    assert json.loads(block)["budget"]["names"][0] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("role", ["lead", "member", "viewer"])
def test_everyone_signed_in_reads_it_with_links_to_the_review_queue(client_for, make, world, role):
    department = world.departments[0] if role in ("lead", "member") else None
    page = client_for(make.user(role, department=department)).get("/dashboard").get_data(as_text=True)
    assert 'data-testid="department-figures"' in page
    assert 'href="/review?department=' in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_without_a_plan_the_page_says_so(client_for, make):
    page = client_for(make.user("viewer")).get("/dashboard").get_data(as_text=True)
    assert "尚未导入规划" in page and "echarts" not in page


def test_the_statement_count_does_not_grow_with_the_data(make, session, client_for, count_statements):
    builder = Builder(make, session)
    counts = []
    for size in (1, 4):
        world = builder.grow(size)
        client = client_for(world.office)
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/dashboard").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


_STATUS_BADGE = re.compile(r'href="([^"]*)"\s+data-testid="status-(\w+)"[^>]*>[^<]*<span>(\d+)</span>')


def _listed_count(client, href: str) -> int:
    """The number of rows the list at `href` says it has: plan tree matches, projects or indicators."""
    page = client.get(href).get_data(as_text=True)
    if href.startswith("/projects"):
        found = re.search(r"共 (\d+) 个项目", page)
        return int(found.group(1)) if found else 0
    if href.startswith("/indicators"):
        return len(re.findall(r'<tr data-indicator-id="\d+">', page))
    if href.startswith("/review"):
        return int(re.search(r'data-testid="queue-total">共 (\d+) 项', page).group(1))
    return int(re.search(r'data-testid="tree-counts">\s*显示 (\d+) / 共', page).group(1))


def test_every_counted_figure_and_bar_links_to_a_list_of_exactly_that_many_rows(client_for, world, page):
    """Every count on the page, in the cards, the department table, the status badges and the charts' bars,
    followed to its list: the list has as many rows as the figure says."""
    client = client_for(world.office)
    links: list[tuple[str, str, int]] = []  # (what, href, figure)
    for testid, (href, text) in figures(page).items():
        value = number(text)
        counted = isinstance(value, int) and not testid.endswith(("-approved", "-allocated", "-spent", "progress"))
        if counted and not testid.startswith(("budget-", "task-")):
            links.append((testid, href, value))
    for href, status, count in _STATUS_BADGE.findall(page):
        links.append((f"status-{status}", unescape(href), int(count)))
    raw = re.search(r'<script type="application/json" id="dashboard-chart-data">(.*?)</script>', page, re.S).group(1)
    bars = json.loads(raw)["departments"]
    for series in ("onTime", "overdue"):
        for name, href, value in zip(bars["names"], bars[series + "Urls"], bars[series], strict=True):
            links.append((f"{series} bar of {name}", href, value))
    assert {what for what, _, _ in links} >= {"plan-items", "plan-overdue", "indicators-all", "projects-count"}
    assert any(what.startswith("onTime bar") and value for what, _, value in links)  # the data exercise it
    mismatched = {what: (value, _listed_count(client, href)) for what, href, value in links}
    assert {what: counts for what, counts in mismatched.items() if counts[0] != counts[1]} == {}
