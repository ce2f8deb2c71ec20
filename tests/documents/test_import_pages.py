"""The office's upload page: a preview that writes nothing, confirming, and bad input answered on the form."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.documents.import_helpers import SMART_CITY, SMART_CITY_UNKNOWN, table_counts
from tracker.indicators.models import Indicator
from tracker.org.models import Department
from tracker.plan.models import AssignmentSource, Plan, WorkItem

UPLOAD = "/plans/import"
CONFIRM = "/plans/import/confirm"


def _upload(client, data: bytes = b"", filename: str = "smart_city.txt", **fields):
    form = {"code": "smart-city-13", "name": "", "start_year": "", "end_year": "", **fields}
    if filename is not None:
        form["file"] = (io.BytesIO(data or SMART_CITY.read_bytes()), filename)
    return client.post(UPLOAD, data=form, content_type="multipart/form-data")


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _hidden_text(html: str) -> str:
    match = re.search(r'<input id="text" name="text" type="hidden" value="([^"]*)"', html, re.S)
    assert match, "the confirm form carries the document's text"
    return unescape(match.group(1))


def _confirm_data(html: str, **changes) -> dict[str, object]:
    """The preview's confirm form as the office sends it: every unknown name mapped to "new", all indicators."""
    data: dict[str, object] = {
        "text": _hidden_text(html),
        "filename": "smart_city.txt",
        "code": "smart-city-13",
        "name": "",
        "start_year": "2016",
        "end_year": "2020",
        "indicator": re.findall(r'name="indicator" value="(\d+)"', html),
    }
    for index, name in enumerate(re.findall(r'name="department_name-(\d+)" value="([^"]*)"', html)):
        data[f"department_name-{name[0]}"] = unescape(name[1])
        data[f"department-{name[0]}"] = "new"
        assert int(name[0]) == index
    data.update(changes)
    return data


def test_the_upload_page_is_linked_from_the_tree_for_the_office_only(seeded, office_client, client_for, make):
    page = office_client.get(UPLOAD)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.get_data(as_text=True)
    assert 'href="/plans/import"' in office_client.get("/").get_data(as_text=True)
    lead = client_for(make.user(role="lead"))
    assert 'href="/plans/import"' not in lead.get("/").get_data(as_text=True)


def test_the_preview_shows_the_tree_departments_and_indicators_and_writes_nothing(session, seeded, office_client):
    before = table_counts(session)
    response = _upload(office_client)
    assert response.status_code == 200
    html = _text(response)
    assert table_counts(session) == before
    assert "导入预览" in html and "杭州市智慧城市建设“十三五”规划" in html
    rows = re.findall(
        r'<tr data-line="\d+"[^>]*>\s*<td class="import-tree-title tree-indent-(\d)">'
        r"<span[^>]*>([^<]+)</span> ([^<\n]+)",
        html,
    )
    assert [(int(depth), marker, title.strip()) for depth, marker, title in rows][:5] == [
        (0, "一、", "总体要求"),
        (1, "（一）", "发展目标"),
        (0, "二、", "主要任务"),
        (1, "1.", "推进“两化”深度融合"),
        (2, "（1）", "建设工业互联网平台"),
    ]
    unknown = re.findall(r'name="department_name-\d+" value="([^"]+)"', html)
    assert tuple(unknown) == SMART_CITY_UNKNOWN
    assert "市经信委 → 杭州市经济和信息化委员会" in html
    assert html.count('data-department-state="unknown"') >= 2
    assert "新建部门" in html
    assert re.findall(r'name="indicator" value="(\d+)"', html), "the numeric targets are proposed"


def test_confirming_writes_the_plan_and_shows_its_tree(session, seeded, office_client):
    preview = _text(_upload(office_client))
    jxw = session.scalar(select(Department).where(Department.short_name == "市经信委"))
    data = _confirm_data(preview, **{"department-0": str(jxw.id)})
    response = office_client.post(CONFIRM, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/?plan=smart-city-13")
    plan = session.scalar(select(Plan).where(Plan.code == "smart-city-13"))
    assert (plan.title, plan.start_year, plan.end_year, plan.source) == (
        "杭州市智慧城市建设“十三五”规划",
        2016,
        2020,
        "smart_city.txt",
    )
    items = {item.outline_no: item for item in session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id))}
    assert items["（1）"].lead_department == jxw  # 市大数据局, mapped by the office
    assert items["2."].lead_department.name == "钱塘新区管委会"  # created
    assert items["2."].assignment_source == AssignmentSource.DOCUMENT.value
    assert not any(item.outline_added for item in items.values())
    indicators = session.scalars(select(Indicator).where(Indicator.plan_id == plan.id).order_by(Indicator.sort_order))
    assert [(i.name, i.target_value, i.goal_item) for i in indicators] == [
        ("全市两化融合示范企业", 60, items["（一）"]),
        ("城市大脑覆盖率", 90, items["（一）"]),
    ]


def test_only_the_ticked_indicators_are_created(session, seeded, office_client):
    data = _confirm_data(_text(_upload(office_client)))
    data["indicator"] = ["1"]
    assert office_client.post(CONFIRM, data=data).status_code == 302
    plan = session.scalar(select(Plan).where(Plan.code == "smart-city-13"))
    assert session.scalars(select(Indicator.name).where(Indicator.plan_id == plan.id)).all() == ["城市大脑覆盖率"]


def test_the_text_comes_back_with_the_line_breaks_a_browser_sends(session, seeded, office_client):
    data = _confirm_data(_text(_upload(office_client)))
    data["text"] = data["text"].replace("\n", "\r\n")
    assert office_client.post(CONFIRM, data=data).status_code == 302
    plan = session.scalar(select(Plan).where(Plan.code == "smart-city-13"))
    items = session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id)).all()
    assert len(items) == 8
    assert not any("\r" in item.mandate or "\r" in item.title for item in items)
    assert "\r" not in plan.preamble


def test_a_confirm_with_an_unmapped_name_keeps_every_choice_and_writes_nothing(session, seeded, office_client):
    preview = _text(_upload(office_client))
    before = table_counts(session)
    data = _confirm_data(preview, **{"department-0": "", "name": "我的规划", "code": "ok-code"})
    data["indicator"] = data["indicator"][:1]
    response = office_client.post(CONFIRM, data=data)
    assert response.status_code == 200
    html = _text(response)
    assert table_counts(session) == before
    assert "以下部门名称没有对应的部门" in html and "请选择已有部门或新建。" in html
    assert 'value="我的规划"' in html and 'value="ok-code"' in html
    assert re.search(r'<option value="new" selected>新建部门：钱塘新区管委会', html)
    assert len(re.findall(r'name="indicator" value="\d+"\s+id="indicator-\d+" checked', html)) == 1


def test_a_code_taken_in_between_is_refused_on_confirm(session, seeded, office_client, make):
    preview = _text(_upload(office_client))
    make.plan(code="smart-city-13")
    before = table_counts(session)
    response = office_client.post(CONFIRM, data=_confirm_data(preview))
    assert response.status_code == 200
    assert "不能重复导入" in _text(response)
    assert table_counts(session) == before


def test_a_confirm_whose_text_no_longer_reads_goes_back_to_the_upload(session, seeded, office_client):
    response = office_client.post(CONFIRM, data={"text": "", "code": "x"})
    assert response.status_code == 302 and response.headers["Location"].endswith(UPLOAD)


def test_every_problem_is_named_at_once_and_typed_fields_are_kept(session, seeded, office_client):
    load_seed = session.scalar(select(Plan.code))
    response = _upload(office_client, filename=None, code=load_seed, name="新规划", start_year="2016")
    assert response.status_code == 200
    html = _text(response)
    assert "请选择要上传的文件。" in html
    assert "不能重复导入" in html
    assert "起止年份须同时填写。" in html
    assert 'value="新规划"' in html and f'value="{load_seed}"' in html and 'value="2016"' in html


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "plan.txt"),  # not text, whatever its name
        (b"   \n\n", "empty.txt"),
        ("一份没有任何编号标题的普通说明文字。\n第二段也没有。".encode(), "prose.txt"),
    ],
    ids=["binary", "empty", "no-heading"],
)
def test_a_file_that_is_not_a_plan_is_refused_at_the_file_field(session, seeded, office_client, data, filename):
    before = table_counts(session)
    response = _upload(office_client, data=data, filename=filename)
    assert response.status_code == 200
    html = _text(response)
    assert re.search(r'id="file"[^>]*is-invalid|is-invalid[^>]*id="file"', html) or "is-invalid" in html
    assert "导入预览" not in html
    assert 'value="smart-city-13"' in html
    assert table_counts(session) == before


def test_a_file_over_the_limit_is_refused_on_the_form(app, session, seeded, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_BYTES", 200)
    response = _upload(office_client)  # about 900 bytes: within what the request may carry, over the file limit
    assert response.status_code == 200
    assert "导入预览" not in _text(response)
    assert 'value="smart-city-13"' in _text(response)


def test_a_request_far_over_the_limit_gets_the_upload_form_and_413(app, session, seeded, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_BYTES", 1000)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = _upload(office_client, data=b"x" * 200_000)
    assert response.status_code == 413
    html = _text(response)
    assert "文件超过 0.0 MB" not in html and "无法导入" in html
    assert 'id="plan-import-form"' in html


def test_a_document_of_the_default_limit_fits_the_request(app, session, seeded, office_client):
    """5 MB is more than Flask's form limits: the page raises its own, so such a file reaches the reader."""
    limit = app.config["TRACKER_PLAN_DOCUMENT_MAX_BYTES"]
    text = SMART_CITY.read_text(encoding="utf-8")
    # Within the other limits too: paragraphs of 150 characters, 40 under each of a few hundred headings.
    paragraph = "补充说明。" * 30 + "\n"
    section = paragraph * 40
    count = (limit - 4000) // (len(section.encode()) + 30)
    body = (text + "\n" + "".join(f"（{n}）补充事项\n{section}" for n in range(1, count + 1))).encode()
    assert limit - 40_000 < len(body) < limit
    response = _upload(office_client, data=body)
    assert response.status_code == 200
    assert "导入预览" in _text(response)


def test_the_preview_reads_a_fixed_number_of_statements(session, seeded, office_client, make, count_statements):
    """However many departments there are and the document names."""
    _upload(office_client)  # warm up (the user's first load)
    with count_statements() as few:
        assert _upload(office_client).status_code == 200
    for n in range(40):
        make.department(code=f"extra-{n}", name=f"杭州市第{n}局", short_name=f"市第{n}局")
    session.flush()
    many_names = "、".join(f"市第{n}局" for n in range(20))
    longer = SMART_CITY.read_text(encoding="utf-8").replace(
        "（责任单位：钱塘新区管委会、市商务委）", f"（责任单位：钱塘新区管委会、{many_names}）"
    )
    with count_statements() as many:
        response = _upload(office_client, data=longer.encode())
        assert response.status_code == 200
    assert "市第19局" in _text(response)
    assert many.count == few.count


def test_a_proposal_the_register_cannot_hold_is_shown_but_not_offered(session, seeded, office_client, monkeypatch):
    from tracker.documents import parsing
    from tracker.documents.parsing import parse_text

    def with_an_odd_comparison(text):
        parsed = parse_text(text)
        parsed.indicators[0].comparator = "between"
        return parsed

    monkeypatch.setattr(parsing, "parse_text", with_an_odd_comparison)  # as parse_limited calls it
    html = _text(_upload(office_client))
    assert "指标登记暂不支持这种比较方式，不能建立。" in html
    assert re.findall(r'name="indicator" value="(\d+)"', html) == ["1"]


def test_a_word_document_is_previewed_and_imported(session, seeded, office_client):
    """The reader's .docx sample, a 2015 工作要点 naming 市科委: the seeded department's name as at issue, so every
    name is matched and nothing is left to map."""
    docx = SMART_CITY.parent.parent / "samples" / "work_plan_2015.docx"
    html = _text(_upload(office_client, data=docx.read_bytes(), filename="work_plan_2015.docx", code="wp-2015"))
    assert "杭州市2015年信息化工作要点" in html and "规划期 2015—2015 年" in html
    assert re.findall(r'name="department_name-\d+" value="([^"]+)"', html) == []
    data = _confirm_data(html, code="wp-2015", filename="work_plan_2015.docx")
    data.update(start_year="2015", end_year="2015")
    assert office_client.post(CONFIRM, data=data).status_code == 302
    plan = session.scalar(select(Plan).where(Plan.code == "wp-2015"))
    first = session.scalar(select(WorkItem).where(WorkItem.plan_id == plan.id, WorkItem.outline_no == "一、"))
    assert first.title == "推进两化深度融合"
    assert [d.short_name for d in first.supporting_departments] == ["市发改委", "市科委"]


def test_a_confirm_failing_midway_leaves_nothing(session, seeded, office_client, monkeypatch):
    from tracker.documents import services

    preview = _text(_upload(office_client))
    session.commit()  # the seeded rows stay when the request rolls back (a savepoint released, see tests/conftest)
    before = table_counts(session)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "_write_indicators", fail)
    assert office_client.post(CONFIRM, data=_confirm_data(preview)).status_code == 500
    assert table_counts(session) == before


def test_without_any_plan_the_office_is_offered_the_import(session, office_client, client_for, make):
    assert 'href="/plans/import"' in office_client.get("/").get_data(as_text=True)
    viewer = client_for(make.user(role="viewer"))
    assert 'href="/plans/import"' not in viewer.get("/").get_data(as_text=True)


def test_forged_choices_are_ignored_not_failed_on(session, seeded, office_client):
    data = _confirm_data(_text(_upload(office_client)))
    data["indicator"] = ["9" * 5000, "-1", "x", "0"]
    data["department-0"] = "1" * 5000
    response = office_client.post(CONFIRM, data=data)
    assert response.status_code == 200
    assert "以下部门名称没有对应的部门" in _text(response)


def test_headings_out_of_order_are_warned_about_not_renumbered(session, seeded, office_client):
    sample = SMART_CITY.parent.parent / "samples" / "task_breakdown.txt"
    html = _text(_upload(office_client, data=sample.read_bytes(), filename=sample.name))
    warnings = re.search(r'data-testid="import-warnings">(.*?)</div>', html, re.S).group(1)
    assert "第 10 行：编号不连续：“（一）”之后是“（三）”，缺少“（二）”。" in warnings
    assert "第 13 行：编号不连续：“2.”之前没有“1.”。" in warnings
    markers = re.findall(r'<span class="text-nowrap fw-semibold">([^<]+)</span>', html)
    assert "（三）" in markers and "（二）" not in markers  # shown as the document numbers them


def test_the_preview_shows_the_notice_and_the_appendix_apart_and_writes_nothing(office_client, seeded, session):
    from tests.documents.helpers import SAMPLES

    before = table_counts(session)
    data = (SAMPLES / "work_points_notice_2014.docx").read_bytes()
    response = _upload(office_client, data, "work_points_2014.docx", code="work-points-2014")
    html = _text(response)
    assert response.status_code == 200
    assert "2014年杭州市信息化工作要点 ·" in html
    assert "印发通知（不导入）" in html and "现印发给你们" in html
    assert "附件（不导入）" in html and "市政务云平台二期" in html
    assert "文件列出两个牵头单位：市公安局、市信息办，系统只能记一个牵头单位，其余记为配合。" in html
    assert table_counts(session) == before


def test_the_preview_asks_for_a_title_when_the_document_has_none(office_client, seeded):
    document = "一、总体要求\n坚持统筹。\n二、主要任务\n".encode()
    asked = _text(_upload(office_client, document, "plan.txt", start_year="2016", end_year="2020"))
    assert "文件没有标题：请填写规划名称。" in asked and "导入预览" not in asked
    named = _text(_upload(office_client, document, "plan.txt", name="智慧杭州规划", start_year="2016", end_year="2020"))
    assert "导入预览" in named and 'value="智慧杭州规划"' in named
    assert "之前没有" not in named


def test_the_preview_shows_the_dates_a_task_table_gives(office_client, seeded):
    from tests.documents.helpers import SAMPLES

    data = (SAMPLES / "smart_city_tasks_2015.docx").read_bytes()
    html = _text(_upload(office_client, data, "tasks.docx", code="tasks-2015"))
    assert "导入预览" in html
    assert "完成时间：2015-10-31" in html
    assert "未写完成时间的各项，导入后的起止日期为规划期" in html
