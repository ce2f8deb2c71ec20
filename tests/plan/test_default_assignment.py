"""Issue 9, point 2 (departments): departments the office assumed are shown as 默认分工，待确认 until the office
confirms or changes them; the office confirms one item or a subtree (audited), a lead may not; edits make the
assignment the office's."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.plan.helpers import audit_rows, tree_rows
from tests.plan.test_edit_item import edit_form
from tracker.core.errors import PermissionDenied
from tracker.core.models import AuditEvent
from tracker.plan import assignments
from tracker.plan.models import WorkItem

DEFAULT_MARK = 'data-testid="default-assignment"'


@pytest.fixture
def defaults(tree_plan, session):
    """The tree plan as the seed leaves it: every item with departments carries the office's default; the section
    (no departments) has nothing to confirm."""
    p = tree_plan
    for item in (p.task1, p.sub1, p.sub2, p.task2):
        item.assignment_source = "default"
    session.commit()
    return p


@pytest.fixture
def office(make):
    return make.user("office", display_name="孙干事")


def _source(session, item) -> str:
    return session.scalar(select(WorkItem.assignment_source).where(WorkItem.id == item.id))


def _marked_rows(html: str) -> set[int]:
    """The ids of the tree rows that carry the default mark."""
    rows = re.findall(r'<tr [^>]*data-item-id="(\d+)".*?</tr>', html, re.S)
    bodies = re.findall(r"(<tr [^>]*data-item-id=\"\d+\".*?</tr>)", html, re.S)
    return {int(item_id) for item_id, body in zip(rows, bodies, strict=True) if DEFAULT_MARK in body}


def _confirm_audits(session, item) -> list[tuple]:
    return [row for row in audit_rows(session, item.id) if row[1] == "assignment_source"]


def test_the_item_page_marks_a_default_and_names_the_source(client_for, defaults, make):
    client = client_for(make.user("viewer"))
    page = client.get(f"/items/{defaults.sub1.id}").get_data(as_text=True)
    assert "默认分工，待确认" in page and DEFAULT_MARK in page
    assert 'data-testid="confirm-assignment"' not in page  # a viewer may not confirm


def test_a_confirmed_or_document_assignment_carries_no_mark(client_for, defaults, make, session):
    defaults.sub1.assignment_source = "office"
    defaults.sub2.assignment_source = "document"
    session.commit()
    client = client_for(make.user("viewer"))
    office_page = client.get(f"/items/{defaults.sub1.id}").get_data(as_text=True)
    document_page = client.get(f"/items/{defaults.sub2.id}").get_data(as_text=True)
    assert DEFAULT_MARK not in office_page and "信息办已确认" in office_page
    assert DEFAULT_MARK not in document_page and "规划文件明确" in document_page


def test_the_tree_marks_each_default_row_beside_its_department(client_for, defaults, make, session):
    defaults.sub2.assignment_source = "office"
    session.commit()
    page = client_for(make.user("viewer")).get("/").get_data(as_text=True)
    assert [item_id for item_id, _matched in tree_rows(page)]  # the tree shows
    assert _marked_rows(page) == {defaults.task1.id, defaults.sub1.id, defaults.task2.id}
    assert 'title="默认分工，待确认">默认</abbr>' in page


def test_the_tree_reads_the_same_statements_whether_rows_are_marked_or_not(
    client_for, defaults, make, session, count_statements
):
    client = client_for(make.user("office"))
    counts = []
    for source in ("default", "office"):
        for item in (defaults.task1, defaults.sub1, defaults.sub2, defaults.task2):
            item.assignment_source = source
        session.commit()
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_tree_with_marks_does_not_read_more_with_more_items(client_for, defaults, make, session, count_statements):
    client = client_for(make.user("office"))
    counts = []
    for size in (1, 12):
        for n in range(size):
            make.item(defaults.plan, defaults.task2, title=f"新增{n}", lead_department=defaults.dept_a,
                      assignment_source="default")  # fmt: skip
        session.commit()
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_office_confirms_one_item_audited(client_for, defaults, office, session):
    client = client_for(office)
    page = client.get(f"/items/{defaults.sub1.id}").get_data(as_text=True)
    assert 'data-testid="confirm-assignment"' in page
    response = client.post(f"/items/{defaults.sub1.id}/assignment/confirm")
    assert response.status_code == 302 and response.headers["Location"] == f"/items/{defaults.sub1.id}"
    session.expire_all()
    assert _source(session, defaults.sub1) == "office"
    assert _source(session, defaults.sub2) == "default"  # only the one item
    assert _confirm_audits(session, defaults.sub1) == [("update", "assignment_source", "default", "office")]
    event = session.scalar(select(AuditEvent).where(AuditEvent.field == "assignment_source"))
    assert event.actor_id == office.id
    page = client.get(f"/items/{defaults.sub1.id}").get_data(as_text=True)
    assert "已确认 1 项任务的分工。" in page
    # The timeline names the change in words, not as stored.
    timeline = page[page.index('data-testid="timeline"') :]
    assert "分工来源" in timeline and "默认分工，待确认" in timeline and "信息办已确认" in timeline


def test_confirming_twice_changes_nothing_more(client_for, defaults, office, session):
    client = client_for(office)
    client.post(f"/items/{defaults.sub1.id}/assignment/confirm")
    client.post(f"/items/{defaults.sub1.id}/assignment/confirm")
    session.expire_all()
    assert len(_confirm_audits(session, defaults.sub1)) == 1


def test_a_subtree_is_confirmed_at_once_with_its_count_told_first(client_for, defaults, office, session, make):
    retired = make.item(defaults.plan, defaults.task1, title="已撤销", lead_department=defaults.dept_a,
                        assignment_source="default", retired=True)  # fmt: skip
    defaults.sub2.assignment_source = "office"
    session.commit()
    client = client_for(office)
    page = client.get(f"/items/{defaults.task1.id}").get_data(as_text=True)
    # task1 and sub1 (sub2 is confirmed, the retired item is not part of the plan any more).
    assert "确认本项及下级的默认分工（2 项）" in page
    assert "将确认本项及其下级共 2 项任务的默认分工。确定吗？" in page
    response = client.post(f"/items/{defaults.task1.id}/assignment/confirm-subtree")
    assert response.status_code == 302
    session.expire_all()
    assert [_source(session, i) for i in (defaults.task1, defaults.sub1, defaults.sub2)] == ["office"] * 3
    assert _source(session, defaults.task2) == "default"  # outside the subtree
    assert _source(session, retired) == "default"
    assert len(_confirm_audits(session, defaults.task1)) == len(_confirm_audits(session, defaults.sub1)) == 1
    assert _confirm_audits(session, defaults.sub2) == []
    assert "已确认 2 项任务的分工。" in client.get(f"/items/{defaults.task1.id}").get_data(as_text=True)


def test_the_section_confirms_the_whole_chapter(defaults, office, session):
    assert assignments.defaults_in_subtree(defaults.root) == 4
    assert assignments.confirm_subtree(defaults.root, office) == 4
    assert assignments.defaults_in_subtree(defaults.root) == 0


@pytest.mark.parametrize("role", ["lead", "member", "viewer"])
def test_no_one_but_the_office_and_admins_may_confirm(client_for, defaults, make, session, role):
    # The lead of the item's own department, who may otherwise edit it (its owner).
    user = make.user(role, defaults.dept_b) if role in ("lead", "member") else make.user(role)
    client = client_for(user)
    page = client.get(f"/items/{defaults.sub1.id}").get_data(as_text=True)
    assert 'data-testid="confirm-assignment"' not in page and 'data-testid="confirm-subtree"' not in page
    assert client.post(f"/items/{defaults.sub1.id}/assignment/confirm").status_code == 403
    assert client.post(f"/items/{defaults.task1.id}/assignment/confirm-subtree").status_code == 403
    session.expire_all()
    assert _source(session, defaults.sub1) == "default" and _confirm_audits(session, defaults.sub1) == []


def test_the_service_refuses_a_lead_too(defaults, make):
    lead = make.user("lead", defaults.dept_b)
    with pytest.raises(PermissionDenied):
        assignments.confirm_item(defaults.sub1, lead)
    with pytest.raises(PermissionDenied):
        assignments.confirm_subtree(defaults.root, lead)


def test_changing_the_lead_department_in_the_form_makes_the_assignment_the_offices(
    client_for, defaults, office, session
):
    item = defaults.sub1
    client = client_for(office)
    response = client.post(f"/items/{item.id}/edit", data=edit_form(item, lead_department_id=str(defaults.dept_a.id),
                                                                      supporting_department_ids=[]))  # fmt: skip
    assert response.status_code == 302
    session.expire_all()
    assert _source(session, item) == "office"
    assert _confirm_audits(session, item) == [("update", "assignment_source", "default", "office")]


def test_changing_supporting_departments_alone_makes_it_the_offices_too(client_for, defaults, office, session):
    item = defaults.task1
    client = client_for(office)
    response = client.post(f"/items/{item.id}/edit", data=edit_form(item, supporting_department_ids=[
        str(defaults.dept_b.id)]))  # fmt: skip
    assert response.status_code == 302
    session.expire_all()
    assert _source(session, item) == "office"


def test_an_edit_that_leaves_the_departments_keeps_the_default(client_for, defaults, office, session):
    item = defaults.task1
    response = client_for(office).post(f"/items/{item.id}/edit", data=edit_form(item, title="推进电子政务建设（修订）"))
    assert response.status_code == 302
    session.expire_all()
    assert _source(session, item) == "default" and _confirm_audits(session, item) == []


def test_the_review_queue_marks_a_default_department(client_for, defaults, make, session):
    defaults.task2.assignment_source = "office"
    defaults.task2.last_update_at = None  # stale: in the queue beside the overdue task1
    session.commit()
    page = client_for(make.user("office")).get("/review").get_data(as_text=True)
    rows = dict(re.findall(r'data-subject="work_item-(\d+)">(.*?)</tr>', page, re.S))
    assert DEFAULT_MARK in rows[str(defaults.task1.id)]
    assert DEFAULT_MARK not in rows[str(defaults.task2.id)]


def test_a_departments_page_marks_its_default_items(client_for, defaults, make, session):
    defaults.sub2.assignment_source = "office"
    session.commit()
    page = client_for(make.user("viewer")).get(f"/departments/{defaults.dept_a.id}").get_data(as_text=True)
    rows = dict(re.findall(r'<tr [^>]*data-item-id="(\d+)">(.*?)</tr>', page, re.S))
    assert DEFAULT_MARK in rows[str(defaults.task1.id)]  # led by A
    assert DEFAULT_MARK in rows[str(defaults.sub1.id)]  # A supports it
    assert DEFAULT_MARK not in rows[str(defaults.sub2.id)]


def test_the_tree_filters_the_default_assignments(client_for, defaults, make, session):
    defaults.sub1.assignment_source = "office"
    session.commit()
    page = client_for(make.user("viewer")).get("/?default=1").get_data(as_text=True)
    matched = {item_id for item_id, matched in tree_rows(page) if matched}
    assert matched == {defaults.task1.id, defaults.sub2.id, defaults.task2.id}
    assert 'data-testid="confirm-filtered"' not in page  # a viewer may not confirm


def test_the_office_confirms_the_filtered_rows_after_being_told_how_many(client_for, defaults, office, session):
    client = client_for(office)
    query = f"department={defaults.dept_b.id}&lead=1"  # what B leads: sub1 and task2
    page = client.get(f"/?{query}").get_data(as_text=True)
    assert "确认筛选结果中的默认分工（2 项）" in page
    assert "将确认筛选结果中 2 项任务的默认分工。确定吗？" in page
    response = client.post(f"/assignments/confirm?{query}", data={"plan": defaults.plan.code})
    assert response.status_code == 302 and response.headers["Location"] == f"/?{query}"
    session.expire_all()
    assert [_source(session, i) for i in (defaults.sub1, defaults.task2)] == ["office", "office"]
    assert [_source(session, i) for i in (defaults.task1, defaults.sub2)] == ["default", "default"]
    assert len(_confirm_audits(session, defaults.task2)) == 1
    page = client.get(f"/?{query}").get_data(as_text=True)
    assert "已确认 2 项任务的分工。" in page and 'data-testid="confirm-filtered"' not in page


def test_the_unfiltered_tree_offers_no_plan_wide_confirmation(client_for, defaults, office, session):
    client = client_for(office)
    assert 'data-testid="confirm-filtered"' not in client.get("/").get_data(as_text=True)
    assert client.post("/assignments/confirm", data={"plan": defaults.plan.code}).status_code == 400
    session.expire_all()
    assert _source(session, defaults.task1) == "default"


def test_a_lead_may_not_confirm_the_filtered_rows(client_for, defaults, make, session):
    client = client_for(make.user("lead", defaults.dept_b))
    query = f"department={defaults.dept_b.id}"
    assert 'data-testid="confirm-filtered"' not in client.get(f"/?{query}").get_data(as_text=True)
    assert client.post(f"/assignments/confirm?{query}").status_code == 403
    session.expire_all()
    assert _source(session, defaults.task2) == "default"


def test_the_filtered_tree_with_its_count_does_not_read_more_with_more_items(
    client_for, defaults, office, make, session, count_statements
):
    client = client_for(office)
    counts = []
    for size in (1, 12):
        for n in range(size):
            make.item(defaults.plan, defaults.task2, title=f"新增{n}", lead_department=defaults.dept_b,
                      assignment_source="default")  # fmt: skip
        session.commit()
        session.expire_all()
        with count_statements() as counter:
            assert "确认筛选结果中的默认分工" in client.get("/?default=1").get_data(as_text=True)
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_export_of_a_filtered_view_keeps_the_default_filter(client_for, defaults, make, session):
    from tests.exports.helpers import open_workbook, task_table

    defaults.sub1.assignment_source = "office"
    session.commit()
    workbook = open_workbook(client_for(make.user("viewer")).get("/export/tasks.xlsx?default=1").data)
    table = task_table(workbook, workbook.sheetnames[0])
    shown = {item_id: table.value(table.row_of(item_id), "assignment") for item_id in table.ids()}
    assert defaults.sub1.id not in shown or shown[defaults.sub1.id] != "默认分工，待确认"
    assert {defaults.task1.id, defaults.sub2.id, defaults.task2.id} <= set(shown)
    texts = " ".join(str(cell.value) for row in workbook[workbook.sheetnames[0]].iter_rows(max_row=6) for cell in row)
    assert "仅默认分工" in texts


def test_the_dashboard_counts_the_defaults_and_leads_to_them(client_for, defaults, make, session):
    defaults.sub1.assignment_source = "office"
    session.commit()
    page = client_for(make.user("viewer")).get("/dashboard").get_data(as_text=True)
    line = page[page.index('data-testid="default-assignments"') :]
    line = line[: line.index("</p>")]
    assert "3 项任务的牵头和配合部门是信息办的默认分工（规划未指定），尚未确认" in line
    assert 'href="/?default=1"' in line
    for item in (defaults.task1, defaults.sub2, defaults.task2):
        item.assignment_source = "office"
    session.commit()
    assert 'data-testid="default-assignments"' not in client_for(make.user("viewer")).get("/dashboard").get_data(
        as_text=True
    )


def test_a_chapter_without_departments_names_no_source_but_offers_its_defaults(client_for, defaults, office):
    page = client_for(office).get(f"/items/{defaults.root.id}").get_data(as_text=True)
    source = page[page.index('data-testid="assignment-source"') :]
    source = source[: source.index("</dd>")]
    assert "信息办已确认" not in source and "—" in source
    assert "确认本项及下级的默认分工（4 项）" in source
    assert DEFAULT_MARK not in page[: page.index('data-testid="assignment-source"')]


def test_a_chapter_with_nothing_to_confirm_shows_no_source_row(client_for, defaults, office, session):
    assignments.confirm_subtree(defaults.root, office)
    session.commit()
    page = client_for(office).get(f"/items/{defaults.root.id}").get_data(as_text=True)
    assert 'data-testid="assignment-source"' not in page
