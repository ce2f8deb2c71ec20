"""Loading again: nothing changes; an edited file updates in place and keeps what users and admins did."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.seed.conftest import SEED_DIR, edit, items_by_key, row_counts
from tracker.indicators.models import Indicator
from tracker.plan.models import Plan, PlanContext, WorkItem
from tracker.seeding.loader import load_seed_dir


def test_second_load_changes_nothing(session, seeded):
    counts = row_counts(session)
    versions = {key: item.version for key, item in items_by_key(session).items()}
    report = load_seed_dir(SEED_DIR)
    session.flush()
    assert report.changed == 0
    assert {kind: (c.created, c.updated) for kind, c in report.counts.items()} == dict.fromkeys(report.counts, (0, 0))
    assert report.counts["items"].unchanged == 36 and report.counts["indicators"].unchanged == 22
    assert row_counts(session) == counts
    assert {key: item.version for key, item in items_by_key(session).items()} == versions
    assert "新增 0，更新 0" in report.summary()


def test_edited_seed_updates_in_place_and_keeps_user_changes(session, seeded, seed_copy, make):
    plan = session.scalars(select(Plan)).one()
    items = items_by_key(session)
    subtask = items["s3.1.t1.p1"]
    subtask_id, old_title = subtask.id, subtask.title
    # What people do in the app after the first load:
    user_item = make.item(plan, items["s3.1.t1"], kind="subtask", title="用户新增的子任务", outline_no="(5)")
    other_department = make.department(code="userdept", short_name="用户部门")
    subtask.lead_department = other_department
    subtask.due_date = date(2013, 12, 31)
    indicator = session.scalars(select(Indicator).where(Indicator.code == "online-marketing")).one()
    indicator.responsible_department = other_department
    session.flush()

    edit(seed_copy / "plan.yaml", f"title: {old_title}\n", "title: 开展“两化”融合区域示范（修订）\n")
    edit(seed_copy / "indicators.yaml", "target_value: 65\n", "target_value: 70\n")
    # The last two platforms swap places in the file.
    text = (seed_copy / "plan.yaml").read_text(encoding="utf-8")
    fourth = text.index("              - key: s3.1.box3.pf4")
    fifth = text.index("              - key: s3.1.box3.pf5")
    (seed_copy / "plan.yaml").write_text(text[:fourth] + text[fifth:] + text[fourth:fifth], encoding="utf-8")

    report = load_seed_dir(seed_copy)
    session.flush()
    session.expire_all()

    assert report.counts["items"].created == 0 and report.counts["items"].updated == 3  # the title and two orders
    assert report.counts["indicators"].updated == 1
    subtask = session.get(WorkItem, subtask_id)
    assert subtask.title == "开展“两化”融合区域示范（修订）"
    assert subtask.lead_department.code == "userdept" and subtask.due_date == date(2013, 12, 31)
    assert session.get(WorkItem, user_item.id).title == "用户新增的子任务"
    platforms = [child.seed_key for child in items_by_key(session)["s3.1.box3"].children]
    assert platforms[-2:] == ["s3.1.box3.pf5", "s3.1.box3.pf4"]
    indicator = session.scalars(select(Indicator).where(Indicator.code == "online-marketing")).one()
    assert indicator.target_value == 70 and indicator.responsible_department.code == "userdept"


def test_new_item_in_file_is_created_with_its_defaults_and_may_name_a_department_made_in_the_app(
    session, seeded, seed_copy, make
):
    make.department(code="appdept", short_name="应用中新建")
    edit(
        seed_copy / "plan.yaml",
        "          - key: s3.1.box3\n",
        "          - key: s3.1.t5\n"
        "            kind: task\n"
        '            outline: "5."\n'
        "            title: 新增任务\n"
        "            default_assignment: {lead: appdept, supporting: [jxw], due_date: 2013-12-31}\n"
        "          - key: s3.1.box3\n",
    )
    report = load_seed_dir(seed_copy)
    session.flush()
    assert report.counts["items"].created == 1
    new = items_by_key(session)["s3.1.t5"]
    assert new.parent.seed_key == "s3.1" and new.lead_department.code == "appdept"
    assert [department.code for department in new.supporting_departments] == ["jxw"]
    assert (new.start_date, new.due_date) == (date(2011, 1, 1), date(2013, 12, 31))


def test_an_item_the_office_moved_stays_where_it_was_moved(session, seeded):
    items = items_by_key(session)
    moved, new_parent = items["s3.1.t1.p1"], items["s3.1.t2"]
    moved.parent = new_parent
    session.flush()
    report = load_seed_dir(SEED_DIR)
    session.flush()
    assert items_by_key(session)["s3.1.t1.p1"].parent.seed_key == "s3.1.t2"
    assert report.counts["items"].updated == 0


def test_a_database_loaded_before_contexts_had_places_is_placed_by_the_next_load(session, seeded):
    """Installations loaded with the flat list of background rows (no parents, the platforms numbered (1)…(5),
    no number marked as added): the next `flask seed plan` puts each row in its place and marks the numbers."""
    contexts = list(session.scalars(select(PlanContext)))
    for context in contexts:
        context.parent, context.work_item = None, None
    items = items_by_key(session)
    for number in range(1, 6):
        items[f"s3.1.box3.pf{number}"].outline_no = f"({number})"
    for item in items.values():
        item.outline_added = False
    session.flush()

    report = load_seed_dir(SEED_DIR)
    session.flush()
    session.expire_all()

    placed = {context.seed_key: context for context in session.scalars(select(PlanContext))}
    assert report.counts["contexts"].updated == len(placed) - 1  # all but the top-level chapter 一
    assert placed["trend.1"].parent.seed_key == "s1.1" and placed["s2.1"].work_item.seed_key == "s2"
    items = items_by_key(session)
    assert [items[f"s3.1.box3.pf{n}"].outline_no for n in range(1, 6)] == ["●"] * 5
    assert all(item.outline_added == (item.kind == "subtask") for item in items.values())
