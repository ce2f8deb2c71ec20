"""Imported target numbers must fit the indicator register's columns (Numeric(18, 4)): a proposal that does not is
shown as not creatable with the reason, and is never written, so no database refuses it mid-transaction."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import select

from tests.documents.import_helpers import parsed_document
from tracker.core.errors import ValidationError
from tracker.documents.services import NEW_DEPARTMENT, import_plan, refusal
from tracker.indicators.models import Indicator, fits_indicator_number
from tracker.plan.models import Plan

TOO_LARGE = Decimal("123456789012345")
TOO_PRECISE = Decimal("99.123456")
LARGEST = Decimal("99999999999.9999")
DOCUMENT = """某市“十三五”数字经济发展规划
一、主要任务
1.做大数字经济。到2020年，数字经济总量达到123456789012345亿元以上，企业上云率达到99.123456%以上，示范企业达到60家以上。
"""


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        (Decimal(60), True),
        (LARGEST, True),
        (Decimal("60.50000"), True),  # trailing zeros are not places
        (Decimal("100000000000"), False),  # 12 digits before the point
        (TOO_LARGE, False),
        (TOO_PRECISE, False),
        (Decimal("NaN"), False),
        (Decimal("Infinity"), False),
    ],
)
def test_what_the_register_holds(value, fits):
    assert fits_indicator_number(value) is fits


def _parsed(*values: Decimal):
    parsed = parsed_document()
    template = parsed.indicators[0]
    parsed.indicators = [
        type(template)(f"指标{n}", "家", value, "ge", 2020, f"到2020年，指标{n}达到{value}家。", template.item_line)
        for n, value in enumerate(values, start=1)
    ]
    return parsed


def _import(office, parsed, indicators):
    names = ("市大数据局", "市科技局", "钱塘新区管委会")
    return import_plan(
        parsed,
        code="digital-13",
        name=None,
        department_map={name: NEW_DEPARTMENT for name in names},
        indicators=indicators,
        actor=office,
    )


def test_a_target_that_does_not_fit_is_refused_with_its_reason(session, seeded, office):
    parsed = _parsed(TOO_LARGE, TOO_PRECISE, Decimal(60))
    reasons = [refusal(proposed) for proposed in parsed.indicators]
    assert reasons[2] is None
    assert "11 位整数" in reasons[0] and "4 位小数" in reasons[1]
    with pytest.raises(ValidationError) as refused:
        _import(office, parsed, parsed.indicators)
    (message,) = refused.value.errors["indicators"]
    assert "指标1" in message and "指标2" in message and "指标3" not in message
    assert session.scalar(select(Plan).where(Plan.code == "digital-13")) is None


def test_the_largest_target_that_fits_is_written_exactly(session, seeded, office):
    parsed = _parsed(LARGEST, Decimal("0.0001"))
    plan = _import(office, parsed, parsed.indicators)
    session.expire_all()
    values = session.scalars(
        select(Indicator.target_value).where(Indicator.plan_id == plan.id).order_by(Indicator.sort_order)
    ).all()
    assert values == [LARGEST, Decimal("0.0001")]


def test_the_preview_shows_why_and_a_forged_tick_is_refused_on_the_form(session, seeded, client_for, office):
    client = client_for(office)
    form = {"code": "digital-13", "name": "", "start_year": "", "end_year": ""}
    form["file"] = (io.BytesIO(DOCUMENT.encode()), "digital.txt")
    html = unescape(client.post("/plans/import", data=form, content_type="multipart/form-data").get_data(as_text=True))
    assert html.count("不能建立") >= 2 and "11 位整数" in html and "4 位小数" in html
    assert re.findall(r'name="indicator" value="(\d+)"', html) == ["2"]
    text = unescape(re.search(r'name="text" type="hidden" value="([^"]*)"', html, re.S).group(1))
    confirm = {"text": text, "filename": "digital.txt", "code": "digital-13", "name": "", "start_year": "2016"}
    confirm |= {"end_year": "2020", "indicator": ["0", "2"]}
    response = client.post("/plans/import/confirm", data=confirm)
    assert response.status_code == 200
    assert "数字经济总量" in unescape(response.get_data(as_text=True))
    assert session.scalar(select(Plan).where(Plan.code == "digital-13")) is None
    confirm["indicator"] = ["2"]
    assert client.post("/plans/import/confirm", data=confirm).status_code == 302
    plan = session.scalar(select(Plan).where(Plan.code == "digital-13"))
    assert session.scalars(select(Indicator.name).where(Indicator.plan_id == plan.id)).all() == ["示范企业"]


def test_the_command_says_which_it_leaves_out_and_writes_the_rest(app, session, seeded, tmp_path):
    path = tmp_path / "digital.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    session.commit()
    result = app.test_cli_runner().invoke(args=["plan", "import", str(path), "--code", "digital-13"])
    assert result.exit_code == 0, result.output
    assert "不建立指标“数字经济总量”" in result.output and "不建立指标“企业上云率”" in result.output
    plan = session.scalar(select(Plan).where(Plan.code == "digital-13"))
    assert session.scalars(select(Indicator.name).where(Indicator.plan_id == plan.id)).all() == ["示范企业"]
