"""The project list: filters in the URL, pagination with counts, budget sums in SQL, constant statement count."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import TODAY
from tracker.projects.queries import PAGE_SIZE, ProjectFilters, list_projects


def listed(page: str) -> list[str]:
    """Project names in table order."""
    return re.findall(r'<a href="/projects/\d+">([^<]*)</a>', page)


@pytest.fixture
def projects(make, world):
    a1 = make.project(world.task, world.dept_a, name="甲一", status="in_progress", due_date=date(2013, 1, 31))
    a2 = make.project(world.subtask, world.dept_a, name="甲二", status="completed", due_date=date(2013, 1, 31))
    b1 = make.project(world.other, world.dept_b, name="乙一 智慧交通", description="车联网")
    b1.linked_items = [world.subtask]
    make.budget(a1, 2012, approved="100", allocated="80", spent="40")
    make.budget(a1, 2013, approved="50", allocated="20", spent="20")
    make.budget(b1, 2013, approved="10", allocated="0", spent="0")
    make.project(world.task, world.dept_a, name="已撤销项目", retired=True)
    return a1, a2, b1


def row_of(page: str, project) -> str:
    return page.split(f'data-project-id="{project.id}"')[1].split("</tr>")[0]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_signed_in_role_reads_the_list_and_anonymous_is_sent_to_sign_in(client, client_for, world, projects):
    page = get(client_for(world.viewer), "/projects")
    assert listed(page) == ["甲一", "甲二", "乙一 智慧交通"]  # department order, then name; retired hidden
    assert "新建项目" not in page
    assert "新建项目" in get(client_for(world.lead_a), "/projects")
    response = client.get("/projects")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_rows_show_budget_sums_execution_rate_and_overdue(client_for, world, projects):
    page = get(client_for(world.viewer), "/projects")
    row = row_of(page, projects[0])
    assert "150.00" in row and "100.00" in row and "60.00" in row and "60.0%" in row
    assert "逾期" in row and "2013-01-31" in row  # due before TODAY and still open
    completed = row_of(page, projects[1])
    assert "逾期" not in completed and "—" in completed  # nothing allocated: no rate
    totals = page.split('data-testid="project-totals"')[1].split("</tr>")[0]
    assert "160.00" in totals and "100.00" in totals and "60.00" in totals


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department={a}", ["甲一", "甲二"]),
        ("status=completed", ["甲二"]),
        ("overdue=1", ["甲一"]),
        ("q=智慧", ["乙一 智慧交通"]),
        ("q=车联网", ["乙一 智慧交通"]),  # the description is searched too
        (
            "q=智%25交",
            [],
        ),  # % is no wildcard (punctuation is left out: test_search_folding)
        ("item={subtask}", ["甲二", "乙一 智慧交通"]),  # primary or linked
        ("item={section}", ["甲一", "甲二", "乙一 智慧交通"]),  # descendants count
        ("item={other}", ["乙一 智慧交通"]),
        ("department={a}&status=in_progress", ["甲一"]),
        ("department=abc&status=bogus&item=-1&year=１", ["甲一", "甲二", "乙一 智慧交通"]),  # garbage ignored
    ],
)
def test_filters(client_for, world, projects, query, expected):
    query = query.format(a=world.dept_a.id, subtask=world.subtask.id, section=world.section.id, other=world.other.id)
    page = get(client_for(world.viewer), f"/projects?{query}")
    assert listed(page) == expected


def test_the_year_filter_limits_the_budget_columns(client_for, world, projects):
    page = get(client_for(world.viewer), "/projects?year=2013")
    row = row_of(page, projects[0])
    assert "50.00" in row and "20.00" in row and "100.0%" in row
    assert "150.00" not in row
    assert "预算金额为 2013 年度" in page


def test_filters_survive_in_the_page_links(client_for, world, make):
    for n in range(PAGE_SIZE + 3):
        make.project(world.task, world.dept_a, name=f"项目{n:03d}")
    client = client_for(world.viewer)
    page = get(client, f"/projects?department={world.dept_a.id}&q=项目")
    assert "共 28 个项目，显示第 1–25 个" in page
    assert len(listed(page)) == PAGE_SIZE
    assert "第 1 / 2 页" in page
    assert f'href="/projects?department={world.dept_a.id}&amp;q=%E9%A1%B9%E7%9B%AE&amp;page=2"' in page
    second = get(client, f"/projects?department={world.dept_a.id}&q=项目&page=2")
    assert "共 28 个项目，显示第 26–28 个" in second
    assert listed(second) == ["项目025", "项目026", "项目027"]
    assert listed(get(client, "/projects?page=99"))[-1] == "项目027"  # past the end: the last page


def test_an_empty_result_says_so(client_for, world):
    page = get(client_for(world.viewer), "/projects?q=不存在")
    assert "没有符合条件的项目。" in page and listed(page) == []


def _add_projects(make, world, count: int) -> None:
    departments = [world.dept_a, world.dept_b]
    owners = {world.dept_a.id: world.owner_a, world.dept_b.id: world.owner_b}
    items = [world.task, world.subtask, world.other]
    for n in range(count):
        department = departments[n % 2]
        due = date(2012, 1, n % 28 + 1)
        project = make.project(items[n % 3], department, owner=owners[department.id], due_date=due)
        project.linked_items = [items[(n + 1) % 3]]
        for year in (2011, 2012, 2013):
            make.budget(project, year, approved="10", allocated="5", spent="1")


def test_statement_count_does_not_grow_with_the_data(client_for, world, session, make, count_statements):
    client = client_for(world.office)
    url = f"/projects?item={world.section.id}&overdue=1"
    _add_projects(make, world, 2)
    session.expire_all()  # the test shares the request's session: start each measurement from an empty cache
    with count_statements() as small:
        small_page = get(client, url)
    _add_projects(make, world, 40)
    session.expire_all()
    with count_statements() as large:
        large_page = get(client, url)
    assert len(listed(small_page)) == 2 and len(listed(large_page)) == PAGE_SIZE
    assert small.count == large.count


def test_list_projects_runs_two_statements(session, world, make, count_statements):
    _add_projects(make, world, 30)
    plan_id = world.plan.id
    session.expire_all()
    with count_statements() as counter:
        result = list_projects(ProjectFilters(), plan_id, TODAY)
    assert counter.count == 2
    assert result.total == 30 and result.pages == 2 and len(result.rows) == PAGE_SIZE
    assert result.totals.approved == 30 * 30
