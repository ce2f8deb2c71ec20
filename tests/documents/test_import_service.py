"""The import service: a read document written as a new plan, its refusals, and that nothing else changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.documents.import_helpers import LONG_SENTENCE, SEED_DIR, parsed_document, snapshot, table_counts
from tracker.core.errors import ValidationError
from tracker.core.models import AuditEvent
from tracker.documents import services
from tracker.documents.matching import match_departments
from tracker.documents.services import NEW_DEPARTMENT, import_plan, title_and_mandate
from tracker.indicators.models import Indicator
from tracker.org.models import Department, DepartmentKind
from tracker.org.services import name_key
from tracker.plan.models import AssignmentSource, PlanContext, WorkItem

UNKNOWN = (  # 市科技局 is the body's later name: the tracker holds its 2011 one (市科委)
    "市大数据局",
    "市科技局",
    "钱塘新区管委会",
)


def _import(office, **changes):
    parsed = changes.pop("parsed", None) or parsed_document()
    values = {
        "code": "smart-city-13",
        "name": None,
        "department_map": {name: NEW_DEPARTMENT for name in UNKNOWN},
        "indicators": parsed.indicators[:1],
        "actor": office,
    }
    values.update(changes)
    return import_plan(parsed, **values)


def _items(session, plan) -> dict[str, WorkItem]:
    query = select(WorkItem).where(WorkItem.plan_id == plan.id).order_by(WorkItem.path)
    return {item.outline_no: item for item in session.scalars(query)}


def _names(departments) -> list[str]:
    return [department.short_name for department in departments]


def test_the_tree_is_written_as_the_document_numbers_it(session, seeded, office):
    plan = _import(office)
    assert (plan.code, plan.title, plan.start_year, plan.end_year) == (
        "smart-city-13",
        "杭州市智慧城市建设“十三五”规划",
        2016,
        2020,
    )
    assert plan.preamble == "为加快智慧城市建设，制定本规划。"
    items = _items(session, plan)
    assert list(items) == ["一、", "（一）", "二、", "1.", "（1）", "2.", "专栏1"]
    shape = {
        no: (item.kind, item.parent.outline_no if item.parent else None, item.sort_order) for no, item in items.items()
    }
    assert shape == {
        "一、": ("section", None, 1),
        "（一）": ("goal", "一、", 1),
        "二、": ("section", None, 2),
        "1.": ("task", "二、", 1),
        "（1）": ("subtask", "1.", 1),
        "2.": ("task", "二、", 2),
        "专栏1": ("section", None, 3),
    }
    assert items["1."].title == "推进“两化”深度融合"
    assert items["1."].mandate == "到2020年，两化融合示范企业达到60家以上。"
    assert items["（1）"].depth == items["1."].depth + 1
    assert not any(item.outline_added for item in items.values())
    assert all(item.seed_key is None for item in items.values())


def test_a_long_heading_is_cut_after_a_clause_and_kept_whole_in_the_mandate(session, seeded, office):
    items = _items(session, _import(office))
    title = items["2."].title
    assert len(title) <= 300
    assert title.endswith("建设…")
    assert LONG_SENTENCE.startswith(title[:-1])
    assert items["2."].mandate == LONG_SENTENCE + "\n各区县（市）抓好落实。"


def test_a_long_heading_without_a_clause_end_is_cut_at_the_limit():
    parsed = parsed_document().items[0]
    parsed.title = "字" * 400
    title, mandate = title_and_mandate(parsed)
    assert (len(title), title[-1]) == (300, "…")
    assert mandate == "字" * 400


def test_departments_are_matched_inherited_mapped_and_created(session, seeded, office, make):
    existing = make.department(code="sjj", name="杭州市数据资源管理局", short_name="市数据资源局")
    before = session.scalar(select(func.count()).select_from(Department))
    plan = _import(office, department_map={"市大数据局": existing.id, "钱塘新区管委会": NEW_DEPARTMENT})
    items = _items(session, plan)
    assert session.scalar(select(func.count()).select_from(Department)) == before + 1
    created = session.scalar(select(Department).where(Department.name == "钱塘新区管委会"))
    assert (created.short_name, created.code, created.kind, created.active) == (
        "钱塘新区管委会",
        "doc-1",
        DepartmentKind.BUREAU.value,
        True,
    )
    # The chapter's departments, the task inheriting them ("市 发改委" written with a space), its own, none.
    assert items["二、"].lead_department.short_name == "市经信委"
    assert _names(items["1."].supporting_departments) == ["市发改委"]
    assert items["1."].lead_department.short_name == "市经信委"
    assert items["（1）"].lead_department == existing
    assert _names(items["（1）"].supporting_departments) == ["市财政局"]
    assert items["2."].lead_department == created
    assert items["一、"].lead_department is None and items["一、"].supporting_departments == []
    sources = {no: item.assignment_source for no, item in items.items()}
    document = AssignmentSource.DOCUMENT.value
    assert sources == {
        "一、": AssignmentSource.OFFICE.value,
        "（一）": AssignmentSource.OFFICE.value,
        "二、": document,
        "1.": document,
        "（1）": document,
        "2.": document,
        "专栏1": AssignmentSource.OFFICE.value,
    }
    # The new department is audited as the office's creation, like one made on the departments page.
    audited = session.scalars(
        select(AuditEvent.field).where(AuditEvent.entity_type == "department", AuditEvent.entity_id == created.id)
    ).all()
    assert {"code", "name", "short_name", "kind"} <= set(audited)


def test_names_match_across_widths_and_spaces(session, make):
    department = make.department(code="gxq", name="杭州高新区（滨江）管委会", short_name="高新区(滨江)")
    session.flush()
    assert name_key("高新区（滨江）") == name_key("高新区 (滨江)")
    found = match_departments(["高新区 （滨江）", "杭州高新区(滨江)管委会", "滨江区"])
    assert found == {"高新区 （滨江）": department, "杭州高新区(滨江)管委会": department, "滨江区": None}


def test_a_name_the_department_carried_before_a_rename_still_matches_it(session, make):
    """A document written before a rename names the body as it was then (曾用名): it is the same department."""
    department = make.department(code="kjj", name="杭州市科学技术局", short_name="市科技局")
    make.former_name(department, name="杭州市科学技术委员会", short_name="市科委")
    session.flush()
    found = match_departments(["市科委", "杭州市科学技术委员会", "市科技局", "市科协"])
    assert found == {"市科委": department, "杭州市科学技术委员会": department, "市科技局": department, "市科协": None}


def test_new_departments_kind_and_code_follow_the_name(session, seeded, office, make):
    make.department(code="doc-1", name="已有", short_name="已有")
    parsed = parsed_document()
    parsed.items[1].children[1].lead = "西湖区"
    parsed.items[1].children[0].children[0].lead = "市智慧城市建设领导小组办公室"
    _import(
        office, parsed=parsed, department_map={"西湖区": NEW_DEPARTMENT, "市智慧城市建设领导小组办公室": NEW_DEPARTMENT}
    )
    created = {
        d.name: (d.code, d.kind) for d in session.scalars(select(Department).where(Department.code.like("doc-%")))
    }
    assert created == {
        "已有": ("doc-1", "bureau"),
        "市智慧城市建设领导小组办公室": ("doc-2", "office"),
        "西湖区": ("doc-3", "district"),
    }


def test_the_chosen_indicators_are_written_linked_to_their_item(session, seeded, office):
    parsed = parsed_document()
    plan = _import(office, parsed=parsed, indicators=parsed.indicators)
    items = _items(session, plan)
    indicators = session.scalars(
        select(Indicator).where(Indicator.plan_id == plan.id).order_by(Indicator.sort_order)
    ).all()
    assert [(i.code, i.name, i.unit, i.target_value, i.comparator, i.target_year) for i in indicators] == [
        ("ind-1", "两化融合示范企业", "家", Decimal(60), "ge", 2020),
        ("ind-2", "城市大脑覆盖率", "%", Decimal(90), "ge", 2020),  # no year in the text: the plan's last
    ]
    assert indicators[0].goal_item == items["1."]
    assert indicators[0].responsible_department.short_name == "市经信委"
    assert indicators[0].source_text == "到2020年，两化融合示范企业达到60家以上。"
    assert (indicators[1].goal_item, indicators[1].responsible_department) == (None, None)


def test_only_the_chosen_indicators_are_written(session, seeded, office):
    plan = _import(office, indicators=[])
    assert session.scalar(select(func.count()).select_from(Indicator).where(Indicator.plan_id == plan.id)) == 0


def test_every_creation_is_audited_as_the_actor(session, seeded, office):
    plan = _import(office)
    items = _items(session, plan)
    rows = session.execute(
        select(AuditEvent.field, AuditEvent.new_value).where(
            AuditEvent.entity_type == "work_item", AuditEvent.entity_id == items["1."].id
        )
    ).all()
    assert dict(rows) == {
        "title": "推进“两化”深度融合",
        "kind": "task",
        "outline_no": "1.",
        "parent": "二、 主要任务",
        "lead_department": "杭州市经济和信息化委员会",
    }
    item_ids = {item.id for item in items.values()}
    audited = set(
        session.scalars(
            select(AuditEvent.entity_id).where(AuditEvent.entity_type == "work_item", AuditEvent.action == "create")
        )
    )
    assert item_ids <= audited
    actors = set(session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "create")))
    assert actors == {office.id}
    indicator_ids = set(session.scalars(select(Indicator.id).where(Indicator.plan_id == plan.id)))
    assert indicator_ids == set(
        session.scalars(select(AuditEvent.entity_id).where(AuditEvent.entity_type == "indicator"))
    )


def test_the_seeded_plan_is_unchanged_by_an_import(session, seeded, office):
    before = snapshot(session, seeded.id)
    _import(office)
    session.expire_all()
    after = snapshot(session, seeded.id)
    old_departments = {row[0] for row in before["departments"]}
    after["departments"] = [row for row in after["departments"] if row[0] in old_departments]
    before_audit_ids = {row[0] for row in before["audit"]}
    after["audit"] = [row for row in after["audit"] if row[0] in before_audit_ids]
    assert before["items"] and before["indicators"]
    assert after == before


def test_every_refusal_is_named_at_once(session, seeded, office):
    with pytest.raises(ValidationError) as refused:
        _import(
            office, code="规划 1", parsed=parsed_document(period=None), department_map={"市大数据局": NEW_DEPARTMENT}
        )
    errors = refused.value.errors
    assert set(errors) == {"code", "start_year", "departments"}
    assert "钱塘新区管委会" in errors["departments"][0] and "市大数据局" not in errors["departments"][0]


def test_reimporting_the_same_code_is_refused_and_says_so(session, seeded, office):
    _import(office)
    counts = table_counts(session)
    with pytest.raises(ValidationError) as refused:
        _import(office, code="SMART-CITY-13")
    message = refused.value.errors["code"][0]
    assert "SMART-CITY-13" in message and "不能重复导入" in message
    assert table_counts(session) == counts


def test_the_seeded_plans_code_is_refused(session, seeded, office):
    with pytest.raises(ValidationError) as refused:
        _import(office, code=seeded.code)
    assert list(refused.value.errors) == ["code"]


@pytest.mark.parametrize(
    ("period", "field"),
    [((2020, 2016), "end_year"), ((1900, 2020), "start_year"), ((2016, 9999), "end_year")],
)
def test_a_reversed_or_impossible_period_is_refused(session, seeded, office, period, field):
    with pytest.raises(ValidationError) as refused:
        _import(office, period=period)
    assert list(refused.value.errors) == [field]


def test_a_given_period_wins_over_the_documents(session, seeded, office):
    plan = _import(office, parsed=parsed_document(period=None), period=(2021, 2025))
    assert (plan.start_year, plan.end_year) == (2021, 2025)


def test_a_name_too_long_for_a_department_is_refused_before_anything_is_written(session, seeded, office):
    parsed = parsed_document()
    long_name = "杭州市" + "某" * 100 + "局"
    parsed.items[1].children[1].lead = long_name
    counts = table_counts(session)
    with pytest.raises(ValidationError) as refused:
        _import(office, parsed=parsed, department_map={"市大数据局": NEW_DEPARTMENT, long_name: NEW_DEPARTMENT})
    # Refused as the document's (the preview says so), not only when the office asks to create it.
    assert list(refused.value.errors) == ["file"] and long_name[:60] in refused.value.errors["file"][0]
    assert table_counts(session) == counts


def test_a_mapping_to_a_department_that_does_not_exist_is_refused_at_its_name(session, seeded, office):
    with pytest.raises(ValidationError) as refused:
        _import(office, department_map={"市大数据局": 987654, "钱塘新区管委会": NEW_DEPARTMENT})
    assert "市大数据局" in refused.value.errors["department:市大数据局"][0]


def test_a_given_name_is_the_title_and_a_too_long_one_is_refused(session, seeded, office):
    assert _import(office, name="  智慧城市规划 ").title == "智慧城市规划"
    with pytest.raises(ValidationError) as refused:
        _import(office, code="other", name="名" * 201)
    assert list(refused.value.errors) == ["name"]


def test_a_document_without_headings_is_refused(session, seeded, office):
    parsed = parsed_document()
    parsed.items = []
    with pytest.raises(ValidationError) as refused:
        _import(office, parsed=parsed)
    assert "file" in refused.value.errors


def test_an_indicator_comparison_the_register_cannot_hold_is_refused(session, seeded, office):
    parsed = parsed_document()
    parsed.indicators[0].comparator = "between"
    with pytest.raises(ValidationError) as refused:
        _import(office, parsed=parsed)
    assert "两化融合示范企业" in refused.value.errors["indicators"][0]


def test_a_failure_midway_leaves_nothing(session, seeded, office, monkeypatch):
    """The service writes in the caller's transaction: a failure after the first rows leaves nothing once the
    caller rolls back (as the request lifecycle and the command do)."""
    counts = table_counts(session)
    failing = RuntimeError("disk full")

    def fail(*args, **kwargs):
        raise failing

    monkeypatch.setattr(services, "_write_indicators", fail)
    savepoint = session.begin_nested()
    with pytest.raises(RuntimeError):
        _import(office)
    savepoint.rollback()
    assert table_counts(session) == counts


READER_SAMPLES = sorted((SEED_DIR.parent / "tests" / "documents" / "samples").glob("*.*"))


@pytest.mark.parametrize("sample", READER_SAMPLES, ids=[path.name for path in READER_SAMPLES])
def test_every_sample_document_is_written_as_read(session, seeded, office, sample):
    """The reader's samples, one per numbering and department style: every heading becomes an item under the
    same parent, with the document's own marker, its title, and the departments it names (new ones created)."""
    from tracker.documents.parsing import parse_document
    from tracker.org.services import name_key

    parsed = parse_document(sample.read_bytes(), max_bytes=5 * 1024 * 1024)
    before = snapshot(session, seeded.id)
    names = parsed.department_names()
    known = match_departments(names)
    plan = import_plan(
        parsed,
        code="sample",
        name=None,
        department_map={name: NEW_DEPARTMENT for name in names if known[name] is None},
        indicators=[proposed for proposed in parsed.indicators if services.can_hold(proposed)],
        actor=office,
        period=parsed.period or (2015, 2015),
    )
    written = session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id).order_by(WorkItem.path)).all()
    read = parsed.tracked()  # background (第一节 指导思想) is written as plan contexts: nothing under it is tracked
    assert len(written) == len(read)
    contexts = session.scalars(select(PlanContext.title).where(PlanContext.plan_id == plan.id)).all()
    assert sorted(contexts) == sorted(title_and_mandate(item)[0] for item in parsed.walk() if item.background)
    parent_of = {id(child): item for item in read for child in item.children}
    position = {id(item): index for index, item in enumerate(read)}
    for item, heading in zip(written, read, strict=True):
        assert (item.outline_no, item.title) == (heading.marker, title_and_mandate(heading)[0])
        parent = parent_of.get(id(heading))
        assert item.parent is (written[position[id(parent)]] if parent is not None else None)
        lead = item.lead_department
        if heading.lead is None:
            assert lead is None
        else:
            assert name_key(heading.lead) in {name_key(lead.name), name_key(lead.short_name)}
        assert item.outline_added is False
    session.expire_all()
    after = snapshot(session, seeded.id)
    assert after["items"] == before["items"] and after["indicators"] == before["indicators"]


def test_an_indicators_department_is_proposed_from_its_items_and_left_to_the_office(session, seeded, office):
    """The document names departments for tasks, not targets: a target takes its item's lead (when the document
    names it) as the office's default, to be confirmed (默认分工，待确认); else none. Never "office", which would say
    the office has confirmed it, nor "document", which would say the document assigned it."""
    parsed = parsed_document()
    unassigned = parsed.items[0].children[0]  # （一）发展目标: no department anywhere above it
    parsed.indicators[1].item_line = unassigned.line
    plan = _import(office, parsed=parsed, indicators=parsed.indicators)
    indicators = session.scalars(
        select(Indicator).where(Indicator.plan_id == plan.id).order_by(Indicator.sort_order)
    ).all()
    shown = [
        (i.responsible_department.short_name if i.responsible_department else None, i.assignment_source)
        for i in indicators
    ]
    assert shown == [("市经信委", AssignmentSource.DEFAULT.value), (None, AssignmentSource.OFFICE.value)]
    assert [indicator.assignment_is_default for indicator in indicators] == [True, False]


def test_an_import_is_recorded_as_the_actors_creation_of_the_plan(session, seeded, office, client_for, make):
    plan = import_plan(
        parsed_document(),
        code="smart-audit",
        name=None,
        department_map=dict.fromkeys(UNKNOWN, NEW_DEPARTMENT),
        indicators=[],
        actor=office,
        source="smart_city.docx",
    )
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "plan", AuditEvent.entity_id == plan.id)
    ).all()
    assert sorted((event.actor_id, event.action, event.field, event.new_value) for event in events) == [
        (office.id, "create", "code", "smart-audit"),
        (office.id, "create", "source", "smart_city.docx"),
        (office.id, "create", "title", plan.title),
    ]
    page = client_for(make.user(role="admin")).get(f"/admin/audit?entity_type=plan&entity_id={plan.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "来源文件" in html and "smart_city.docx" in html and f'href="/plans/{plan.id}"' in html
