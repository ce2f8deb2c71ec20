"""The project page (fields, budget table, timeline) and the projects panel on a work item's page."""

from __future__ import annotations

from datetime import date

from tests.conftest import TODAY
from tracker.core.audit import record
from tracker.core.hooks import panels_for
from tracker.models import WorkItem
from tracker.projects.panels import projects_panel
from tracker.updates.services import UpdateData, post_status_update


def test_the_detail_page_shows_fields_links_budget_and_timeline(client_for, world, session, make):
    project = make.project(
        world.task,
        world.dept_a,
        name="政务云平台",
        owner=world.owner_a,
        fund_source="市财政",
        description="统一的政务云。",
        start_date=date(2012, 3, 1),
        due_date=date(2015, 12, 31),
    )
    project.linked_items = [world.other]
    make.budget(project, 2012, approved="100", allocated="100", spent="80")
    make.budget(project, 2013, approved="50", allocated="60", spent="10")
    record(world.lead_a.id, "project", project.id, "update", "2013.spent", "0", "10")
    record(world.lead_a.id, "project", project.id, "update", "fund_source", "区财政", "市财政")
    post_status_update(project, UpdateData("in_progress", 40, project.version, note="机房已建成"), world.lead_a, TODAY)
    page = client_for(world.viewer).get(f"/projects/{project.id}").get_data(as_text=True)
    for text in ("政务云平台", "市经信委", "张三", "推进两化融合", "保障措施", "市财政", "统一的政务云。"):
        assert text in page
    assert "2012-03-01" in page and "2015-12-31" in page
    assert f'href="/items/{world.task.id}"' in page and f'href="/items/{world.other.id}"' in page
    totals = page.split('data-testid="budget-totals"')[1].split("</tr>")[0]
    assert "150.00" in totals and "160.00" in totals and "90.00" in totals and "56.3%" in totals
    assert "2013 年：已下达 60.00 万元超过批复 50.00 万元。" in page
    timeline = page.split('data-testid="timeline"')[1]
    assert "机房已建成" in timeline  # the status update
    assert "2013 年预算·已支出" in timeline and "资金来源" in timeline  # audited changes, named for people
    assert "编辑项目" not in page and "编辑预算" not in page  # a viewer reads only


def test_buttons_follow_the_permission_rules(client_for, world, make):
    project = make.project(world.task, world.dept_a)
    url = f"/projects/{project.id}"
    lead_page = client_for(world.lead_a).get(url).get_data(as_text=True)
    assert "编辑项目" in lead_page and "编辑预算" in lead_page
    assert f'href="/projects/{project.id}/update"' in lead_page  # 发布进展
    member_page = client_for(world.member_a).get(url).get_data(as_text=True)
    assert "编辑预算" not in member_page and f'href="/projects/{project.id}/update"' in member_page
    other_lead = client_for(world.lead_b).get(url).get_data(as_text=True)
    assert "编辑项目" not in other_lead and f'href="/projects/{project.id}/update"' not in other_lead


def _grow(make, world, project, n: int) -> None:
    """n more budget years, audit rows, status updates and linked items on `project`."""
    for k in range(n):
        make.budget(project, 2000 + len(project.budget_lines) + k, approved="1")
        record(world.admin.id, "project", project.id, "update", "name", f"旧{k}", f"新{k}")
        post_status_update(project, UpdateData("in_progress", 10 + k, project.version), world.lead_a, TODAY)
        project.linked_items.append(make.item(world.plan, parent=world.other))


def test_detail_statement_count_does_not_grow_with_the_data(client_for, world, session, make, count_statements):
    project = make.project(world.task, world.dept_a, owner=world.owner_a)
    client = client_for(world.lead_a)
    _grow(make, world, project, 1)
    session.expire_all()  # the test shares the request's session: start each measurement from an empty cache
    with count_statements() as small:
        assert client.get(f"/projects/{project.id}").status_code == 200
    _grow(make, world, project, 12)
    session.expire_all()
    with count_statements() as large:
        page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert page.count('data-kind="update"') == 13
    assert small.count == large.count


def test_the_item_panel_lists_primary_and_linked_projects_in_one_query(session, world, make, count_statements):
    primary = make.project(world.task, world.dept_a, name="主项目")
    linked = make.project(world.other, world.dept_b, name="关联项目")
    linked.linked_items = [world.task]
    make.project(world.other, world.dept_b, name="无关项目")
    make.project(world.task, world.dept_a, name="撤销项目", retired=True)
    make.budget(primary, 2013, approved="10", allocated="8", spent="2")
    make.budget(linked, 2012, approved="5", allocated="2", spent="2")
    session.expire_all()
    task = session.get(WorkItem, world.task.id)
    with count_statements() as counter:
        panel = projects_panel("work_item", task)
    assert counter.count == 1
    assert panel.template == "projects/_item_panel.html"
    assert [row.project.name for row in panel.context["rows"]] == ["主项目", "关联项目"]
    totals = panel.context["totals"]
    assert (totals.approved, totals.allocated, totals.spent, totals.execution_rate) == (15, 10, 4, 40)
    assert projects_panel("project", primary) is None
    assert any(p.template == "projects/_item_panel.html" for p in panels_for("work_item", task))  # registered


def test_the_item_page_shows_the_panel(client_for, world, make):
    make.project(world.task, world.dept_a, name="主项目", status="in_progress")
    page = client_for(world.lead_a).get(f"/items/{world.task.id}").get_data(as_text=True)
    panel = page.split('data-testid="item-projects"')[1].split("</section>")[0]
    assert "主项目" in panel and "进行中" in panel
    assert f'href="/projects/new?work_item={world.task.id}"' in panel
