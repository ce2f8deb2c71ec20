"""The API's review queue carries the behind flag (a work item behind this year's milestone) and filters by it,
its answer matching the OpenAPI document. TODAY is 2013-06-15."""

from __future__ import annotations

from datetime import date, datetime

from tests.api.conftest import check_against_document


def test_behind_flag_and_filter(app, api, make, session):
    dept = make.department(short_name="市经信委")
    plan = make.plan(start_year=2011, end_year=2015)
    author = make.user("member", dept)
    behind = make.item(plan, lead_department=dept, status="in_progress", due_date=date(2015, 12, 31))
    make.milestone(behind, 2013, 80)  # 36 expected by today; progress 0
    make.status_update(behind, author, created_at=datetime(2013, 6, 10))  # not stale
    late = make.item(plan, lead_department=dept, status="in_progress", due_date=date(2013, 1, 31))
    make.status_update(late, author, created_at=datetime(2013, 6, 10))
    session.flush()
    client = api(make.user("viewer"), scope="read")
    url = f"/api/v1/review-queue?plan={plan.id}"
    response = client.get(url)
    check_against_document(app, "get", url, response)
    rows = {row["subject_id"]: row for row in response.json["data"]}
    assert rows[behind.id]["behind"] and not rows[behind.id]["overdue"]
    assert not rows[late.id]["behind"] and [row["subject_id"] for row in response.json["data"]] == [late.id, behind.id]
    only = client.get(url + "&behind=1").json["data"]
    assert [row["subject_id"] for row in only] == [behind.id]
