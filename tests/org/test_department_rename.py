"""Issue 9, point 2: a department renamed by an admin keeps its former names (曾用名: name, short name, until when,
who), audited, shown on its form and page, and found by them (org.services.DepartmentNames, through which the
importer reads department names)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.org.test_departments_admin import audit_rows, form
from tracker.core.localtime import local_date
from tracker.org import services
from tracker.org.models import DepartmentFormerName


@pytest.fixture
def admin(make):
    return make.user("admin", display_name="管理员甲")


@pytest.fixture
def kewei(make, session):
    department = make.department(code="kjj", name="杭州市科学技术委员会", short_name="市科委", sort_order=40)
    session.commit()
    return department


def _rename(client, department, **changes):
    data = form(code=department.code, name=department.name, short_name=department.short_name, sort_order="40")
    data.update(changes)
    return client.post(f"/admin/departments/{department.id}/edit", data=data)


def _former(session, department) -> list[tuple]:
    rows = session.execute(
        select(DepartmentFormerName.name, DepartmentFormerName.short_name, DepartmentFormerName.renamed_by_id,
               DepartmentFormerName.renamed_by, DepartmentFormerName.until)
        .where(DepartmentFormerName.department_id == department.id)
        .order_by(DepartmentFormerName.id)
    )  # fmt: skip
    return [tuple(row) for row in rows]


def test_a_rename_keeps_the_former_name_with_when_and_who(client_for, admin, kewei, session):
    response = _rename(client_for(admin), kewei, name="杭州市科学技术局", short_name="市科技局")
    assert response.status_code == 302
    session.expire_all()
    assert (kewei.name, kewei.short_name) == ("杭州市科学技术局", "市科技局")
    [(name, short_name, actor_id, actor_name, until)] = _former(session, kewei)
    assert (name, short_name, actor_id, actor_name) == ("杭州市科学技术委员会", "市科委", admin.id, "管理员甲")
    assert local_date(until) == date(2013, 6, 15)  # stored in UTC; the tests' fixed today where the office is
    rows = audit_rows(session, kewei.id)
    assert (admin.id, "update", "name", "杭州市科学技术委员会", "杭州市科学技术局") in rows
    assert (admin.id, "update", "short_name", "市科委", "市科技局") in rows


def test_a_second_rename_adds_a_second_former_name_newest_first(client_for, admin, kewei, session):
    client = client_for(admin)
    _rename(client, kewei, short_name="市科技委")
    session.expire_all()
    _rename(client, kewei, name="杭州市科学技术局", short_name="市科技局")
    session.expire_all()
    assert [(f.name, f.short_name) for f in kewei.former_names] == [
        ("杭州市科学技术委员会", "市科技委"),
        ("杭州市科学技术委员会", "市科委"),
    ]


def test_an_edit_that_keeps_the_names_leaves_no_former_name(client_for, admin, kewei, session):
    assert _rename(client_for(admin), kewei, sort_order="41").status_code == 302
    session.expire_all()
    assert _former(session, kewei) == []


def test_a_refused_rename_keeps_nothing(client_for, admin, kewei, session):
    response = _rename(client_for(admin), kewei, name="杭州市科学技术局", short_name="")
    assert response.status_code == 200
    session.expire_all()
    assert kewei.name == "杭州市科学技术委员会" and _former(session, kewei) == []


def test_the_form_and_the_departments_page_show_the_former_names(client_for, admin, kewei, session, make):
    client = client_for(admin)
    _rename(client, kewei, name="杭州市科学技术局", short_name="市科技局")
    form_page = client.get(f"/admin/departments/{kewei.id}/edit").get_data(as_text=True)
    section = form_page[form_page.index('data-testid="former-names"') :]
    assert "曾用名" in section and "杭州市科学技术委员会" in section and "市科委" in section
    assert "管理员甲" in section and "2013-06-15" in section
    page = client_for(make.user("viewer")).get(f"/departments/{kewei.id}").get_data(as_text=True)
    assert "曾用名：杭州市科学技术委员会（至 2013-06-15）" in page


def test_a_department_never_renamed_shows_no_former_names(client_for, admin, kewei):
    page = client_for(admin).get(f"/admin/departments/{kewei.id}/edit").get_data(as_text=True)
    assert 'data-testid="former-names"' not in page


@pytest.mark.parametrize(
    "written",
    [
        "杭州市科学技术局",  # the current name
        "市科技局",  # the current short name
        "杭州市科学技术委员会",  # the former name
        "市科委",  # the former short name
        " 市 科委 ",  # stray half-width spaces
        "市\u3000科\u3000委",  # ideographic spaces, as Word documents space out short names
    ],
)
def test_a_department_is_found_by_any_name_it_carries_or_carried(make, session, kewei, written):
    services.update_department(
        kewei,
        services.DepartmentData("kjj", "杭州市科学技术局", "市科技局", "bureau", 40, True),
        None,
    )
    assert services.DepartmentNames().find(written) is kewei


def test_full_and_half_width_forms_are_the_same_name(make, session):
    zone = make.department(name="杭州高新技术产业开发区（滨江区）管理委员会", short_name="高新区（滨江）管委会")
    other = make.department(name="ＡＢＣ 信息中心", short_name="ABC中心")
    assert services.DepartmentNames().find("高新区(滨江)管委会") is zone
    assert services.DepartmentNames().find("杭州高新技术产业开发区(滨江区)管理委员会") is zone
    assert services.DepartmentNames().find("abc信息中心") is other
    assert services.DepartmentNames().find("ＡＢＣ中心") is other


def test_an_unknown_or_empty_name_finds_nothing(kewei):
    assert services.DepartmentNames().find("杭州市审计局") is None
    assert services.DepartmentNames().find("") is None
    assert services.DepartmentNames().find(" \u3000") is None
    assert services.DepartmentNames().find("科委") is None  # no guessing by part of a name


def test_a_current_name_wins_over_anothers_former_name(make, session, kewei):
    make.former_name(kewei, name="杭州市经济委员会", short_name="市经委")
    successor = make.department(name="杭州市经济委员会", short_name="市经委")
    assert services.DepartmentNames().find("市经委") is successor
    assert services.DepartmentNames().find("杭州市经济委员会") is successor


def test_two_former_holders_of_a_name_are_both_candidates_and_neither_is_guessed(make, session):
    """Which of them a document means depends on when it was written: the caller asks (documents.matching)."""
    older = make.department(name="甲", short_name="甲")
    newer = make.department(name="乙", short_name="乙")
    make.former_name(older, name="旧名", short_name="旧", until=datetime(2009, 1, 1))
    make.former_name(newer, name="旧名", short_name="旧", until=datetime(2012, 1, 1))
    assert services.DepartmentNames().candidates("旧名") == [newer, older]
    assert services.DepartmentNames().find("旧名") is None


def test_many_look_ups_read_the_names_once(make, session, kewei, count_statements):
    make.former_name(kewei, name="杭州市科学技术局（旧）", short_name="旧科技局")
    session.flush()
    with count_statements() as counter:
        names = services.DepartmentNames()
        found = [names.find(name) for name in ("市科委", "旧科技局", "无此部门") * 20]
    assert found[:3] == [kewei, kewei, None]
    assert counter.count == 2
