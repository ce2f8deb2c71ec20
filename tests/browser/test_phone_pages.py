"""Every page a department user (lead, member) and the office use, at 390×844 and at 1366×768, in Chinese and
English (issue 13, part 1): no page scrolls sideways; on the list pages every title has at least 120 px to be
read in (the rows stack into cards on a phone) and at desktop width the lists are still tables with their
heading row in sight. Screenshots in test-artifacts/phone/ to look at."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.browser.helpers import screenshot, sign_in
from tests.factories import Factories
from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.org.models import Department
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.services import current_plan

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
TITLE_MIN_WIDTH = 120  # px: a few characters a line, the title read in full

# A list page's title cells (one per row) and its table, which must still show its heading row on a desktop.
LISTS = {
    "/": ("#plan-tree tbody tr[data-item-id] > td.tree-title", "#plan-tree"),
    "/my": ("table[data-testid^='my-'] tbody tr[data-subject] > td:first-child", "table[data-testid^='my-']"),
    "/review": ("[data-testid=review-queue] tbody tr[data-subject] > td:first-child", "[data-testid=review-queue]"),
    "/review/requests": (
        "[data-testid=open-requests] tbody tr[data-subject] > td:first-child",
        "[data-testid=open-requests]",
    ),
    "/projects": ("table tbody tr[data-project-id] > td:first-child", "table:has(tr[data-project-id])"),
    "/inbox": ("[data-testid=notification] [data-testid=title]", None),
}

# The content width (without padding) of each matched element.
_WIDTHS = """
(selector) => Array.from(document.querySelectorAll(selector)).filter((el) => el.offsetParent !== null).map((el) => {
  const style = getComputedStyle(el);
  return el.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
})
"""


@dataclass
class Site:
    users: dict[str, str]  # role -> username
    pages: dict[str, list[str]]  # role -> the URLs that role uses
    department_id: int


@pytest.fixture(scope="module")
def site(live_site) -> Iterator[Site]:
    """A lead and a member of the department leading most tasks, with open requests, overdue items, a project and
    notifications to list; all taken away afterwards (other modules count the live site's rows)."""
    with live_site.app.app_context():
        make = Factories(db.session, itertools.count(90_000))
        plan = current_plan()
        department_id, _count = db.session.execute(
            select(WorkItem.lead_department_id, func.count())
            .where(WorkItem.plan_id == plan.id, WorkItem.lead_department_id.is_not(None))
            .group_by(WorkItem.lead_department_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        department = db.session.get(Department, department_id)
        lead = make.user("lead", department, username="phone-lead")
        member = make.user("member", department, username="phone-member")
        office = make.user("office", username="phone-office")
        tasks = db.session.scalars(
            select(WorkItem)
            .where(WorkItem.lead_department_id == department_id, WorkItem.kind == ItemKind.TASK.value)
            .order_by(WorkItem.id)
        ).all()
        added = [
            make.review(task, office, outcome="follow_up", comment="请说明进展并提供佐证材料。") for task in tasks[:3]
        ]
        led = db.session.scalars(select(WorkItem).where(WorkItem.lead_department_id == department_id)).all()
        due_dates = {item.id: item.due_date for item in led[-3:]}
        for item in led[-3:]:  # overdue: the review queue lists them
            item.due_date = date(2013, 3, 31)
        added.append(make.project(tasks[0], department, name="城市光纤宽带网络改造工程（一期）"))
        for user in (lead, member, office):
            added.append(make.notification(user, title="办公室要求跟进：" + tasks[0].title))
        task_id = tasks[0].id
        project_id = added[3].id
        indicator_id = db.session.scalar(select(Indicator.id).order_by(Indicator.id).limit(1))
        plan_id = plan.id
        users = {"lead": lead.username, "member": member.username, "office": office.username}
        db.session.flush()
        added_keys = [(type(row), row.id) for row in added]
        db.session.commit()
    common = [
        "/",
        "/my",
        "/dashboard",
        "/indicators",
        f"/indicators/{indicator_id}",
        "/projects",
        "/departments",
        f"/departments/{department_id}",
        "/review/requests",
        "/inbox",
        "/account",
        "/reports",
        "/plans",
        f"/plans/{plan_id}",
        f"/items/{task_id}",
        f"/items/{task_id}/update",
        "/help/api",
        "/timeline",
    ]
    if project_id:
        common += [f"/projects/{project_id}", f"/projects/{project_id}/update", f"/projects/{project_id}/budget"]
    office_only = [
        "/review",
        "/review/compliance",
        "/import",
        f"/items/{task_id}/edit",
        f"/items/{task_id}/milestones",
        f"/indicators/{indicator_id}/targets",
        f"/review/item/{task_id}/new",
    ]
    yield Site(
        users=users,
        pages={"lead": common, "member": common, "office": common + office_only},
        department_id=department_id,
    )
    with live_site.app.app_context():
        for model, key in reversed(added_keys):
            db.session.delete(db.session.get(model, key))
        for item_id, due in due_dates.items():
            db.session.get(WorkItem, item_id).due_date = due
        db.session.commit()


def _sign_in(page, live_site, username: str, language: str) -> None:
    sign_in(page, username, live_site.password)
    if page.locator("html").get_attribute("lang") != language:  # the language is the user's: kept from a last test
        with page.expect_navigation():
            page.get_by_test_id("language-switch").get_by_role("button").click()


def _shot_name(size: str, language: str, role: str, url: str) -> str:
    return f"phone/{size}-{language}-{role}-{url.strip('/').replace('/', '-') or 'tree'}"


def _title_widths(page, url: str, department_id: int) -> list[float]:
    selector = LISTS.get(url, (None,))[0]
    if url == f"/departments/{department_id}":
        selector = "[data-testid=led-items] tbody tr[data-item-id] > td:first-child"
    return page.evaluate(_WIDTHS, selector) if selector else []


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("role", ["lead", "member", "office"])
def test_every_page_fits_a_phone(page, live_site, site, role, language):
    page.set_viewport_size(PHONE)
    _sign_in(page, live_site, site.users[role], language)
    wide, narrow, widths = {}, {}, {}
    for url in site.pages[role]:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        screenshot(page, _shot_name("390", language, role, url))
        sizes = page.evaluate("({page: document.documentElement.scrollWidth, window: window.innerWidth})")
        if sizes["page"] > sizes["window"]:
            wide[url] = sizes
        found = _title_widths(page, url, site.department_id)
        if found:
            widths[url] = (round(statistics.median(found)), round(min(found)), len(found))
            if min(found) < TITLE_MIN_WIDTH:
                narrow[url] = widths[url]
    print(f"\n{role} {language} title widths (median, min, rows): {widths}")
    assert wide == {}
    assert narrow == {}
    assert {"/", f"/departments/{site.department_id}", "/review/requests"} <= set(widths), "the lists have rows"


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("role", ["lead", "office"])
def test_desktop_keeps_its_tables(page, live_site, site, role, language):
    page.set_viewport_size(DESKTOP)
    _sign_in(page, live_site, site.users[role], language)
    wide = {}
    for url in site.pages[role]:
        page.goto(url)
        screenshot(page, _shot_name("1366", language, role, url))
        if page.evaluate("document.documentElement.scrollWidth") > DESKTOP["width"]:
            wide[url] = page.evaluate("document.documentElement.scrollWidth")
        table = LISTS.get(url, (None, None))[1]
        if url == f"/departments/{site.department_id}":
            table = "[data-testid=led-items]"
        if table and not (url == "/my" and page.locator(table).count() == 0):  # the office has no lists of its own
            heading = page.locator(f"{table} thead tr").first
            assert heading.is_visible(), url
            assert page.locator(f"{table} tbody tr").first.evaluate("row => getComputedStyle(row).display") == (
                "table-row"
            ), url
    assert wide == {}


def test_the_filters_fold_into_a_panel_on_a_phone(page, live_site, site):
    page.set_viewport_size(PHONE)
    _sign_in(page, live_site, site.users["office"], "zh-CN")
    for url, form in [
        ("/", "#tree-filters"),
        ("/review", "[data-testid=queue-filters]"),
        ("/projects", "#project-filters"),
    ]:
        page.goto(url)
        assert page.locator(form).is_hidden(), url
        page.get_by_role("button", name="筛选条件").click()
        page.locator(f"{form}.show").wait_for(state="visible")  # opened, its animation over
        screenshot(page, f"phone/390-filters-open-{url.strip('/') or 'tree'}", full_page=False)
    page.set_viewport_size(DESKTOP)
    for url, form in [("/", "#tree-filters"), ("/review", "[data-testid=queue-filters]")]:
        page.goto(url)
        assert page.locator(form).is_visible(), url
        assert page.get_by_role("button", name="筛选条件").is_hidden()


def test_the_menu_folds_and_a_tree_row_opens_on_a_phone(page, live_site, site):
    page.set_viewport_size(PHONE)
    _sign_in(page, live_site, site.users["lead"], "zh-CN")
    assert page.get_by_test_id("nav-my-work").is_hidden()
    # Folded, the bar is one line: the brand, the unread count, the language button and the toggler.
    assert page.get_by_test_id("unread-count-phone").is_visible()
    assert page.locator("nav.navbar").evaluate("nav => nav.getBoundingClientRect().height") < 70
    page.get_by_role("button", name="菜单").click()
    page.get_by_test_id("nav-my-work").wait_for(state="visible")
    screenshot(page, "phone/390-menu-open", full_page=False)
    page.goto("/")
    # Fold a row and tap it open again; then open a folded level, whose rows load from the server (plan.children).
    item_id = page.locator("#plan-tree [data-tree-toggle][aria-expanded=true]").first.get_attribute("data-tree-toggle")
    toggle = page.locator(f"#plan-tree [data-tree-toggle='{item_id}']")
    children = page.locator(f"#plan-tree tr[data-parent='{item_id}']")
    toggle.click()
    children.first.wait_for(state="hidden")
    toggle.click()
    children.first.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    widths = page.evaluate(_WIDTHS, f"#plan-tree tr[data-parent='{item_id}'] > td.tree-title")
    assert min(widths) >= TITLE_MIN_WIDTH
    screenshot(page, "phone/390-tree-row-opened", full_page=False)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_administrators_menu_fits_one_line_on_a_laptop(page, live_site, language):
    """In English an administrator's menu wrapped onto two lines at 1366 px; with the timeline's entry it fits one."""
    with live_site.app.app_context():
        admin = Factories(db.session, itertools.count(95_000)).user(
            "admin", username=f"phone-admin-{language[:2]}", display_name="系统管理员欧阳晓明（信息化办公室）"
        )
        username = admin.username
        db.session.commit()
    page.set_viewport_size(DESKTOP)
    _sign_in(page, live_site, username, language)
    page.goto("/")
    screenshot(page, f"phone/1366-{language}-admin-navbar", full_page=False)
    nav = page.locator("nav.navbar")
    height = nav.evaluate("nav => nav.getBoundingClientRect().height")
    assert height < 70, height  # one line: the brand's height and padding, not two rows of links
    assert nav.get_by_role("link", name="Timeline" if language == "en" else "时间轴").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_the_charts_follow_the_window_from_a_laptop_to_a_phone(page, live_site, site):
    page.set_viewport_size(DESKTOP)
    _sign_in(page, live_site, site.users["office"], "zh-CN")
    page.goto("/dashboard")
    drawing = "[data-testid=chart-tasks] svg"  # ECharts draws the dashboard as SVG
    canvas = page.locator(drawing).first
    canvas.wait_for()
    wide = canvas.evaluate("canvas => canvas.getBoundingClientRect().width")
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        "(drawing) => document.querySelector(drawing).getBoundingClientRect().width < 390", arg=drawing
    )
    assert wide > 390
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone/390-dashboard-after-resize", full_page=False)
