"""Hostile and huge plan documents (issue 9's security probe): every one refused with its reason, or imported within
bounded work, and never a 500. Limits are asserted on counts, never on time."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import docx
import pytest
from sqlalchemy import func, select

from tests.documents.import_helpers import SMART_CITY, table_counts
from tracker.core.errors import ValidationError
from tracker.core.models import AuditEvent
from tracker.documents.limits import DocumentLimits
from tracker.documents.markers import read_marker
from tracker.documents.model import DocumentRefused
from tracker.documents.parsing import parse_limited, parse_text
from tracker.documents.preview import build_preview
from tracker.documents.reading import read_document
from tracker.documents.services import NEW_DEPARTMENT, import_plan
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem
from tracker.plan.structure import MANDATE_MAX

UPLOAD = "/plans/import"
CONFIRM = "/plans/import/confirm"
TITLE = "测试规划（2016—2020年）"
MARKS = ["一、", "（一）", "1.", "（1）", "①", "●"]


def _upload(client, data: bytes, filename: str = "plan.txt", code: str = "hostile-1"):
    form = {"code": code, "name": "", "start_year": "", "end_year": "", "file": (io.BytesIO(data), filename)}
    return client.post(UPLOAD, data=form, content_type="multipart/form-data")


def _html(response) -> str:
    return unescape(response.get_data(as_text=True))


def _file_errors(html: str) -> str:
    """The messages shown at the upload form's file field."""
    return " ".join(re.findall(r"invalid-feedback[^>]*>\s*([^<]+)", html))


def _hidden_text(html: str) -> str:
    match = re.search(r'<input id="text" name="text" type="hidden" value="([^"]*)"', html, re.S)
    assert match
    return unescape(match.group(1))


def _docx(paragraphs: list[str], *, empty: int = 0) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for _ in range(empty):
        document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _headings(count: int, *, departments: bool = False) -> str:
    lines = [TITLE]
    for n in range(count):
        clause = f"（牵头单位：部门{n % 7}局）" if departments else ""
        lines.append(f"{MARKS[n % 6]}事项{n}{clause}")
        lines.append(f"正文{n}。")
    return "\n".join(lines) + "\n"


# 1. Documents beyond sane limits -------------------------------------------------------------------------------


def test_a_word_document_of_many_empty_paragraphs_is_refused_before_it_is_read():
    data = _docx(["一、标题"], empty=200)
    with pytest.raises(DocumentRefused) as refused:
        read_document(data, max_bytes=len(data), limits=DocumentLimits(max_bytes=len(data), max_lines=100))
    assert "段落过多" in refused.value.message and "100" in refused.value.message


def test_word_list_styles_are_resolved_once_not_per_paragraph(monkeypatch):
    """python-docx's paragraph.style scans every style of the document on each call (a 60,000-paragraph file took
    a minute): the reader resolves a style id once, and still numbers paragraphs whose style carries the list."""
    from docx.text.paragraph import Paragraph

    document = docx.Document()
    document.add_paragraph(TITLE)
    for n in range(300):
        document.add_paragraph(f"事项{n}", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    calls = []
    original = Paragraph.style
    counted = property(lambda self: calls.append(1) or original.fget(self), original.fset)
    monkeypatch.setattr(Paragraph, "style", counted)
    lines = read_document(buffer.getvalue(), max_bytes=10**7).splitlines()
    assert calls == []
    assert (lines[1], lines[300]) == ("1.事项0", "300.事项299")


def test_a_text_of_too_many_lines_or_headings_is_refused_with_the_reason():
    limits = DocumentLimits(max_bytes=10**7, max_lines=50, max_headings=10)
    with pytest.raises(DocumentRefused) as lines:
        parse_limited(TITLE + "\n" + "一、标题\n" + "正文。\n" * 60, limits)
    assert "段落过多" in lines.value.message
    with pytest.raises(DocumentRefused) as headings:
        parse_limited(_headings(11), limits)
    assert "标题过多" in headings.value.message and "11" in headings.value.message
    assert len(parse_limited(_headings(10), limits).walk()) == 10


def test_a_small_word_file_holding_a_huge_text_is_refused():
    """A zip packs a repeated character a thousandfold (a 100 KB .docx held 63 MB of text)."""
    data = _docx(["一、标题", "内" * 300_000])
    assert len(data) < 60_000
    limits = DocumentLimits(max_bytes=60_000)  # text up to 240 KB
    with pytest.raises(DocumentRefused) as refused:
        read_document(data, max_bytes=limits.max_bytes, limits=limits)
    assert "文字过多" in refused.value.message


def test_the_limits_are_settings(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_HEADINGS", 7)
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_LINES", 70)
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS", 3)
    limits = DocumentLimits.from_config(app.config)
    assert (limits.max_headings, limits.max_lines, limits.max_unknown_departments) == (7, 70, 3)
    assert limits.max_text_bytes == app.config["TRACKER_PLAN_DOCUMENT_MAX_BYTES"] * 4


def test_the_upload_refuses_too_many_headings_at_the_file_field(app, session, seeded, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_HEADINGS", 20)
    before = table_counts(session)
    html = _html(_upload(office_client, _headings(21).encode()))
    assert "标题过多" in _file_errors(html) and "导入预览" not in html
    assert table_counts(session) == before


# 2. Confirm: bounded statements per item -----------------------------------------------------------------------


def test_importing_writes_a_bounded_number_of_statements_per_item(session, seeded, office, count_statements):
    """Was about eight per item (a path UPDATE and a parent SELECT per item, one INSERT per audit event)."""
    counts = {}
    for size in (60, 240):
        parsed = parse_text(_headings(size, departments=True))
        department_map = {named.name: NEW_DEPARTMENT for named in build_preview(parsed).unknown}
        with count_statements() as counter:
            import_plan(
                parsed,
                code=f"bounded-{size}",
                name=None,
                department_map=department_map,
                indicators=[],
                actor=office,
            )
        counts[size] = counter.count
        written = select(func.count(WorkItem.id)).where(WorkItem.plan.has(Plan.code == f"bounded-{size}"))
        assert session.scalar(written) == size
    # At most one statement per item (SQLite cannot batch the INSERT of rows whose ids it must return) plus a few.
    assert counts[240] - counts[60] <= 180
    assert counts[240] <= 240 + 100
    item_ids = select(WorkItem.id).where(WorkItem.plan.has(Plan.code == "bounded-240"))
    audited = select(func.count(AuditEvent.id)).where(
        AuditEvent.entity_type == "work_item", AuditEvent.entity_id.in_(item_ids)
    )
    assert session.scalar(audited) >= 240 * 3  # title, kind, outline number at least: still audited, in one INSERT


# 3. What the tracker cannot store is refused in the preview, the item named -------------------------------------


def test_a_mandate_over_the_item_limit_is_refused_in_the_preview_naming_the_item(session, seeded, office_client):
    text = f"{TITLE}\n一、总体要求\n短的正文。\n二、主要任务\n{'长' * (MANDATE_MAX + 1)}\n"
    before = table_counts(session)
    html = _html(_upload(office_client, text.encode()))
    errors = _file_errors(html)
    assert "20000" in errors and "二、 主要任务" in errors and "第 4 行" in errors
    assert "导入预览" not in html
    assert table_counts(session) == before


def test_a_preamble_over_the_limit_is_refused(session, seeded, office):
    parsed = parse_text(f"{TITLE}\n{'序' * (MANDATE_MAX + 1)}\n一、总体要求\n正文。\n")
    with pytest.raises(ValidationError) as refused:
        import_plan(parsed, code="long-preamble", name=None, department_map={}, indicators=[], actor=office)
    assert list(refused.value.errors) == ["file"] and "第一个标题之前" in refused.value.errors["file"][0]


def test_a_mandate_of_exactly_the_limit_is_stored_whole_on_every_database(session, seeded, office):
    """20,000 Chinese characters are 60,000 bytes in UTF-8: MariaDB's TEXT holds them."""
    parsed = parse_text(f"{TITLE}\n{'序' * MANDATE_MAX}\n一、总体要求\n{'长' * MANDATE_MAX}\n")
    plan = import_plan(parsed, code="at-limit", name=None, department_map={}, indicators=[], actor=office)
    session.expire_all()
    item = session.scalar(select(WorkItem).where(WorkItem.plan_id == plan.id))
    assert len(item.mandate) == MANDATE_MAX and len(session.get(Plan, plan.id).preamble) == MANDATE_MAX


def test_a_long_file_name_is_cut_for_the_source(session, seeded, office):
    parsed = parse_text(f"{TITLE}\n一、总体要求\n正文。\n")
    plan = import_plan(
        parsed, code="long-source", name=None, department_map={}, indicators=[], actor=office, source="名" * 500
    )
    assert plan.source == "名" * 200


# 4. One unknown entry and one department per normalised name ---------------------------------------------------

SPELLINGS = f"""{TITLE}
一、任务一（牵头单位：（市）重名局）
正文。
二、任务二（牵头单位：(市)重名局）
正文。
三、任务三（牵头单位：ＡＢＣ局）
正文。
四、任务四（牵头单位：abc局，配合单位：（市）重名局）
正文。
"""


def test_spellings_of_one_name_are_listed_once_and_create_one_department(session, seeded, office_client):
    html = _html(_upload(office_client, SPELLINGS.encode(), code="spellings"))
    assert re.findall(r'name="department_name-\d+" value="([^"]+)"', html) == ["（市）重名局", "ＡＢＣ局"]
    assert "文件中也写作：(市)重名局" in html and "文件中也写作：abc局" in html
    data = {
        "text": _hidden_text(html),
        "filename": "spellings.txt",
        "code": "spellings",
        "name": "",
        "start_year": "2016",
        "end_year": "2020",
        "department_name-0": "（市）重名局",
        "department-0": NEW_DEPARTMENT,
        "department_name-1": "ＡＢＣ局",
        "department-1": NEW_DEPARTMENT,
    }
    departments_before = session.scalar(select(func.count(Department.id)))
    assert office_client.post(CONFIRM, data=data).status_code == 302
    assert session.scalar(select(func.count(Department.id))) == departments_before + 2
    plan = session.scalar(select(Plan).where(Plan.code == "spellings"))
    items = {item.outline_no: item for item in session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id))}
    assert items["一、"].lead_department is items["二、"].lead_department
    assert items["三、"].lead_department is items["四、"].lead_department
    assert items["四、"].supporting_departments == [items["一、"].lead_department]


# 5. Arabic headings up to 999 -----------------------------------------------------------------------------------


def test_arabic_headings_run_past_99_and_years_and_decimals_stay_text():
    body = "\n".join(f"{n}. 事项{n}\n正文{n}。" for n in range(1, 106))
    parsed = parse_text(f"{TITLE}\n一、主要任务\n{body}\n106.5倍的增长写在正文里。\n2015年全市完成任务。\n")
    (chapter,) = parsed.items
    assert [child.marker for child in chapter.children][98:] == ["99.", "100.", "101.", "102.", "103.", "104.", "105."]
    assert chapter.children[-1].mandate == "正文105。\n106.5倍的增长写在正文里。\n2015年全市完成任务。"
    assert read_marker("（100）事项").number == 100
    assert read_marker("1000.事项") is None and read_marker("100.5%") is None


# 6. The preview applies the confirm's limits ---------------------------------------------------------------------


def test_a_text_too_large_for_the_confirm_is_refused_by_the_preview(app, session, seeded, office_client, monkeypatch):
    """The preview's page carries the text to the confirm: what the confirm would refuse is refused before."""
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_BYTES", 60_000)  # text up to 240 KB
    data = _docx([TITLE, "一、标题"] + ["容" * 10_000] * 10)
    assert len(data) < 60_000
    html = _html(_upload(office_client, data, filename="big.docx"))
    assert "文字过多" in _file_errors(html) and "导入预览" not in html


def test_too_many_unknown_departments_are_refused_with_the_reason(app, session, seeded, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS", 6)
    html = _html(_upload(office_client, _headings(12, departments=True).encode()))
    assert "7 个部门名称找不到对应的部门" in _file_errors(html) and "导入预览" not in html
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS", 7)
    assert "导入预览" in _html(_upload(office_client, _headings(12, departments=True).encode()))


# 7. The confirm checks what the upload checks ------------------------------------------------------------------


@pytest.mark.parametrize("control", ["\x00", "\x1b"])
def test_a_tampered_text_with_control_characters_is_refused_by_the_confirm(session, seeded, office_client, control):
    html = _html(_upload(office_client, SMART_CITY.read_bytes()))
    text = _hidden_text(html).replace("钱塘新区管委会", f"钱塘新区{control}管委会")
    before = table_counts(session)
    response = office_client.post(
        CONFIRM,
        data={"text": text, "filename": "x.txt", "code": "tampered", "name": "", "start_year": "", "end_year": ""},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(UPLOAD)
    assert "预览已失效" in _html(office_client.get(UPLOAD))
    assert table_counts(session) == before


def test_the_confirmed_file_name_is_cleaned_as_the_upload_cleans_it(session, seeded, office_client):
    text = f"{TITLE}\n一、总体要求\n正文。\n"
    html = _html(_upload(office_client, text.encode()))
    data = {"text": _hidden_text(html), "filename": "C:\\x\\plan\x00\x1b.txt", "code": "hostile-1", "name": ""}
    data.update(start_year="2016", end_year="2020")
    assert office_client.post(CONFIRM, data=data).status_code == 302
    assert session.scalar(select(Plan.source).where(Plan.code == "hostile-1")) == "plan.txt"


# 8. A macro-enabled document ------------------------------------------------------------------------------------


def test_a_macro_enabled_document_is_named_as_such():
    data = _docx([TITLE, "一、标题"])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            target.writestr(entry, content)
    with pytest.raises(DocumentRefused) as refused:
        read_document(buffer.getvalue(), max_bytes=10**7)
    assert "启用宏" in refused.value.message and ".docx" in refused.value.message


# 9. The raised body limit only for those who may import ---------------------------------------------------------


@pytest.mark.parametrize("role", [None, "viewer", "lead"])
def test_a_large_body_from_anyone_who_may_not_import_is_refused_before_it_is_read(
    app, session, seeded, client, client_for, make, monkeypatch, role
):
    """Measured by CSRF's check, which reads the form before any view: with the raised limit it read the whole body
    (and answered 400), now the body is over the limit before it is read."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    requester = client if role is None else client_for(make.user(role=role))
    body = {"code": "x", "file": (io.BytesIO(b"x" * 200_000), "big.txt")}
    for url in (UPLOAD, CONFIRM):
        body["file"] = (io.BytesIO(b"x" * 200_000), "big.txt")
        assert requester.post(url, data=body, content_type="multipart/form-data").status_code == 413


def test_the_office_may_still_send_a_document_over_the_general_limit(app, session, seeded, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    extra = "".join(f"（{n}）补充事项\n{'补充说明。' * 60}\n" for n in range(1, 101))
    body = SMART_CITY.read_bytes() + extra.encode()
    assert len(body) > 60_000
    assert "导入预览" in _html(_upload(office_client, body))


def test_a_new_department_name_with_a_control_character_is_refused_at_the_departments_field(session, seeded, office):
    """The service's own check (the confirm's text check stops such a name earlier): never at the plan's name."""
    parsed = parse_text(f"{TITLE}\n一、总体要求（牵头单位：新建局）\n正文。\n")
    parsed.items[0].lead = "新\x1b建局"
    with pytest.raises(ValidationError) as refused:
        import_plan(
            parsed,
            code="control",
            name=None,
            department_map={"新\x1b建局": NEW_DEPARTMENT},
            indicators=[],
            actor=office,
        )
    assert list(refused.value.errors) == ["departments"]


def test_the_command_applies_the_same_limits(app, session, seeded, tmp_path, monkeypatch):
    path = tmp_path / "many.txt"
    path.write_text(_headings(12, departments=True), encoding="utf-8")
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS", 6)
    result = app.test_cli_runner().invoke(args=["plan", "import", str(path), "--code", "many", "--dry-run"])
    assert result.exit_code != 0 and "7 个部门名称找不到对应的部门" in result.output
    monkeypatch.setitem(app.config, "TRACKER_PLAN_DOCUMENT_MAX_HEADINGS", 11)
    result = app.test_cli_runner().invoke(args=["plan", "import", str(path), "--code", "many", "--dry-run"])
    assert result.exit_code != 0 and "标题过多" in result.output
