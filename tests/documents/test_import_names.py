"""Department names are never guessed: a name two departments carry is listed with its candidates for the office to
choose, a name only a switched-off department carries is shown as such, and both must be mapped explicitly."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.documents.import_helpers import SEED_DIR, parsed_document
from tracker.core.errors import ValidationError
from tracker.documents.matching import NameState, match_departments, match_names
from tracker.documents.services import NEW_DEPARTMENT, check_import, import_plan
from tracker.org.services import DepartmentNames
from tracker.plan.models import Plan, WorkItem
from tracker.seeding.loader import load_seed_dir

DOCUMENT = """某区数字政府建设工作方案
一、重点任务
1.建设政务云平台（牵头单位：区信息中心；配合单位：区档案局）
2.推进数据共享（责任单位：区数据中心）
"""


@pytest.fixture
def twins(session, make):
    """Two bodies both called 区信息中心 (the district's and the city's branch), and 区档案局, switched off."""
    first = make.department(code="qxx", name="西湖区信息中心", short_name="区信息中心", sort_order=1)
    second = make.department(code="qxx2", name="上城区信息中心", short_name="区信息中心", sort_order=2)
    archive = make.department(code="qda", name="西湖区档案局", short_name="区档案局", active=False)
    data = make.department(code="qsj", name="西湖区数据中心", short_name="区数据中心")
    session.flush()
    return first, second, archive, data


def test_department_names_give_every_candidate(twins):
    first, second, archive, _data = twins
    names = DepartmentNames()
    assert names.candidates("区 信息中心") == [first, second]
    assert names.candidates("区档案局") == [archive]
    assert names.candidates("区财政局") == []
    # One department carrying a name twice (its name and short name alike) is one candidate.
    assert names.candidates("西湖区信息中心") == [first]
    assert DepartmentNames().find("区信息中心") is None  # never the first of two


def test_a_name_two_departments_carry_is_ambiguous_and_a_switched_off_ones_inactive(twins):
    first, second, archive, data = twins
    found = match_names(["区信息中心", "区档案局", "区数据中心", "区财政局"])
    assert [(name, match.state, match.candidates) for name, match in found.items()] == [
        ("区信息中心", NameState.AMBIGUOUS, (first, second)),
        ("区档案局", NameState.INACTIVE, (archive,)),
        ("区数据中心", NameState.MATCHED, (data,)),
        ("区财政局", NameState.UNKNOWN, ()),
    ]
    assert match_departments(list(found)) == {
        "区信息中心": None,
        "区档案局": None,
        "区数据中心": data,
        "区财政局": None,
    }


def test_a_former_name_two_departments_carried_is_ambiguous(session, make):
    one = make.department(code="a", name="杭州市科学技术局", short_name="市科技局")
    other = make.department(code="b", name="杭州市科学技术协会", short_name="市科协")
    make.former_name(one, name="杭州市科学技术委员会", short_name="市科委")
    make.former_name(other, name="杭州市科学技术委员会（旧）", short_name="市科委")
    session.flush()
    match = match_names(["市科委"])["市科委"]
    assert (match.state, set(match.candidates), len(match.candidates)) == (NameState.AMBIGUOUS, {one, other}, 2)


def _parsed():
    parsed = parsed_document()
    fusion = parsed.items[1].children[0]
    fusion.lead, fusion.supporting = "区信息中心", ["区档案局"]
    return parsed


def test_ambiguous_and_switched_off_names_must_be_mapped(session, twins, make):
    load_seed_dir(SEED_DIR)
    first, _second, archive, _data = twins
    office = make.user(role="office")
    others = {name: NEW_DEPARTMENT for name in ("市大数据局", "市科技局", "钱塘新区管委会")}
    with pytest.raises(ValidationError) as refused:
        check_import(_parsed(), code="district-13", name=None, department_map=others)
    (message,) = refused.value.errors["departments"]
    assert "区信息中心" in message and "区档案局" in message
    plan = import_plan(
        _parsed(),
        code="district-13",
        name=None,
        department_map={**others, "区信息中心": first.id, "区档案局": archive.id},
        indicators=[],
        actor=office,
    )
    fusion = session.scalar(select(WorkItem).where(WorkItem.plan_id == plan.id, WorkItem.outline_no == "1."))
    assert (fusion.lead_department, fusion.supporting_departments) == (first, [archive])


def test_the_preview_lists_the_candidates_and_the_switched_off_department(session, twins, client_for, make):
    load_seed_dir(SEED_DIR)
    first, second, archive, data = twins
    client = client_for(make.user(role="office"))
    form = {"code": "district-13", "name": "", "start_year": "2016", "end_year": "2020"}
    form["file"] = (io.BytesIO(DOCUMENT.encode()), "district.txt")
    html = unescape(client.post("/plans/import", data=form, content_type="multipart/form-data").get_data(as_text=True))
    assert "多个部门同名：西湖区信息中心、上城区信息中心" in html
    assert "已停用：西湖区档案局" in html
    assert "区数据中心 → 西湖区数据中心" in html
    # Both names are for the office to map; the switched-off department is offered for its own name only.
    assert re.findall(r'name="department_name-\d+" value="([^"]*)"', html) == ["区信息中心", "区档案局"]
    selects = re.findall(r'<select[^>]*name="department-(\d+)"[^>]*>(.*?)</select>', html, re.S)
    options = {index: re.findall(r'<option value="(\d+)"', body) for index, body in selects}
    assert str(archive.id) in options["1"] and str(archive.id) not in options["0"]
    assert options["0"][:2] == [str(first.id), str(second.id)]
    text = unescape(re.search(r'name="text" type="hidden" value="([^"]*)"', html, re.S).group(1))
    confirm = {"text": text, "filename": "district.txt", "code": "district-13", "name": "", "start_year": "2016"}
    confirm |= {"end_year": "2020", "department_name-0": "区信息中心", "department_name-1": "区档案局"}
    confirm |= {"department-0": str(second.id)}
    response = client.post("/plans/import/confirm", data=confirm)
    assert response.status_code == 200 and session.scalar(select(Plan).where(Plan.code == "district-13")) is None
    confirm["department-1"] = str(archive.id)
    assert client.post("/plans/import/confirm", data=confirm).status_code == 302
    plan = session.scalar(select(Plan).where(Plan.code == "district-13"))
    items = {i.outline_no: i for i in session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id))}
    assert (items["1."].lead_department, items["1."].supporting_departments) == (second, [archive])
    assert items["2."].lead_department == data


def test_the_command_creates_no_department_for_an_ambiguous_or_switched_off_name(app, session, twins, tmp_path):
    load_seed_dir(SEED_DIR)
    session.commit()
    path = tmp_path / "district.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    args = ["plan", "import", str(path), "--code", "district-13", "--create-departments"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert "  区信息中心 → 多个部门同名：西湖区信息中心、上城区信息中心" in lines
    assert "  区档案局 → 已停用：西湖区档案局" in lines
    assert "多个部门同名或已停用的名称不会新建部门：请在导入页面逐一选择。" in lines
    assert session.scalar(select(Plan).where(Plan.code == "district-13")) is None


def test_a_tampered_confirm_cannot_map_a_name_to_a_switched_off_department_it_does_not_name(
    session, twins, client_for, make
):
    load_seed_dir(SEED_DIR)
    first, _second, archive, _data = twins
    closed = make.department(code="qgx", name="西湖区工信局", short_name="区工信局", active=False)
    session.flush()
    others = {name: NEW_DEPARTMENT for name in ("市大数据局", "市科技局", "钱塘新区管委会")}
    with pytest.raises(ValidationError) as refused:
        check_import(
            _parsed(), code="district-13", name=None, department_map={**others, "区信息中心": closed.id, "区档案局": -5}
        )
    assert refused.value.errors == {
        "department:区信息中心": ["“区信息中心”选择的部门已停用或不存在：请选择在用的部门，或新建部门。"],
        "department:区档案局": ["“区档案局”选择的部门已停用或不存在：请选择在用的部门，或新建部门。"],
    }
    # The page: the refusal is shown at that name's choice, and nothing is written.
    client = client_for(make.user(role="office"))
    confirm = {"text": DOCUMENT, "filename": "district.txt", "code": "district-13", "name": "", "start_year": "2016"}
    confirm |= {"end_year": "2020", "department_name-0": "区信息中心", "department_name-1": "区档案局"}
    confirm |= {"department-0": str(closed.id), "department-1": str(archive.id)}
    response = client.post("/plans/import/confirm", data=confirm)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and session.scalar(select(Plan).where(Plan.code == "district-13")) is None
    feedback = re.search(r'id="department-0"(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "“区信息中心”选择的部门已停用或不存在" in feedback
    assert 'class="form-select is-invalid" id="department-0"' in html
    assert 'class="form-select" id="department-1"' in html
    # The switched-off department the name itself names, or an active one, is accepted.
    confirm["department-0"] = str(first.id)
    assert client.post("/plans/import/confirm", data=confirm).status_code == 302
