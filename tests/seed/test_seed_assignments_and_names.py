"""Issue 9, point 2: the seed's departments are defaults, not facts, and carry their names as at issue (2011);
a department an admin renamed keeps the app's name when the seed is loaded again."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.seed.conftest import SEED_DIR, items_by_key
from tracker.indicators.models import Indicator
from tracker.org import services
from tracker.org.models import Department, DepartmentFormerName
from tracker.seeding.loader import load_seed_dir

# The names the bodies had when the plan was issued in 2011 (seed/departments.yaml says how each was checked).
NAMES_2011 = {
    "xxb": ("杭州市信息化办公室", "市信息办"),
    "jxw": ("杭州市经济和信息化委员会", "市经信委"),
    "kjj": ("杭州市科学技术委员会", "市科委"),
    "swj": ("杭州市商务委员会", "市商务委"),
    "lw": ("杭州市旅游委员会", "市旅委"),
    "jw": ("杭州市城乡建设委员会", "市建委"),
    "wsj": ("杭州市卫生局", "市卫生局"),
    "jrb": ("杭州市人民政府金融工作办公室", "市金融办"),
}
# Names that came with the reforms after 2011; none may be seeded.
LATER_NAMES = re.compile(
    r"科学技术局|市科技局|经济和信息化局|市经信局|商务局|文化广电旅游|卫生和计划生育|卫生健康|农业农村局|生态环境局|市场监督管理局|地方金融监督管理局"
)


def test_departments_carry_their_2011_names(session, seeded):
    by_code = {d.code: d for d in session.scalars(select(Department))}
    assert {code: (by_code[code].name, by_code[code].short_name) for code in NAMES_2011} == NAMES_2011
    later = [(d.code, d.name, d.short_name) for d in by_code.values() if LATER_NAMES.search(d.name + d.short_name)]
    assert later == []


def test_every_seeded_department_says_how_its_name_was_checked():
    text = (SEED_DIR / "departments.yaml").read_text(encoding="utf-8")
    codes = re.findall(r"^  - code: (\w+)$", text, re.M)
    notes = text[: text.index("departments:")]
    assert codes and all(re.search(rf"\b{code}\b", notes) for code in codes), "a department without a note"


def test_seeded_items_with_departments_are_defaults_and_chapters_have_none(session, seeded):
    items = items_by_key(session).values()
    with_departments = [i for i in items if i.lead_department_id is not None or i.supporting_departments]
    without = [i for i in items if i.lead_department_id is None and not i.supporting_departments]
    assert with_departments and all(i.assignment_source == "default" for i in with_departments)
    assert all(i.assignment_source == "office" for i in without)


def test_seeded_indicators_with_a_department_are_defaults(session, seeded):
    indicators = list(session.scalars(select(Indicator)))
    assert indicators
    for indicator in indicators:
        expected = "default" if indicator.responsible_department_id else "office"
        assert indicator.assignment_source == expected, indicator.code


def test_the_science_body_is_found_by_its_later_name_only_after_a_rename(session, seeded):
    kewei = session.scalars(select(Department).where(Department.code == "kjj")).one()
    assert services.DepartmentNames().find("市科委") is kewei
    assert services.DepartmentNames().find("市科技局") is None
    services.update_department(
        kewei, services.DepartmentData("kjj", "杭州市科学技术局", "市科技局", "bureau", kewei.sort_order, True), None
    )
    assert services.DepartmentNames().find("市科技局") is kewei
    assert services.DepartmentNames().find("杭州市科学技术委员会") is kewei


def test_loading_again_keeps_an_admins_rename_and_its_history(session, seeded):
    kewei = session.scalars(select(Department).where(Department.code == "kjj")).one()
    services.update_department(
        kewei, services.DepartmentData("kjj", "杭州市科学技术局", "市科技局", "bureau", kewei.sort_order, True), None
    )
    session.flush()
    report = load_seed_dir(SEED_DIR)
    session.flush()
    assert report.counts["departments"].updated == 0
    assert (kewei.name, kewei.short_name) == ("杭州市科学技术局", "市科技局")
    former = session.scalars(select(DepartmentFormerName).where(DepartmentFormerName.department_id == kewei.id))
    assert [(f.name, f.short_name) for f in former] == [("杭州市科学技术委员会", "市科委")]


def test_loading_again_corrects_a_name_nobody_renamed(session, seeded):
    """A database seeded before the 2011 names were checked gets them from the next load."""
    kewei = session.scalars(select(Department).where(Department.code == "kjj")).one()
    kewei.name, kewei.short_name = "杭州市科学技术局", "市科技局"  # as the earlier seed wrote it
    session.flush()
    report = load_seed_dir(SEED_DIR)
    session.flush()
    assert report.counts["departments"].updated == 1
    assert (kewei.name, kewei.short_name) == ("杭州市科学技术委员会", "市科委")
