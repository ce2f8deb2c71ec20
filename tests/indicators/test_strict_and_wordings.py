"""Issue 9, point 2 (indicators): 超过 is strictly more (gt) and 低于 strictly less (lt), at the boundary too; and
where the document's table (专栏2) and its text name or number a target differently, the register keeps both
wordings and says 表文表述不一致 instead of merging them silently."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from tests.exports.helpers import open_workbook
from tests.indicators.conftest import add_indicator, add_value
from tests.seed.conftest import DOCUMENT_CANDIDATES, SEED_DIR
from tracker.indicators.labels import comparator_sign, comparator_words
from tracker.indicators.models import Comparator, Indicator
from tracker.indicators.progress import Point, Track, assess, meets
from tracker.seeding.loader import load_seed_dir

TARGET = Point(2015, D("4500"))


def _assess(comparator: str, *values: tuple[int, str], baseline=(2010, "1927.75"), target=TARGET):
    return assess(baseline[0], D(baseline[1]), target, comparator, [Point(y, D(v)) for y, v in values])


# ------------------------------------------------------------------------------------------------ the arithmetic


def test_gt_is_not_reached_by_the_target_itself():
    at = _assess("gt", (2015, "4500"))
    assert (at.reached, at.track) == (False, Track.OFF_TRACK)
    above = _assess("gt", (2015, "4500.01"))
    assert (above.reached, above.track) == (True, Track.ON_TRACK)
    # ge at the same value: reached.
    assert _assess("ge", (2015, "4500")).reached


def test_lt_is_not_reached_by_the_target_itself():
    target = Point(2015, D("5"))
    at = _assess("lt", (2015, "5"), baseline=(2010, "10"), target=target)
    assert (at.reached, at.track) == (False, Track.OFF_TRACK)
    below = _assess("lt", (2015, "4.99"), baseline=(2010, "10"), target=target)
    assert (below.reached, below.track) == (True, Track.ON_TRACK)
    assert _assess("le", (2015, "5"), baseline=(2010, "10"), target=target).reached


def test_a_strict_target_keeps_pace_on_the_way_as_an_inclusive_one_does():
    # 2013 expects 1927.75 + 0.6 × 2572.25 = 3471.10: exactly on the line keeps pace for gt as for ge.
    on_line = _assess("gt", (2013, "3471.10"))
    assert (on_line.track, on_line.reached) == (Track.ON_TRACK, False)
    assert _assess("gt", (2013, "3471.09")).track == Track.OFF_TRACK
    # After the target year the target itself is expected, and for gt it is not enough.
    assert _assess("gt", (2016, "4500")).track == Track.OFF_TRACK


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [("gt", 10, False), ("gt", 11, True), ("ge", 10, True), ("lt", 10, False), ("lt", 9, True), ("le", 10, True)],
)
def test_meets_at_the_target(comparator, value, expected):
    assert meets(Fraction(value), Fraction(10), Fraction(10), comparator) is expected


def test_signs_and_words():
    assert [comparator_sign(c) for c in Comparator] == ["≥", ">", "≤", "<", "="]
    assert "超过" in comparator_words("gt") and "低于" in comparator_words("lt")


def test_the_database_accepts_the_strict_comparators_and_nothing_else(session, make):
    plan = make.plan()
    for code, comparator in (("a", "gt"), ("b", "lt")):
        add_indicator(session, plan, code=code, comparator=comparator)
    # MariaDB reports a failed CHECK as an OperationalError (error 4025), the others as an IntegrityError.
    with pytest.raises((IntegrityError, OperationalError)):
        add_indicator(session, plan, code="c", comparator="gte")


# -------------------------------------------------------------------------------------------- the seeded register

# Every target the document words with 超过, by code.
MORE_THAN = {"it-industry-revenue", "ecommerce-transactions", "it-firms-over-10bn"}
# Table and text disagree: the revenue rows (name and measure), 电子商务交易额 / 网上交易额, and the three
# e-government rates of 专栏2 against the text's 政务信息网上发布率 and 核心业务信息化覆盖率 (both sides flagged).
DIFFERING = {
    "it-industry-revenue",
    "software-info-services-revenue",
    "ecommerce-transactions",
    "gov-info-online-publication",
    "admin-licensing-online",
    "public-services-online",
    "egov-core-coverage-city",
    "egov-core-coverage-district",
}


@pytest.fixture
def register(session) -> dict[str, Indicator]:
    load_seed_dir(SEED_DIR)
    session.commit()
    return {indicator.code: indicator for indicator in session.scalars(select(Indicator))}


def _document() -> str:
    return next(path for path in DOCUMENT_CANDIDATES if path.exists()).read_text(encoding="utf-8")


def test_every_target_worded_with_more_than_is_strict(register):
    document = _document()
    assert {code for code, i in register.items() if i.comparator == "gt"} == MORE_THAN
    for code in MORE_THAN:
        target = f"{register[code].target_value.normalize():f}"
        assert any(f"超过{target}" in line for line in register[code].text_wording.split("\n")), code
        assert f"超过{target}" in document


def test_both_wordings_are_quoted_from_the_document_and_the_disagreements_flagged(register):
    document = _document()
    table_lines = document[document.index("专栏2") : document.index("(三)基本原则")].split("\n")
    assert {code for code, i in register.items() if i.wordings_differ} == DIFFERING
    for code, indicator in register.items():
        for sentence in filter(None, indicator.text_wording.split("\n")):
            assert sentence in document, (code, sentence)
        if indicator.table_wording:
            row_name = indicator.table_wording.split("（")[0]
            # The row name as the table prints it (one cell may wrap: 软件与信息服务业 / (不含电信运营业)).
            assert row_name.replace("(不含电信运营业)", "") in table_lines, (code, row_name)
    revenue = register["it-industry-revenue"]
    assert revenue.name == "信息产业销售收入"  # the table's name stays the indicator's name
    assert "电子信息产业主营业务收入超过4500亿元" in revenue.text_wording


def test_the_register_and_the_indicator_page_show_both_wordings(client_for, make, register):
    client = client_for(make.user("viewer"))
    page = client.get("/indicators").get_data(as_text=True)
    assert page.count('data-wordings-differ="1"') == len(DIFFERING)
    detail = client.get(f"/indicators/{register['it-industry-revenue'].id}").get_data(as_text=True)
    assert "表文表述不一致" in detail
    wordings = detail[detail.index('data-testid="indicator-wordings"') :]
    assert "信息产业销售收入（亿元）：2010年实绩1927.75，2015年目标4500" in wordings
    assert "全市电子信息产业主营业务收入超过4500亿元" in wordings
    same = client.get(f"/indicators/{register['urban-household-access'].id}").get_data(as_text=True)
    assert 'data-testid="indicator-wordings"' in same and "表文表述不一致" not in same
    assert 'data-comparator="gt"' in client.get("/indicators").get_data(as_text=True)


def test_the_indicator_export_names_the_disagreement(client_for, make, register, session):
    add_value(session, register["it-industry-revenue"], 2012, "3000")
    session.commit()
    response = client_for(make.user("viewer")).get("/export/plan.xlsx")
    assert response.status_code == 200
    sheet = open_workbook(response.data)["指标"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0] in register}
    assert rows["it-industry-revenue"][6] == ">"
    assert rows["it-industry-revenue"][-1].startswith("表文表述不一致。专栏2：信息产业销售收入")
    assert rows["urban-household-access"][-1] in ("", None)
