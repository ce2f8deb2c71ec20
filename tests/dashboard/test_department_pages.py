"""Department pages: the list with each department's figures, and one department's items, projects, money, people."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest


def cells(page: str, row_attr: str) -> dict[str, str]:
    """{data-col: text} for the table row carrying `row_attr` (e.g. 'data-department-id="3"')."""
    row = re.search(rf"<tr {row_attr}>(.*?)</tr>", page, re.S).group(1)
    return {
        col: re.sub(r"<[^>]+>|\s+", "", text) for col, text in re.findall(r'data-col="([\w-]+)">(.*?)</td>', row, re.S)
    }


def ids(page: str, testid: str, attr: str) -> set[int]:
    table = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return {int(i) for i in re.findall(rf'{attr}="(\d+)"', table)}


@pytest.fixture
def world(make, session):
    """Two departments with items, projects and budgets around TODAY (2013-06-15; stale after 30 days)."""
    jxw = make.department(code="jxw", name="杭州市经济和信息化委员会", short_name="市经信委", sort_order=1)
    fgw = make.department(code="fgw", name="杭州市发展和改革委员会", short_name="市发改委", sort_order=2)
    closed = make.department(code="old", name="已撤销的部门", active=False)
    lead = make.user("lead", department=jxw, display_name="张牵头", email="zhang@secret.example")
    member = make.user("member", department=jxw, display_name="李成员")
    make.user("member", department=jxw, display_name="王离职", active=False)
    plan = make.plan()
    section = make.item(plan, kind="section", title="主要任务", outline_no="三、")
    w = {
        "jxw": jxw,
        "fgw": fgw,
        "closed": closed,
        "lead": lead,
        "member": member,
        "plan": plan,
        # overdue (due before today, open) and stale (never reported since 2011)
        "late": make.item(
            plan, section, title="逾期任务", lead_department=jxw, due_date=date(2013, 5, 1), status="in_progress"
        ),
        # reported five days ago, due next year
        "fresh": make.item(
            plan,
            section,
            title="正常任务",
            lead_department=jxw,
            owner=lead,
            due_date=date(2014, 12, 31),
            status="in_progress",
            progress=40,
            last_update_at=datetime(2013, 6, 10, 9, 0),
        ),
        # completed: neither overdue nor stale
        "done": make.item(
            plan,
            section,
            title="已完成任务",
            lead_department=jxw,
            due_date=date(2012, 1, 1),
            status="completed",
            progress=100,
        ),
        "retired": make.item(
            plan, section, title="已撤销任务", lead_department=jxw, retired=True, due_date=date(2012, 1, 1)
        ),
        "supporting": make.item(plan, section, title="配合任务", lead_department=fgw, due_date=date(2015, 1, 1)),
    }
    w["supporting"].supporting_departments.append(jxw)
    make.item(make.plan(), title="另一规划的任务", lead_department=jxw)  # not the plan the app shows
    w["project"] = make.project(
        w["fresh"], jxw, name="工业信息化平台", due_date=date(2014, 6, 30), last_update_at=datetime(2013, 6, 12, 15, 30)
    )
    make.budget(w["project"], 2012, "100", "80", "50")
    make.budget(w["project"], 2013, "200", "100", "20")
    w["late_project"] = make.project(w["late"], jxw, name="逾期项目", due_date=date(2013, 1, 31), status="delayed")
    retired_project = make.project(w["late"], jxw, name="撤销项目", retired=True)
    make.budget(retired_project, 2012, "999", "999", "999")
    fgw_project = make.project(w["supporting"], fgw, name="发改项目")
    make.budget(fgw_project, 2013, "10", "10", "10")
    session.flush()
    return w


def test_department_list_shows_each_active_departments_figures(client_for, world):
    page = client_for(world["member"]).get("/departments").get_data(as_text=True)
    assert "已撤销的部门" not in page
    jxw = cells(page, f'data-department-id="{world["jxw"].id}"')
    assert jxw == {
        "items": "3",  # late, fresh, done; the retired one and the other plan's are left out
        "overdue": "1",
        "stale": "1",
        "projects": "2",
        "approved": "300.00",
        "allocated": "180.00",
        "spent": "70.00",
        "last-update": "2013-06-1223:30",  # the project's report, later than the item's, in Beijing time
    }
    fgw = cells(page, f'data-department-id="{world["fgw"].id}"')
    assert (fgw["items"], fgw["projects"], fgw["approved"], fgw["overdue"]) == ("1", "1", "10.00", "0")
    assert fgw["last-update"] == "尚无更新"
    assert page.index("杭州市经济和信息化委员会") < page.index("杭州市发展和改革委员会")  # department order


def test_department_page_lists_its_items_projects_money_and_people(client_for, world):
    department = world["jxw"]
    page = client_for(world["member"]).get(f"/departments/{department.id}").get_data(as_text=True)

    assert ids(page, "led-items", "data-item-id") == {world["late"].id, world["fresh"].id, world["done"].id}
    assert ids(page, "supporting-items", "data-item-id") == {world["supporting"].id}
    assert ids(page, "projects", "data-project-id") == {world["project"].id, world["late_project"].id}
    assert 'data-figure="overdue">1<' in page and 'data-figure="stale">1<' in page
    assert 'data-figure="approved">300.00<' in page
    assert "逾期 1" in page  # one overdue project
    assert "2013-06-12 23:30" in page  # the latest report across items and projects, stored 15:30 UTC

    late_row = page.split(f'data-item-id="{world["late"].id}"', 1)[1].split("</tr>", 1)[0]
    assert "逾期" in late_row and "久未更新" in late_row and "2013-05-01" in late_row
    fresh_row = page.split(f'data-item-id="{world["fresh"].id}"', 1)[1].split("</tr>", 1)[0]
    assert "逾期" not in fresh_row and "张牵头" in fresh_row and "40%" in fresh_row and "主要任务" in fresh_row

    years = page.split('data-testid="budget-by-year"', 1)[1].split("</table>", 1)[0]
    assert re.sub(r"\s+", "", years).count("<tr") == 4  # header, 2012, 2013, total
    assert "2012" in years and "80.00" in years and "62.5%" in years  # 50 spent of 80 allocated
    assert "38.9%" in years  # 70 of 180 in total

    people = page.split('data-testid="people"', 1)[1].split("</ul>", 1)[0]
    assert "张牵头" in people and "部门负责人" in people and "李成员" in people
    assert "王离职" not in people and "zhang@secret.example" not in page


def test_a_department_page_without_work_says_so(client_for, make):
    department = make.department()
    page = client_for(make.user("viewer")).get(f"/departments/{department.id}").get_data(as_text=True)
    assert "没有任务" in page and "没有项目" in page and "没有预算记录" in page and "没有人员" in page


def test_an_inactive_department_still_has_its_page(client_for, world):
    response = client_for(world["member"]).get(f"/departments/{world['closed'].id}")
    assert response.status_code == 200 and "已停用" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "office", "lead", "member", "viewer"])
def test_every_role_reads_the_department_pages(client_for, make, role):
    department = make.department()
    client = client_for(make.user(role))
    assert client.get("/departments").status_code == 200
    assert client.get(f"/departments/{department.id}").status_code == 200


def test_only_admins_see_the_edit_button(client_for, make):
    department = make.department()
    url = f"/departments/{department.id}"
    edit = f"/admin/departments/{department.id}/edit"
    assert edit in client_for(make.user("admin")).get(url).get_data(as_text=True)
    assert edit not in client_for(make.user("lead", department=department)).get(url).get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(client, make):
    department = make.department()
    for url in ("/departments", f"/departments/{department.id}"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_missing_department_is_404(client_for, make):
    assert client_for(make.user("viewer")).get("/departments/987654").status_code == 404


def _grow(make, world, n: int) -> None:
    """More of everything the pages show: items led and supported, owners, projects, budget years, people."""
    for k in range(n):
        owner = make.user("member", department=world["jxw"])
        item = make.item(world["plan"], lead_department=world["jxw"], owner=owner, due_date=date(2013, 1, k + 1))
        other = make.item(world["plan"], lead_department=world["fgw"], owner=make.user("lead", department=world["fgw"]))
        other.supporting_departments.append(world["jxw"])
        project = make.project(item, world["jxw"], owner=owner)
        make.budget(project, 2011 + k, "1", "1", "1")
        make.department()


def test_statement_counts_do_not_grow_with_the_data(client_for, make, session, world, count_statements):
    client = client_for(world["member"])
    urls = ("/departments", f"/departments/{world['jxw'].id}")

    def counts() -> list[int]:
        result = []
        for url in urls:
            session.expire_all()  # the test shares the request's session: measure from an empty cache
            with count_statements() as counter:
                assert client.get(url).status_code == 200
            result.append(counter.count)
        return result

    small = counts()
    _grow(make, world, 5)
    larger = counts()
    assert larger == small
