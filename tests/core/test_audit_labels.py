"""Every field the app audits on work items, projects, indicators and departments has words for it, and so do
the stored values of those whose values are identifiers (a kind, a status, a department's kind, a flag): a
timeline or the audit page never shows "类型：subtask" or "name：".

The audited fields are found by running the services that write audit rows, so a service that starts auditing
a new field without registering its label fails here."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.documents.import_helpers import parsed_document
from tracker.core import audit
from tracker.core.models import AuditEvent
from tracker.documents.services import NEW_DEPARTMENT, import_plan
from tracker.indicators.services import record_value
from tracker.org.services import DepartmentData, create_department, update_department
from tracker.plan.assignments import confirm_item
from tracker.plan.structure import ItemDetails, NewChild, add_child, edit_item, move_item, restore_item, retire_item
from tracker.updates.services import UpdateData, post_status_update

# What an unlabelled stored value looks like: an English identifier, or a flag as `audit.record` writes it.
_RAW = re.compile(r"[a-z_]+|True|False")
CHECKED = (
    audit.AuditEntity.WORK_ITEM,
    audit.AuditEntity.PROJECT,
    audit.AuditEntity.INDICATOR,
    audit.AuditEntity.DEPARTMENT,
    audit.AuditEntity.PLAN,
)


def _audit_everything(session, make) -> None:
    """Every kind of change the office and the departments make, through the services that audit them."""
    office = make.user("office")
    old = make.department(name="杭州市经济委员会", short_name="市经委", sort_order=1)
    data = DepartmentData("JXW", "杭州市经济和信息化委员会", "市经信委", "bureau", 2, True)
    department = create_department(data, None)
    plan = make.plan()
    root = make.item(plan, kind="section", outline_no="一、", title="主要任务")
    other = make.item(plan, kind="section", outline_no="二、", title="保障措施")
    child = add_child(
        root,
        NewChild("subtask", "建设政务云", "(1)", "建设政务云平台。", date(2012, 1, 1), date(2013, 1, 1), old.id),
        office,
    )
    details = ItemDetails(
        title="建设政务云平台",
        short_name="政务云",
        outline_no="(2)",
        mandate="建设全市政务云平台。",
        start_date=date(2012, 2, 1),
        due_date=date(2014, 1, 1),
        weight=Decimal("2"),
        owner_id=office.id,
        lead_department_id=department.id,
        supporting_department_ids=[old.id],
    )
    edit_item(child, details, child.version, office)
    move_item(child, other.id, None, child.version, office)
    retire_item(child, office)
    restore_item(child, office)
    update_department(department, DepartmentData("JXW2", "杭州市经信委", "经信委", "district", 3, False), office.id)
    default = make.item(plan, root, title="默认分工任务", lead_department=old, assignment_source="default")
    confirm_item(default, office)
    late = UpdateData("delayed", 10, default.version, "", "审批未完成", "加快审批", date(2013, 12, 31))
    post_status_update(default, late, office, TODAY)
    project = make.project(default, old, name="政务云一期")
    post_status_update(project, UpdateData("in_progress", 20, project.version), office, TODAY)
    indicator = make.indicator(plan, goal_item=root)
    record_value(indicator, 2012, Decimal("60"), "统计公报", office, TODAY)
    record_value(indicator, 2012, Decimal("61"), "统计年鉴", office, TODAY, replace=True)
    parsed = parsed_document()
    unknown = {"市大数据局", "钱塘新区管委会", "市经信委", "市 发改委", "市财政局"}
    import_plan(
        parsed,
        code="smart-city-13",
        name=None,
        department_map=dict.fromkeys(unknown, NEW_DEPARTMENT),
        indicators=parsed.indicators[:1],
        actor=office,
    )
    session.flush()


@pytest.mark.usefixtures("app")
def test_every_audited_field_and_identifier_value_has_words(session, make):
    _audit_everything(session, make)
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_type.in_([str(e) for e in CHECKED])))
    seen: set[tuple[str, str]] = set()
    unlabelled, raw = set(), set()
    for event in events:
        seen.add((event.entity_type, event.field))
        if event.field and audit.entity_field_label(event.entity_type, event.field) is None:
            unlabelled.add((event.entity_type, event.field))
        for value in (event.old_value, event.new_value):
            shown = audit.audit_value(event.entity_type, event.field, value)
            if shown is not None and _RAW.fullmatch(shown):
                raw.add((event.entity_type, event.field, shown))
    assert unlabelled == set()
    assert raw == set()
    # The scenario reaches the fields this test is about (so that it cannot pass by auditing nothing).
    for expected in [
        ("work_item", "kind"),
        ("work_item", "assignment_source"),
        ("work_item", "delay_reason"),
        ("work_item", "retired"),
        ("project", "status"),
        ("indicator", "name"),
        ("indicator", "value:2012"),
        ("department", "kind"),
        ("department", "active"),
        ("plan", "source"),
    ]:
        assert expected in seen


def test_the_check_notices_a_field_without_words(app):
    assert audit.entity_field_label("department", "no_such_field") is None
    assert audit.audit_value("work_item", "kind", "subtask") == "子任务"
    assert audit.audit_value("department", "active", "False") == "否"
    assert audit.audit_value("work_item", "title", "subtask") == "subtask"  # a title is shown as written


def test_the_pages_show_the_words(client_for, session, make):
    office = make.user("office")
    plan = make.plan()
    item = make.item(plan, kind="subtask", title="建设政务云")
    indicator = make.indicator(plan, name="电子政务覆盖率")
    audit.record(None, audit.AuditEntity.WORK_ITEM, item.id, audit.AuditAction.CREATE, "kind", None, "subtask")
    audit.record(None, audit.AuditEntity.INDICATOR, indicator.id, audit.AuditAction.CREATE, "name", None, "覆盖率")
    session.flush()
    client = client_for(office)
    timeline = client.get(f"/items/{item.id}").get_data(as_text=True).split('data-testid="timeline"')[1]
    assert "类型</span>：" in timeline and "子任务" in timeline and "subtask" not in timeline
    history = client.get(f"/indicators/{indicator.id}").get_data(as_text=True).split('data-testid="value-history"')[1]
    assert "指标名称：" in history and "name：" not in history
    audit_page = client_for(make.user("admin")).get(f"/admin/audit?entity_type=work_item&entity_id={item.id}")
    assert audit_page.status_code == 200
    row = audit_page.get_data(as_text=True).split("<tbody>")[1]
    assert '<td class="text-break">子任务</td>' in row
