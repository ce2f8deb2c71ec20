"""Issue 7, point 7, in a real browser: under the Content-Security-Policy every main page loads without a single
refusal, and what the page scripts do still happens (charts drawn, their tooltips shown, progress bars sized, the
tree folds, the project form narrows its owners, the budget form adds up, Bootstrap's menu opens). A page of
another origin cannot frame the app.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import LOCAL_HOST
from tests.browser.helpers import screenshot, sign_in
from tests.factories import Factories
from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.org.models import Department
from tracker.plan.models import ItemKind, WorkItem

pytestmark = pytest.mark.browser

PROGRESS = 40


@dataclass(frozen=True)
class Cast:
    item_id: int
    section_id: int
    project_id: int
    indicator_id: int
    departments: tuple[int, int]  # two departments, each with a person who may own a project


@pytest.fixture(scope="module")
def cast(live_site) -> Cast:
    """A project (40 % done, with a budget line) on a task, two departments with staff, an indicator."""
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(50_000, 60_000)))
        task = db.session.scalar(select(WorkItem).where(WorkItem.kind == ItemKind.TASK.value).order_by(WorkItem.id))
        first, second = db.session.scalars(select(Department).order_by(Department.sort_order).limit(2)).all()
        for department in (first, second):
            factories.user("member", department=department, display_name=f"{department.short_name}职员")
        project = factories.project(task, first, name="安全策略检查项目", progress=PROGRESS)
        factories.budget(project, 2013, approved="100", allocated="80", spent="20")
        indicator = db.session.scalar(select(Indicator).order_by(Indicator.id))
        section_id = db.session.scalar(
            select(WorkItem.id).where(WorkItem.parent_id.is_(None)).order_by(WorkItem.path.desc())
        )
        cast = Cast(task.id, section_id, project.id, indicator.id, (first.id, second.id))
        db.session.commit()
    return cast


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Every policy refusal on the page: the browser's report event and its console message alike."""
    found: list[str] = []
    page.add_init_script(
        """window.__violations = [];
        document.addEventListener("securitypolicyviolation", e => {
            window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
        });"""
    )

    def note(message) -> None:
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def _open(page: Page, url: str, violations: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    reported = page.evaluate("window.__violations")
    assert reported == [] and violations == [], (url, reported, violations)


def _width_ratio(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate(
        "bar => bar.getBoundingClientRect().width / bar.parentElement.getBoundingClientRect().width"
    )


def _hover_shows_a_tooltip(page: Page, chart_id: str, across: float, down: float) -> bool:
    """Point at a spot of the chart (fractions of its box): its tooltip is drawn as text inside the chart's SVG.

    ECharts' default HTML tooltips carry inline style attributes, which the policy blocks (a refusal the
    `violations` fixture reports); the charts draw theirs inside the SVG instead."""
    holder = page.locator(f"#{chart_id}")
    holder.scroll_into_view_if_needed()
    texts = page.locator(f"#{chart_id} svg text")
    before = texts.count()
    box = holder.bounding_box()
    page.mouse.move(box["x"] + box["width"] * across, box["y"] + box["height"] * down)
    try:
        expect(texts).not_to_have_count(before)
    except AssertionError:
        return False
    return True


def test_main_pages_load_under_the_policy_and_their_scripts_work(page, live_site, cast, violations):
    sign_in(page, live_site.username, live_site.password)

    _open(page, "/", violations)
    toggle = page.locator(f'[data-tree-toggle="{cast.section_id}"]')
    children = page.locator(f'#plan-tree tbody tr[data-parent="{cast.section_id}"]')
    expect(children.first).to_be_visible()
    toggle.click()
    expect(children.first).to_be_hidden()
    toggle.click()
    expect(children.first).to_be_visible()

    _open(page, f"/items/{cast.item_id}", violations)
    expect(page.get_by_text("安全策略检查项目")).to_be_visible()

    _open(page, f"/projects/{cast.project_id}", violations)
    assert abs(_width_ratio(page, ".progress-bar") - PROGRESS / 100) < 0.02  # sized by a class, not a style

    _open(page, "/dashboard", violations)
    for chart_id in ("chart-tasks", "chart-departments", "chart-budget"):
        page.wait_for_selector(f"#{chart_id} svg", state="attached")
        box = page.locator(f"#{chart_id} svg").bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, chart_id
    holder = page.locator("#chart-tasks")
    assert holder.bounding_box()["height"] == pytest.approx(int(holder.get_attribute("data-height")), abs=1)
    screenshot(page, "csp-dashboard")
    # Over a task's row, the first department's bars, the first department's budget bars.
    for chart_id, across, down in (
        ("chart-tasks", 0.4, 0.1),
        ("chart-departments", 0.15, 0.7),
        ("chart-budget", 0.12, 0.7),
    ):
        assert _hover_shows_a_tooltip(page, chart_id, across, down), chart_id

    _open(page, f"/indicators/{cast.indicator_id}", violations)
    page.wait_for_selector("#indicator-chart svg", state="attached")
    assert page.locator("#indicator-chart svg").bounding_box()["height"] > 200
    assert _hover_shows_a_tooltip(page, "indicator-chart", 0.5, 0.5)

    _open(page, f"/projects/{cast.project_id}/edit", violations)
    first, second = cast.departments
    page.locator("#department").select_option(str(second))
    offered = page.locator("#owner option[data-department]:not([hidden])")
    expect(offered.first).to_be_attached()
    assert set(offered.evaluate_all("options => options.map(o => o.dataset.department)")) == {str(second)}
    page.locator("#department").select_option(str(first))
    assert set(offered.evaluate_all("options => options.map(o => o.dataset.department)")) == {str(first)}

    _open(page, f"/projects/{cast.project_id}/budget", violations)
    row = page.locator('#budget-grid tr[data-year="2013"]')
    expect(row.locator("[data-rate]")).to_have_text("25.0%")  # computed on load: 20 of 80
    row.locator('[data-column="2"]').fill("40")
    expect(row.locator("[data-rate]")).to_have_text("50.0%")
    expect(page.locator('[data-total="2"]')).to_have_text("40.00")
    screenshot(page, "csp-budget")

    assert page.evaluate("window.__violations") == [] and violations == []


def test_bootstrap_menus_work_under_the_policy(page, live_site, violations):
    sign_in(page, live_site.username, live_site.password)
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the menu folds behind the toggler
    _open(page, "/", violations)
    menu = page.locator("#mainnav")
    expect(menu).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(menu.get_by_role("link", name="总览")).to_be_visible()
    assert page.evaluate("window.__violations") == [] and violations == []


@dataclass(frozen=True)
class OtherSite:
    url: str


@pytest.fixture
def other_site(live_site) -> Iterator[OtherSite]:
    """A page on another origin (another port of the same host) that puts the app's item page in a frame."""
    target = f"{live_site.url}/"

    class Framing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f'<!doctype html><title>other</title><iframe id="victim" src="{target}"></iframe>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer((LOCAL_HOST, 0), Framing)
    thread = threading.Thread(target=server.serve_forever, name="other-site", daemon=True)
    thread.start()
    try:
        yield OtherSite(url=f"http://{LOCAL_HOST}:{server.server_port}/")
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_another_origin_cannot_frame_a_signed_in_page(page, live_site, other_site):
    sign_in(page, live_site.username, live_site.password)  # the cookie the frame would carry
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refusal:
        page.goto(other_site.url)
    assert "blocked" in refusal.value.text
    victim = next(frame for frame in page.frames if frame.name == "victim")
    assert not victim.url.startswith(live_site.url)  # the browser put its error page there instead of the app
    assert victim.locator("#plan-tree").count() == 0
    screenshot(page, "csp-framed-by-another-origin")
