"""Issue 9, point 4: the names people use. Seeded for the four main tasks and the 专栏3 platforms (a default:
created once, never put back over the office's edit), edited by the office on the item form (one line, 40
characters, audited as 简称), and shown beside the title wherever an item is listed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.plan.helpers import audit_rows, form_fields
from tests.plan.test_edit_item import edit_form
from tests.seed.conftest import DOCUMENT_CANDIDATES, SEED_DIR, items_by_key
from tracker.core import audit
from tracker.plan.models import WorkItem
from tracker.seeding.loader import load_seed_dir

SEEDED_SHORT_NAMES = {
    "s3.1.t1": "两化融合",
    "s3.1.t2": "服务业信息化",
    "s3.1.t3": "数字兴农",
    "s3.1.t4": "电子商务之都",
}
# The short forms an office says for the 专栏3 platforms: the document names each only by its full title.
SEEDED_PLATFORM_NAMES = {
    "s3.1.box3.pf1": "节能减排平台",
    "s3.1.box3.pf2": "网络协同制造平台",
    "s3.1.box3.pf3": "RFID平台",
    "s3.1.box3.pf4": "第三方支付平台",
    "s3.1.box3.pf5": "物流公共信息平台",
}


@pytest.fixture
def office(make):
    return make.user("office", display_name="办公室刘")


def test_the_four_main_tasks_carry_the_names_the_document_uses(session):
    document = next(path for path in DOCUMENT_CANDIDATES if path.exists()).read_text(encoding="utf-8")
    load_seed_dir(SEED_DIR)
    items = items_by_key(session)
    named = {key: item.short_name for key, item in items.items() if item.short_name}
    assert named == SEEDED_SHORT_NAMES | SEEDED_PLATFORM_NAMES
    for key, name in SEEDED_SHORT_NAMES.items():
        assert items[key].kind == "task"
        assert name in document  # the document's own wording, not an invented one


def _is_shortened_from(name: str, title: str) -> bool:
    """`name` is `title` with words left out: its characters appear in the title, in order."""
    rest = iter(title)
    return all(ch in rest for ch in name)


def test_every_platform_carries_a_short_form_of_its_own_title(session):
    load_seed_dir(SEED_DIR)
    platforms = {key: item for key, item in items_by_key(session).items() if item.kind == "platform"}
    assert set(platforms) == set(SEEDED_PLATFORM_NAMES)
    for key, item in platforms.items():
        name = item.short_name
        assert name == SEEDED_PLATFORM_NAMES[key]
        # A shorter form of the title, still a platform: nothing that is not the document's words.
        assert len(name) < len(item.title) and name.endswith("平台") and _is_shortened_from(name, item.title), key


def test_loading_the_seed_again_keeps_the_office_s_short_name(session):
    load_seed_dir(SEED_DIR)
    items = items_by_key(session)
    items["s3.1.t1"].short_name = "两化深度融合"
    items["s3.1.t3"].short_name = ""  # cleared on purpose: stays cleared
    session.flush()
    report = load_seed_dir(SEED_DIR)
    session.expire_all()
    items = items_by_key(session)
    assert items["s3.1.t1"].short_name == "两化深度融合"
    assert items["s3.1.t3"].short_name == ""
    assert report.counts["items"].updated == 0


def test_office_sets_a_short_name_and_it_is_audited_by_name(client_for, session, office, tree_plan):
    task = tree_plan.task1
    response = client_for(office).post(f"/items/{task.id}/edit", data=edit_form(task, short_name="  电子政务  "))
    assert response.status_code == 302
    session.expire_all()
    assert task.short_name == "电子政务"
    assert audit_rows(session, task.id) == [("update", "short_name", "", "电子政务")]
    assert audit.entity_field_label(audit.AuditEntity.WORK_ITEM, "short_name") == "简称"
    # The edit form shows it again for the next edit.
    form = form_fields(client_for(office).get(f"/items/{task.id}/edit").get_data(as_text=True))
    assert form["short_name"].value == "电子政务"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("两化\n融合", "控制字符"),
        ("两化\u2028融合", "简称不能换行"),
        ("长" * 41, "不能超过 40 个字符"),
    ],
)
def test_a_short_name_with_a_line_break_or_too_long_is_refused_at_its_field(
    client_for, session, office, tree_plan, typed, message
):
    task = tree_plan.task1
    response = client_for(office).post(f"/items/{task.id}/edit", data=edit_form(task, short_name=typed))
    assert response.status_code == 200
    field = form_fields(response.get_data(as_text=True))["short_name"]
    assert field.invalid and any(message in error for error in field.errors), field.errors
    session.expire_all()
    assert session.scalar(select(WorkItem.short_name).where(WorkItem.id == task.id)) == ""


def test_a_lead_cannot_set_a_short_name(client_for, session, make, tree_plan):
    lead = make.user("lead", tree_plan.dept_a)
    task = tree_plan.task1
    page = client_for(lead).get(f"/items/{task.id}/edit").get_data(as_text=True)
    assert 'name="short_name"' not in page
    client_for(lead).post(f"/items/{task.id}/edit", data={"short_name": "私改", "version": str(task.version)})
    session.expire_all()
    assert task.short_name == ""


def _badge(name: str) -> str:
    return f'data-short-name="{name}"'


def test_the_short_name_shows_beside_the_title_where_items_are_listed(client_for, session, make, tree_plan):
    p = tree_plan
    p.task1.short_name = "电子政务"
    p.task1.status = "delayed"
    session.commit()
    viewer = client_for(make.user("office"))
    tree = viewer.get("/").get_data(as_text=True)
    assert _badge("电子政务") in tree
    searched = viewer.get("/?q=电子政务").get_data(as_text=True)
    assert _badge("电子政务") in searched
    item_page = viewer.get(f"/items/{p.task1.id}").get_data(as_text=True)
    assert _badge("电子政务") in item_page
    child_page = viewer.get(f"/items/{p.sub1.id}").get_data(as_text=True)
    crumbs = child_page[child_page.index('data-testid="breadcrumbs"') :]
    assert "推进电子政务建设（电子政务）" in crumbs[: crumbs.index("</ol>")]
    assert _badge("电子政务") in viewer.get("/dashboard").get_data(as_text=True)
    queue = viewer.get("/review").get_data(as_text=True)
    assert f'data-subject="work_item-{p.task1.id}"' in queue  # overdue: in the queue
    assert _badge("电子政务") in queue
    assert _badge("电子政务") in viewer.get(f"/departments/{p.dept_a.id}").get_data(as_text=True)
