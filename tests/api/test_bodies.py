"""What the API accepts as a JSON body (tracker.api.bodies) and as query parameters (tracker.api.query)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tracker.api.bodies import Body, Field, read_json
from tracker.api.problems import ApiProblem
from tracker.api.query import PAGING, Param, read_query
from tracker.core.errors import ValidationError
from tracker.core.permissions import MAX_ID

NOTE = Body(
    "ProbeBody",
    (
        Field("title", "string", "A title", required=True, max_length=10),
        Field("note", "text", "A note", nullable=True),
        Field("progress", "integer", "Percent", minimum=0, maximum=100),
        Field("amount", "decimal", "Money"),
        Field("done", "boolean", "Finished"),
        Field("due", "date", "Due date", nullable=True),
        Field("status", "string", "Status", choices=("not_started", "completed")),
    ),
)


def _read(app, data: bytes | str, content_type: str = "application/json", body: Body = NOTE):
    with app.test_request_context("/api/v1/probe", method="POST", data=data, content_type=content_type):
        return read_json(body)


def _refusal(app, data, **kw) -> ApiProblem:
    with pytest.raises(ApiProblem) as refused:
        _read(app, data, **kw)
    return refused.value


def _fields(app, payload: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        _read(app, json.dumps(payload))
    return refused.value.errors


def test_a_good_body_comes_back_as_python_values(app):
    payload = {"title": "报送", "note": "第一行\n第二行\t", "progress": 40, "amount": "12.50", "done": False}
    values = _read(app, json.dumps({**payload, "due": "2015-12-31", "status": "completed"}))
    assert values == {**payload, "amount": Decimal("12.50"), "due": date(2015, 12, 31), "status": "completed"}


def test_only_the_fields_sent_come_back_and_null_where_allowed(app):
    assert _read(app, json.dumps({"title": "x", "due": None, "note": None})) == {
        "title": "x",
        "due": None,
        "note": None,
    }
    assert _fields(app, {"title": "x", "progress": None}) == {"progress": ["此项不能为空。"]}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_another_content_type_is_415(app, content_type):
    refusal = _refusal(app, '{"title": "x"}', content_type=content_type)
    assert (refusal.status, refusal.code) == (415, "unsupported_media_type")


def test_json_with_a_charset_is_fine(app):
    assert _read(app, '{"title": "x"}', content_type="application/json; charset=utf-8") == {"title": "x"}


def test_a_body_over_the_limit_is_413(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_API_MAX_BODY_BYTES", 1024)
    text = json.dumps({"title": "x", "note": "长" * 400}, ensure_ascii=False)
    assert len(text.encode()) > 1024
    refusal = _refusal(app, text)
    assert (refusal.status, refusal.code) == (413, "request_entity_too_large")
    fits = json.dumps({"title": "x", "note": "长" * 300}, ensure_ascii=False)
    assert len(fits.encode()) <= 1024 and _read(app, fits)["note"] == "长" * 300


def test_a_body_over_the_limit_without_a_length_is_413(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_API_MAX_BODY_BYTES", 1024)
    payload = json.dumps({"title": "x", "note": "a" * 2000}).encode()
    environ = {"CONTENT_TYPE": "application/json", "wsgi.input_terminated": True}
    with app.test_request_context("/api/v1/probe", method="POST", data=payload, environ_overrides=environ) as ctx:
        ctx.request.environ.pop("CONTENT_LENGTH", None)
        with pytest.raises(ApiProblem) as refused:
            read_json(NOTE)
    assert refused.value.status == 413


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b'{"title": "x",}',
        b"{'title': 'x'}",
        b'{"title": "\xff"}',
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": -Infinity}',
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_malformed_json_is_400(app, data):
    refusal = _refusal(app, data)
    assert (refusal.status, refusal.code) == (400, "malformed_json")


@pytest.mark.parametrize("payload", [[], [{"title": "x"}], "text", 5, None, True])
def test_json_that_is_not_an_object_is_422(app, payload):
    refusal = _refusal(app, json.dumps(payload))
    assert (refusal.status, refusal.code) == (422, "validation_failed")


def test_unknown_and_missing_fields(app):
    assert _fields(app, {"titel": "x"}) == {"titel": ["未知的字段。"], "title": ["此项必填。"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("progress", True),  # a boolean is not a number here, though Python calls it an int
        ("progress", "5"),
        ("progress", 5.0),
        ("progress", 101),
        ("progress", -1),
        ("amount", 1.234),
        ("amount", "1.234"),
        ("amount", "1e3"),
        ("amount", True),
        ("amount", "１２"),  # full-width digits
        ("amount", [1]),
        ("done", "true"),
        ("done", 1),
        ("title", 5),
        ("title", "十一个字符十一个字符十"),
        ("status", "finished"),
        ("due", "2015-13-01"),
        ("due", "2015-2-1"),
        ("due", "2015/02/01"),
        ("due", "2015-02-01T00:00:00"),
        ("due", 20150201),
    ],
)
def test_a_wrong_value_is_named_at_its_field(app, field, value):
    payload = {"title": "x", field: value}
    assert list(_fields(app, payload)) == [field]


@pytest.mark.parametrize("text", ["a\x00b", "a\x07", "a\x1b[31m", "a\x7f"])
def test_control_characters_are_refused_in_text(app, text):
    assert _fields(app, {"title": "x", "note": text}) == {"note": ["不能包含控制字符。"]}


@pytest.mark.parametrize("text", ["a\nb", "a\tb", "a\r\nb"])
def test_single_line_text_refuses_line_breaks_multi_line_keeps_them(app, text):
    assert list(_fields(app, {"title": text})) == ["title"]
    assert _read(app, json.dumps({"title": "x", "note": text}))["note"] == text


def test_a_nul_escaped_in_json_is_refused_too(app):
    assert "title" in _fields(app, {"title": "\u0000"})


def test_every_error_at_once(app):
    payload = {"title": 1, "progress": "5", "amount": 1.234, "done": "yes", "due": "tomorrow", "extra": 1}
    assert set(_fields(app, payload)) == {"title", "progress", "amount", "done", "due", "extra"}


def test_decimals_with_two_places_and_whole_numbers_pass(app):
    for value, expected in ((12, "12"), (12.5, "12.5"), ("-3.25", "-3.25"), (" 7 ", "7")):
        assert _read(app, json.dumps({"title": "x", "amount": value}))["amount"] == Decimal(expected)


# Query parameters.
FILTERS = (
    *PAGING,
    Param("plan", "id", "Plan"),
    Param("overdue", "boolean", "Overdue only"),
    Param("status", "choice", "Status", choices=("in_progress", "completed")),
    Param("q", "string", "Text"),
)


def _query(app, query: str) -> dict:
    with app.test_request_context(f"/api/v1/probe?{query}"):
        return read_query(FILTERS)


def _bad(app, query: str) -> dict[str, list[str]]:
    with pytest.raises(ApiProblem) as refused:
        _query(app, query)
    assert (refused.value.status, refused.value.code) == (400, "invalid_parameter")
    return refused.value.fields


def test_defaults_and_good_values(app):
    assert _query(app, "") == {"page": 1, "per_page": 20, "plan": None, "overdue": None, "status": None, "q": None}
    values = _query(app, f"page=3&per_page=100&plan={MAX_ID}&overdue=true&status=completed&q=%E7%94%B5%E5%AD%90")
    assert values == {"page": 3, "per_page": 100, "plan": MAX_ID, "overdue": True, "status": "completed", "q": "电子"}
    assert _query(app, "overdue=0")["overdue"] is False


def test_an_empty_value_is_the_default(app):
    assert _query(app, "page=&plan=")["page"] == 1


def test_unknown_and_repeated_parameters(app):
    assert _bad(app, "pgae=2") == {"pgae": ["未知的参数。"]}
    assert _bad(app, "page=1&page=2") == {"page": ["参数只能出现一次。"]}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        (f"plan={MAX_ID + 1}", "plan"),
        ("plan=0", "plan"),
        ("plan=99999999999999999999", "plan"),
        ("plan=1.5", "plan"),
        ("plan=%EF%BC%91", "plan"),  # a full-width 1
        ("plan=--5", "plan"),
        ("plan=%201", "plan"),
        ("overdue=yes", "overdue"),
        ("status=late", "status"),
        ("q=a%00b", "q"),
        ("q=" + "a" * 101, "q"),
    ],
)
def test_a_wrong_value_is_400_naming_it(app, query, name):
    assert list(_bad(app, query)) == [name]


def test_every_bad_parameter_at_once(app):
    assert set(_bad(app, "page=0&per_page=500&plan=x&extra=1")) == {"page", "per_page", "plan", "extra"}


def test_the_body_reads_the_same_the_second_time(app):
    """The request lifecycle runs a request again after a lost race (a MariaDB deadlock): its body must read the
    same then, not as empty (which was a 400 malformed_json under concurrent writers)."""
    payload = json.dumps({"title": "x", "progress": 5})
    with app.test_request_context("/api/v1/probe", method="POST", data=payload, content_type="application/json"):
        assert read_json(NOTE) == read_json(NOTE) == {"title": "x", "progress": 5}
