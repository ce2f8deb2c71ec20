"""GET /api/v1/items: the tree page's filters, paging and the flat shape of each item."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.conftest import TODAY


@pytest.fixture
def plan_world(make, session):
    """Two sections; the first has two tasks (one overdue, one completed), the second one retired task."""
    plan = make.plan()
    a, b = make.department(name="甲部门"), make.department(name="乙部门")
    owner = make.user("member", department=a)
    first = make.item(plan, kind="section", outline_no="一、", title="第一部分")
    late = make.item(
        plan,
        parent=first,
        outline_no="（一）",
        title="建设电子政务平台",
        lead_department=a,
        owner=owner,
        due_date=date(2013, 1, 1),
        status="in_progress",
        progress=40,
    )
    late.supporting_departments.append(b)
    done = make.item(
        plan, parent=first, outline_no="（二）", title="推进两化融合", lead_department=b, status="completed"
    )
    done.supporting_departments.append(a)
    second = make.item(plan, kind="section", outline_no="二、", title="第二部分")
    gone = make.item(plan, parent=second, outline_no="（一）", title="已撤销的任务", retired=True)
    session.flush()
    return SimpleNamespace(
        plan=plan, a=a, b=b, owner=owner, first=first, late=late, done=done, second=second, gone=gone
    )


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [row["id"] for row in response.json["data"]]


def test_items_in_plan_order_without_retired(api, make, plan_world):
    w = plan_world
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items?plan={w.plan.id}")
    assert _ids(response) == [w.first.id, w.late.id, w.done.id, w.second.id]
    row = response.json["data"][1]
    assert row["parent_id"] == w.first.id and row["depth"] == 1
    assert row["outline_number"] == "（一）" and row["outline"] == "一、（一）"
    assert row["lead_department"]["id"] == w.a.id
    assert [d["id"] for d in row["supporting_departments"]] == [w.b.id]
    assert row["owner"]["id"] == w.owner.id
    assert row["overdue"] is True and row["due_date"] == "2013-01-01" and date(2013, 1, 1) < TODAY
    assert row["status"] == "in_progress" and row["progress"] == 40
    assert row["url"] == f"/items/{w.late.id}" and row["version"] == w.late.version


def test_the_department_filter_with_and_without_lead(api, make, plan_world):
    w = plan_world
    client = api(make.user("viewer"), scope="read")
    assert _ids(client.get(f"/api/v1/items?plan={w.plan.id}&department={w.a.id}")) == [w.late.id, w.done.id]
    assert _ids(client.get(f"/api/v1/items?plan={w.plan.id}&department={w.a.id}&lead=true")) == [w.late.id]


def test_an_unknown_department_is_refused_with_the_field(api, make, plan_world):
    w = plan_world
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items?plan={w.plan.id}&department=999999")
    assert response.status_code == 422 and "department" in response.json["error"]["fields"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", ["done"]),
        ("kind=section", ["first", "second"]),
        ("overdue=1", ["late"]),
        ("on_time=1", ["first", "second"]),
        # Open and silent since creation (2011): every open item; the completed one is not.
        ("stale=1", ["first", "late", "second"]),
        ("q=电子政务", ["late"]),
        ("retired=true&kind=task", ["late", "done", "gone"]),
        ("sort=status&kind=task", ["late", "done"]),
    ],
)
def test_each_filter_means_what_the_tree_page_means(api, make, plan_world, query, expected):
    w = plan_world
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items?plan={w.plan.id}&{query}")
    assert _ids(response) == [getattr(w, n).id for n in expected]


def test_the_parent_filter_lists_direct_children(api, make, plan_world):
    w = plan_world
    client = api(make.user("viewer"), scope="read")
    assert _ids(client.get(f"/api/v1/items?plan={w.plan.id}&parent={w.first.id}")) == [w.late.id, w.done.id]
    assert _ids(client.get(f"/api/v1/items?plan={w.plan.id}&parent={w.second.id}")) == []
    assert _ids(client.get(f"/api/v1/items?plan={w.plan.id}&parent={w.second.id}&retired=1")) == [w.gone.id]


def test_paging_meta_and_links(api, make, plan_world):
    w = plan_world
    client = api(make.user("viewer"), scope="read")
    response = client.get(f"/api/v1/items?plan={w.plan.id}&per_page=3")
    assert response.json["meta"] == {"page": 1, "per_page": 3, "total": 4, "pages": 2}
    assert response.json["links"]["prev"] is None
    following = response.json["links"]["next"]
    assert "page=2" in following and f"plan={w.plan.id}" in following
    second_page = client.get(following)
    assert len(second_page.json["data"]) == 1 and second_page.json["links"]["next"] is None
    assert "page=1" in second_page.json["links"]["prev"]
    # Past the end: the last page, as paginate() answers every list.
    assert client.get(f"/api/v1/items?plan={w.plan.id}&per_page=3&page=9").json["meta"]["page"] == 2


@pytest.mark.parametrize(
    "query", ["per_page=101", "per_page=0", "page=x", "colour=red", "status=done", "lead=maybe", "q=a%00b", "parent=0"]
)
def test_bad_parameters_are_400(api, make, query):
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items?{query}")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_parameter"


def test_a_missing_plan_is_404(api, make):
    response = api(make.user("viewer"), scope="read").get(f"/api/v1/items?plan={2**31 - 1}")
    assert response.status_code == 404


def test_a_page_costs_the_same_statements_for_any_plan_and_page_size(api, make, session, count_statements):
    client = api(make.user("viewer"), scope="read")
    departments = [make.department() for _ in range(3)]
    counts = {}
    for size in (3, 30):
        plan = make.plan()
        top = make.item(plan, kind="section")
        owner = make.user("member", department=departments[0])
        for n in range(size):
            item = make.item(plan, parent=top, lead_department=departments[n % 3], owner=owner)
            item.supporting_departments.extend(departments[:2])
        session.commit()
        for per_page in (5, 25):
            session.expire_all()
            with count_statements() as counter:
                url = f"/api/v1/items?plan={plan.id}&per_page={per_page}&department={departments[0].id}"
                response = client.get(url)
            assert response.status_code == 200 and response.json["data"]
            counts[size, per_page] = counter.count
    assert len(set(counts.values())) == 1, counts
