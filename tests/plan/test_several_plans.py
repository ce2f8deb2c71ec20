"""Several plans side by side (issue 9, point 5): every page, count, export, queue and command is about one plan,
chosen explicitly (`?plan=CODE`, remembered for the session; otherwise the default plan, the first loaded).

Plan ALPHA is loaded first (the default, as the seeded plan is); plan BETA is the next one. Both have items of the
same departments, overdue items, projects with budgets, reports and indicators; every title names its plan.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests.exports.helpers import open_workbook, saved, task_table
from tracker.exports.models import ImportRow
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.projects.models import Project

ALPHA, BETA = "alpha-2011", "beta-2016"


def _plan_world(make, code: str, title: str, marker: str, dept_a, dept_b, office, lead_a, years=(2011, 2015)):
    plan = make.plan(code=code, title=title, start_year=years[0], end_year=years[1])
    section = make.item(plan, kind="section", outline_no="一、", title=f"{marker}主要任务")
    late = make.item(
        plan,
        section,
        outline_no="1.",
        title=f"{marker}逾期任务",
        lead_department=dept_a,
        status="in_progress",
        start_date=date(2011, 1, 1),
        due_date=date(2013, 3, 1),
    )
    fine = make.item(
        plan,
        section,
        outline_no="2.",
        title=f"{marker}正常任务",
        lead_department=dept_b,
        supporting_departments=[dept_a],
        status="in_progress",
        due_date=date(2015, 12, 31),
    )
    project = make.project(late, dept_a, name=f"{marker}项目", due_date=date(2013, 4, 1), status="in_progress")
    make.budget(project, years[0], approved="100")
    make.status_update(late, lead_a, note=f"{marker}进展", created_at=datetime(2013, 6, 10, 9))
    make.status_update(project, lead_a, note=f"{marker}项目进展", created_at=datetime(2013, 6, 11, 9))
    indicator = make.indicator(plan, code=f"{marker}-I1", name=f"{marker}指标", responsible_department=dept_a)
    return SimpleNamespace(plan=plan, section=section, late=late, fine=fine, project=project, indicator=indicator)


@pytest.fixture
def plans(make, session):
    dept_a = make.department(name="杭州市经济和信息化委员会", short_name="市经信委", sort_order=1)
    dept_b = make.department(name="杭州市发展和改革委员会", short_name="市发改委", sort_order=2)
    office = make.department(name="杭州市信息化办公室", short_name="信息办", kind="office", sort_order=0)
    lead_a = make.user("lead", dept_a, display_name="经信委李四")
    alpha = _plan_world(make, ALPHA, "甲规划（十二五）", "ALPHA", dept_a, dept_b, office, lead_a)
    beta = _plan_world(make, BETA, "乙规划（十三五）", "BETA", dept_a, dept_b, office, lead_a, years=(2016, 2020))
    return SimpleNamespace(
        alpha=alpha,
        beta=beta,
        dept_a=dept_a,
        dept_b=dept_b,
        lead_a=lead_a,
        lead_b=make.user("lead", dept_b, display_name="发改委赵六"),
        office_user=make.user("office", office, display_name="规划处王明"),
        viewer=make.user("viewer", None, display_name="领导"),
    )


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _only(html: str, shown: str, hidden: str) -> None:
    assert shown in html
    assert hidden not in html


# ---------------------------------------------------------------------------------------------------------------
# The list of plans and the choice


def test_the_plans_page_lists_every_plan_with_its_counts_and_marks_the_shown_one(client_for, plans):
    client = client_for(plans.viewer)
    html = _page(client, "/plans")
    for world, code in ((plans.alpha, ALPHA), (plans.beta, BETA)):
        row = html.split(f'data-plan="{code}"')[1].split("</tr>")[0]
        assert world.plan.title in row and f"<code>{code}</code>" in row
        assert f"{world.plan.start_year}–{world.plan.end_year}" in row
        assert 'data-testid="plan-items">3<' in row and 'data-testid="plan-overdue">1<' in row
    alpha_row = html.split(f'data-plan="{ALPHA}"')[1].split("</tr>")[0]
    beta_row = html.split(f'data-plan="{BETA}"')[1].split("</tr>")[0]
    assert 'data-testid="plan-shown"' in alpha_row and 'aria-current="true"' in alpha_row
    assert f'href="/?plan={BETA}"' in beta_row and 'data-testid="plan-shown"' not in beta_row
    assert 'data-testid="import-plan"' not in html  # a viewer does not import plans; the office does (below)
    assert 'data-testid="import-plan" href="/plans/import"' in _page(client_for(plans.office_user), "/plans")
    # Each title opens the plan as a document (the documents feature's page, linked through core.hooks).
    assert f'href="/plans/{plans.beta.plan.id}"' in beta_row and f'href="/plans/{plans.alpha.plan.id}"' in alpha_row


def test_a_retired_item_is_not_counted_on_the_plans_page(client_for, plans, session):
    plans.beta.fine.retired = True
    session.flush()
    row = _page(client_for(plans.viewer), "/plans").split(f'data-plan="{BETA}"')[1].split("</tr>")[0]
    assert 'data-testid="plan-items">2<' in row


def test_without_a_choice_the_default_plan_is_shown(client_for, plans):
    _only(_page(client_for(plans.viewer), "/"), "ALPHA逾期任务", "BETA")


def test_the_plan_parameter_selects_a_plan_and_the_session_remembers_it(client_for, plans):
    client = client_for(plans.viewer)
    _only(_page(client, f"/?plan={BETA}"), "BETA逾期任务", "ALPHA")
    _only(_page(client, "/"), "BETA逾期任务", "ALPHA")
    _only(_page(client, "/projects"), "BETA项目", "ALPHA")
    assert 'data-plan="beta-2016" class="table-primary"' in _page(client, "/plans")
    _only(_page(client, f"/?plan={ALPHA}"), "ALPHA逾期任务", "BETA")
    _only(_page(client, "/"), "ALPHA逾期任务", "BETA")


def test_the_choice_is_per_session(client_for, plans):
    chooser, other = client_for(plans.viewer), client_for(plans.office_user)
    _page(chooser, f"/?plan={BETA}")
    _only(_page(other, "/"), "ALPHA逾期任务", "BETA")


def test_an_unknown_plan_code_is_a_not_found_page_and_changes_nothing(client_for, plans):
    client = client_for(plans.viewer)
    _page(client, f"/?plan={BETA}")
    for url in ("/?plan=no-such-plan", "/dashboard?plan=", "/export/tasks.xlsx?plan=nope"):
        response = client.get(url)
        assert response.status_code == 404, url
    _only(_page(client, "/"), "BETA逾期任务", "ALPHA")


def test_a_signed_out_visitor_is_sent_to_sign_in_with_the_choice_kept(client, plans):
    response = client.get(f"/dashboard?plan={BETA}")
    assert response.status_code == 302 and "plan%3Dbeta-2016" in response.headers["Location"]


# ---------------------------------------------------------------------------------------------------------------
# The navigation


def test_one_plan_shows_no_plan_switch(client_for, make, session):
    plan = make.plan(title="唯一规划")
    make.item(plan, title="唯一任务")
    html = _page(client_for(make.user("viewer", None)), "/")
    assert 'data-testid="shown-plan"' not in html


def test_with_several_plans_the_navigation_names_the_shown_plan_and_links_to_the_list(client_for, plans):
    client = client_for(plans.viewer)
    for url in ("/", "/dashboard", "/indicators", "/review/compliance", "/account", "/plans"):
        html = _page(client, url)
        link = html.split('data-testid="shown-plan"')[1].split("</a>")[0]
        assert 'href="/plans"' in link and "甲规划（十二五）" in link, url


def test_an_item_page_is_about_its_own_plan_without_changing_the_choice(client_for, plans):
    client = client_for(plans.viewer)
    html = _page(client, f"/items/{plans.beta.late.id}")
    assert "乙规划（十三五）" in html.split('data-testid="shown-plan"')[1].split("</a>")[0]
    # Its links to plan-scoped pages stay in the item's plan...
    assert f'href="/?plan={BETA}"' in html and f'href="/projects?plan={BETA}"' in html
    # ...while the session's choice is still the default plan.
    _only(_page(client, "/"), "ALPHA逾期任务", "BETA")


def test_a_project_page_and_an_indicator_page_are_about_their_own_plan(client_for, plans):
    client = client_for(plans.viewer)
    for url in (f"/projects/{plans.beta.project.id}", f"/indicators/{plans.beta.indicator.id}"):
        html = _page(client, url)
        assert "乙规划（十三五）" in html.split('data-testid="shown-plan"')[1].split("</a>")[0], url


def test_the_report_and_review_pages_of_an_item_are_about_its_plan(client_for, plans):
    pages = {
        plans.lead_a: [f"/items/{plans.beta.late.id}/update", f"/projects/{plans.beta.project.id}/update"],
        plans.office_user: [
            f"/review/work_item/{plans.beta.late.id}/new",
            f"/review/project/{plans.beta.project.id}/new",
        ],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            html = _page(client, url)
            assert "乙规划（十三五）" in html.split('data-testid="shown-plan"')[1].split("</a>")[0], url


def test_a_new_project_opened_from_an_item_is_for_the_items_plan(client_for, plans):
    html = _page(client_for(plans.office_user), f"/projects/new?work_item={plans.beta.fine.id}")
    _only(html, "BETA逾期任务", "ALPHA逾期任务")


def test_an_item_of_the_chosen_plan_needs_no_plan_on_its_links(client_for, plans):
    client = client_for(plans.viewer)
    html = _page(client, f"/items/{plans.alpha.late.id}")
    assert "?plan=" not in html.split("</nav>")[0]


# ---------------------------------------------------------------------------------------------------------------
# Every page, count and queue shows the chosen plan's rows only


@pytest.mark.parametrize(
    ("url", "alpha_text", "beta_text"),
    [
        ("/?q=逾期", "ALPHA逾期任务", "BETA逾期任务"),
        ("/?overdue=1", "ALPHA逾期任务", "BETA逾期任务"),
        ("/indicators", "ALPHA指标", "BETA指标"),
        ("/projects", "ALPHA项目", "BETA项目"),
        ("/dashboard", "ALPHA进展", "BETA进展"),
        ("/dashboard", "ALPHA项目进展", "BETA项目进展"),
        ("/review", "ALPHA逾期任务", "BETA逾期任务"),
        ("/review", "ALPHA项目", "BETA项目"),
    ],
)
def test_each_page_shows_the_chosen_plans_rows_only(client_for, plans, url, alpha_text, beta_text):
    client = client_for(plans.office_user)
    _only(_page(client, url), alpha_text, beta_text)
    joiner = "&" if "?" in url else "?"
    _only(_page(client, f"{url}{joiner}plan={BETA}"), beta_text, alpha_text or "ALPHA")


def test_the_dashboard_counts_the_chosen_plan_only(client_for, plans, make):
    # A third overdue item in BETA: ALPHA's figures must not see it.
    make.item(
        plans.beta.plan,
        plans.beta.section,
        title="BETA又一逾期",
        lead_department=plans.dept_a,
        due_date=date(2013, 1, 1),
    )
    client = client_for(plans.viewer)
    alpha, beta = _page(client, "/dashboard"), _page(client, f"/dashboard?plan={BETA}")
    assert 'data-testid="plan-items">3<' in alpha and 'data-testid="plan-items">4<' in beta
    assert 'data-testid="plan-overdue">1<' in alpha and 'data-testid="plan-overdue">2<' in beta


def test_the_departments_page_counts_the_chosen_plans_items_and_projects(client_for, plans, make):
    make.project(plans.beta.fine, plans.dept_a, name="BETA第二项目")
    client = client_for(plans.viewer)
    for url, items, projects in (("/departments", "1", "1"), (f"/departments?plan={BETA}", "1", "2")):
        row = _page(client, url).split(f'data-department-id="{plans.dept_a.id}"')[1].split("</tr>")[0]
        assert f'data-col="items">{items}<' in row and f'data-col="projects">{projects}<' in row, url


def test_the_department_pages_count_and_list_the_chosen_plan_only(client_for, plans):
    client = client_for(plans.viewer)
    alpha = _page(client, f"/departments/{plans.dept_a.id}")
    _only(alpha, "ALPHA逾期任务", "BETA")
    _only(alpha, "ALPHA项目", "BETA项目")
    beta = _page(client, f"/departments/{plans.dept_a.id}?plan={BETA}")
    _only(beta, "BETA正常任务", "ALPHA")
    assert "2016" in beta and ">2011<" not in beta  # the budget by year: BETA's project budgets 2016


def test_the_compliance_page_lists_the_chosen_plans_missing_items(client_for, plans):
    client = client_for(plans.office_user)
    url = f"/review/compliance?department={plans.dept_b.id}"
    _only(_page(client, url), "ALPHA正常任务", "BETA正常任务")
    _only(_page(client, f"{url}&plan={BETA}"), "BETA正常任务", "ALPHA正常任务")


# ---------------------------------------------------------------------------------------------------------------
# Projects: the list, the form's choices and the rule


def test_the_new_project_form_offers_the_chosen_plans_items_only(client_for, plans):
    client = client_for(plans.office_user)
    _only(_page(client, "/projects/new"), "ALPHA逾期任务", "BETA逾期任务")
    _only(_page(client, f"/projects/new?plan={BETA}"), "BETA逾期任务", "ALPHA逾期任务")


def test_editing_a_project_offers_its_own_plans_items(client_for, plans):
    html = _page(client_for(plans.office_user), f"/projects/{plans.beta.project.id}/edit")
    _only(html, "BETA正常任务", "ALPHA正常任务")


def test_a_new_project_on_another_plans_item_is_refused(client_for, plans, session):
    client = client_for(plans.office_user)
    _page(client, f"/?plan={BETA}")
    before = session.scalar(select(db.func.count(Project.id)))
    response = client.post(
        "/projects/new",
        data={"plan": BETA, "department": plans.dept_a.id, "work_item": plans.alpha.late.id, "name": "跨规划项目"},
    )
    assert response.status_code == 200
    assert "请选择当前规划中的任务" in response.get_data(as_text=True)
    assert session.scalar(select(db.func.count(Project.id))) == before


# ---------------------------------------------------------------------------------------------------------------
# Exports and the import


def test_the_export_links_name_the_plan(client_for, plans):
    html = _page(client_for(plans.viewer), f"/?plan={BETA}&status=in_progress")
    assert f'href="/export/tasks.xlsx?plan={BETA}&amp;status=in_progress"' in html
    assert f'href="/export/plan.xlsx?plan={BETA}"' in html


@pytest.mark.parametrize("url", ["/export/tasks.xlsx", "/export/plan.xlsx"])
def test_an_export_holds_and_names_its_plan(client_for, plans, url):
    client = client_for(plans.viewer)
    response = client.get(f"{url}?plan={BETA}")
    assert response.status_code == 200
    assert f"-{BETA}-" in response.headers["Content-Disposition"]
    workbook = open_workbook(response.data)
    table = task_table(workbook)
    assert table.sheet["A1"].value.startswith("乙规划（十三五）")
    titles = {table.value(row, "title") for row in table.rows}
    assert {"BETA逾期任务", "BETA正常任务"} <= titles and not any("ALPHA" in t for t in titles)
    if url == "/export/plan.xlsx":
        everything = " ".join(str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row)
        assert "BETA项目" in everything and "BETA指标" in everything and "ALPHA" not in everything


def test_an_imported_row_of_another_plans_item_is_refused_saying_so(client_for, plans, session):
    client = client_for(plans.lead_b)
    exported = open_workbook(client.get(f"/export/tasks.xlsx?plan={BETA}").data)
    table = task_table(exported)
    last = table.rows[-1]
    source = table.row_of(plans.beta.fine.id)
    for col in range(1, table.sheet.max_column + 1):
        table.sheet.cell(last + 1, col).value = table.sheet.cell(source, col).value
    table.fill(last + 1, id=plans.alpha.fine.id, progress=77)
    table.fill(source, progress=55)
    response = client.post(
        "/import",
        data={"file": (io.BytesIO(saved(exported)), "进展.xlsx"), "plan": BETA},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    rows = session.execute(select(ImportRow.work_item_id, ImportRow.verdict, ImportRow.reason, ImportRow.message))
    verdicts = {row.work_item_id: row for row in rows}
    assert (verdicts[plans.beta.fine.id].verdict, verdicts[plans.beta.fine.id].reason) == ("apply", "")
    refused = [row for row in verdicts.values() if row.reason == "other_plan"]
    assert len(refused) == 1 and refused[0].verdict == "refused" and "甲规划（十二五）" in refused[0].message
    assert refused[0].work_item_id is None  # never linked to the other plan's item, so never applied to it


def test_the_import_page_lists_the_chosen_plans_batches_and_a_batch_is_about_its_plan(client_for, plans, make):
    make.import_batch(plans.alpha.plan, plans.lead_a, filename="ALPHA进展.xlsx")
    beta_batch = make.import_batch(plans.beta.plan, plans.lead_a, filename="BETA进展.xlsx")
    client = client_for(plans.lead_a)
    _only(_page(client, "/import"), "ALPHA进展.xlsx", "BETA进展.xlsx")
    _only(_page(client, f"/import?plan={BETA}"), "BETA进展.xlsx", "ALPHA进展.xlsx")
    _page(client, f"/?plan={ALPHA}")
    html = _page(client, f"/import/{beta_batch.id}")
    assert "乙规划（十三五）" in html.split('data-testid="shown-plan"')[1].split("</a>")[0]


def test_a_file_of_another_plan_is_refused_whole(client_for, plans):
    client = client_for(plans.lead_a)
    exported = client.get(f"/export/tasks.xlsx?plan={BETA}").data
    _page(client, f"/?plan={ALPHA}")
    response = client.post(
        "/import", data={"file": (io.BytesIO(exported), "进展.xlsx"), "plan": ALPHA}, content_type="multipart/form-data"
    )
    assert "文件属于另一个规划" in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------------------------
# The reminders command


def test_reminders_cover_every_plan_or_the_one_chosen(app, plans):
    """Without --plan every plan, each under its title (tests/review/test_reminders_every_plan.py has the rest)."""
    runner = app.test_cli_runner()
    every = runner.invoke(args=["reminders", "--today", "2013-06-15"])
    assert every.exit_code == 0, every.output
    alpha, beta = every.output.split("乙规划（十三五）（beta-2016）")
    _only(alpha, "ALPHA逾期任务", "BETA")
    _only(beta, "BETA逾期任务", "ALPHA")
    assert "甲规划（十二五）（alpha-2011）" in alpha
    chosen = runner.invoke(args=["reminders", "--today", "2013-06-15", "--plan", BETA])
    _only(chosen.output, "BETA逾期任务", "ALPHA")
    unknown = runner.invoke(args=["reminders", "--plan", "nope"])
    assert unknown.exit_code != 0 and "没有代码为“nope”的规划" in unknown.output


# ---------------------------------------------------------------------------------------------------------------
# The default plan is untouched by work in another; statement counts do not grow with another plan's data


def _snapshot(plan_id: int) -> list[tuple]:
    db.session.expire_all()
    items = db.session.execute(
        select(WorkItem.id, WorkItem.title, WorkItem.status, WorkItem.progress, WorkItem.version, WorkItem.path)
        .where(WorkItem.plan_id == plan_id)
        .order_by(WorkItem.id)
    )
    projects = db.session.execute(
        select(Project.id, Project.name, Project.status, Project.version)
        .where(Project.in_plan(plan_id))
        .order_by(Project.id)
    )
    return [tuple(row) for row in items] + [tuple(row) for row in projects]


def test_work_in_another_plan_leaves_the_default_plan_as_it_was(client_for, plans, session, make):
    before = _snapshot(plans.alpha.plan.id)
    client = client_for(plans.office_user)
    _page(client, f"/?plan={BETA}")
    response = client.post(
        "/projects/new",
        data={"plan": BETA, "department": plans.dept_a.id, "work_item": plans.beta.fine.id, "name": "BETA新项目"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    make.item(plans.beta.plan, plans.beta.section, title="BETA新增", due_date=date(2012, 1, 1))
    plans.beta.late.progress = 90
    session.flush()
    assert _snapshot(plans.alpha.plan.id) == before


def _add_plan_data(make, world, dept, count: int) -> None:
    for n in range(count):
        item = make.item(
            world.plan, world.section, title=f"BETA批量{n}", lead_department=dept, due_date=date(2012, 1, 1)
        )
        project = make.project(item, dept, name=f"BETA批量项目{n}")
        make.budget(project, 2016, approved=Decimal("1"))


@pytest.mark.parametrize("url", ["/", "/dashboard", "/projects", "/review", "/indicators", "/departments"])
def test_a_pages_statements_do_not_grow_with_another_plans_data(
    client_for, plans, make, session, count_statements, url
):
    client = client_for(plans.office_user)
    _page(client, url)
    with count_statements() as small:
        _page(client, url)
    _add_plan_data(make, plans.beta, plans.dept_a, 12)
    session.expire_all()
    with count_statements() as large:
        _page(client, url)
    assert small.count == large.count


def test_the_plans_page_reads_a_fixed_number_of_statements_for_one_plan_or_three(
    client_for, make, session, count_statements
):
    viewer = make.user("viewer", None)
    client = client_for(viewer)
    counts = []
    for round_ in range(2):
        plans_to_add = 1 if round_ == 0 else 2
        for _ in range(plans_to_add):
            plan = make.plan()
            section = make.item(plan, kind="section")
            make.item(plan, section, due_date=date(2012, 1, 1))
        session.expire_all()
        with count_statements() as counter:
            html = _page(client, "/plans")
        counts.append(counter.count)
        assert html.count("data-plan=") == (1 if round_ == 0 else 3)
    assert counts[0] == counts[1]
