"""Links a lower feature's page shows to a higher feature's page, offered through tracker.core.hooks.link_for."""

from __future__ import annotations

import pytest

from tracker.core import hooks


def test_a_link_nobody_offers_is_none():
    assert hooks.link_for("no_such_link", object(), None) is None


def test_a_provider_answers_for_its_name(monkeypatch):
    monkeypatch.setattr(hooks, "_link_providers", {})
    hooks.link_provider("greeting")(lambda subject, user: f"/hello/{subject}/{user}")
    assert hooks.link_for("greeting", 3, "ann") == "/hello/3/ann"
    assert hooks.link_for("greeting ", 3, "ann") is None


def test_the_post_update_links_follow_the_permission(app, session, make, client_for):
    department = make.department()
    plan = make.plan()
    item = make.item(plan, lead_department=department)
    project = make.project(item, department)
    lead = make.user("lead", department)
    viewer = make.user("viewer")
    with app.test_request_context():
        assert hooks.link_for("post_update", item, lead) == f"/items/{item.id}/update"
        assert hooks.link_for("post_update", project, lead) == f"/projects/{project.id}/update"
        assert hooks.link_for("post_update", item, viewer) is None
        assert hooks.link_for("post_update", project, viewer) is None
    assert f'href="/items/{item.id}/update"' in client_for(lead).get(f"/items/{item.id}").get_data(as_text=True)
    assert f'href="/items/{item.id}/update"' not in client_for(viewer).get(f"/items/{item.id}").get_data(as_text=True)


@pytest.fixture
def without_providers(monkeypatch):
    """As if the features that offer links (updates, exports, dashboard) were not installed."""
    monkeypatch.setattr(hooks, "_link_providers", {})


def test_pages_render_without_the_higher_features_links(make, client_for, without_providers):
    department = make.department(name="杭州市经济和信息化委员会")
    plan = make.plan()
    item = make.item(plan, lead_department=department)
    project = make.project(item, department)
    admin = make.user("admin", department)
    client = client_for(admin)
    item_page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "/update" not in item_page and "杭州市经济和信息化委员会" in item_page
    assert "/update" not in client.get(f"/projects/{project.id}").get_data(as_text=True)
    tree = client.get("/").get_data(as_text=True)
    assert 'data-testid="export-xlsx"' not in tree and 'data-testid="export-workbook"' not in tree
    account = client.get("/account").get_data(as_text=True)
    assert f'href="/departments/{department.id}"' not in account and "杭州市经济和信息化委员会" in account
    admin_list = client.get("/admin/departments").get_data(as_text=True)
    assert f'href="/departments/{department.id}"' not in admin_list and "杭州市经济和信息化委员会" in admin_list


def test_pages_show_the_offered_links(make, client_for):
    department = make.department(name="杭州市经济和信息化委员会")
    plan = make.plan()
    item = make.item(plan, lead_department=department)
    project = make.project(item, department)
    client = client_for(make.user("admin", department))
    assert f'href="/items/{item.id}/update"' in client.get(f"/items/{item.id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}/update"' in client.get(f"/projects/{project.id}").get_data(as_text=True)
    tree = client.get("/?status=in_progress").get_data(as_text=True)
    # The export links name the plan (issue 9: a download is of the plan the page showed).
    assert f'href="/export/tasks.xlsx?plan={plan.code}&amp;status=in_progress"' in tree
    assert f'href="/export/plan.xlsx?plan={plan.code}"' in tree
    assert f'href="/departments/{department.id}"' in client.get("/account").get_data(as_text=True)
    assert f'href="/departments/{department.id}"' in client.get("/admin/departments").get_data(as_text=True)
