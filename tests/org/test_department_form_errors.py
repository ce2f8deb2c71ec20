"""The department form reports every problem in one response (the form's and the rules'), with the input kept."""

from __future__ import annotations

from tests.auth.helpers import field_errors
from tests.org.test_departments_admin import department_count, form


def test_every_bad_field_of_a_new_department_is_answered_at_once(client_for, session, make):
    make.department(code="JXW")
    as_admin = client_for(make.user("admin"))
    before = department_count(session)
    data = form(code="jxw", name="", short_name="简" * 41, sort_order="x", kind="bogus")
    page = as_admin.post("/admin/departments/new", data=data).get_data(as_text=True)
    assert field_errors(page, "code") == ["代码 jxw 已被其他部门使用。"]
    assert field_errors(page, "name") == ["此项必填。"]
    assert field_errors(page, "short_name")
    assert field_errors(page, "sort_order")
    assert field_errors(page, "kind")
    assert 'value="jxw"' in page
    assert department_count(session) == before


def test_every_bad_field_of_a_department_edit_is_answered_at_once(client_for, session, make):
    make.department(code="FGW")
    department = make.department(code="SJJ", name="杭州市审计局")
    as_admin = client_for(make.user("admin"))
    page = as_admin.post(f"/admin/departments/{department.id}/edit", data=form(code="fgw", name="", sort_order="-1"))
    text = page.get_data(as_text=True)
    assert field_errors(text, "code") == ["代码 fgw 已被其他部门使用。"]
    assert field_errors(text, "name") == ["此项必填。"]
    assert field_errors(text, "sort_order")
