"""The indicator register and the departments, checked against 专栏2 and the goals' text in the document."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from tests.seed.conftest import items_by_key
from tracker.indicators.models import Indicator
from tracker.org.models import Department

BOX2 = "专栏2：十二五期间信息化发展主要指标对照表"
TABLE = {  # name: (unit, 2010 value or None, 2015 target)
    "信息产业销售收入": ("亿元", Decimal("1927.75"), Decimal("4500")),
    "软件与信息服务业(不含电信运营业)": ("亿元", Decimal("651.66"), Decimal("2000")),
    "因特网出口带宽": ("G", Decimal("593"), Decimal("5000")),
    "中小企业电子商务普及率": ("%", None, Decimal("80")),
    "电子商务交易额": ("亿元", None, Decimal("2000")),
    "政务公开信息网上发布率": ("%", None, Decimal("100")),
    "行政许可项目在线办理实现率": ("%", None, Decimal("90")),
    "公共服务事项在线办理实现率": ("%", None, Decimal("70")),
    "城市家庭用户平均接入能力": ("M", None, Decimal("50")),
    "农村家庭用户平均接入能力": ("M", None, Decimal("10")),
}
GOAL_TARGETS = {  # phrases of the goals that the table does not hold: phrase -> target
    "新建居民区信息管道通达率达到100%": Decimal("100"),
    "有线电视光缆乡镇通达率达到100%": Decimal("100"),
    "年收入超百亿元的电子信息企业超过3家": Decimal("3"),
    "政府电子政务核心业务信息化覆盖率市级达到90%以上": Decimal("90"),
    "政府电子政务核心业务信息化覆盖率市级达到90%以上，区县级达到70%以上": Decimal("70"),
    "45%以上重点骨干企业实现关键环节信息技术集成应用": Decimal("45"),
    "大中型企业数字化设计工具普及率95%以上": Decimal("95"),
    "关键工序数控化率90%以上": Decimal("90"),
    "网络营销率达到65%": Decimal("65"),
    "60%以上中小企业实现主营业务环节的信息化": Decimal("60"),
    "5县(市)全部建成农业信息应用平台": Decimal("5"),
    "90%以上企事业单位信息系统获得信息安全认证": Decimal("90"),
}


def _indicators(session) -> list[Indicator]:
    return list(session.scalars(select(Indicator).order_by(Indicator.sort_order)))


def _parse_table(document_lines: list[str]) -> dict[str, tuple[str, Decimal | None, Decimal]]:
    """专栏2 as the document lays it out: name line(s), unit, then the 2010 value (if any) and the 2015 target."""
    start = document_lines.index(BOX2) + 5  # the title and the four column headings
    end = document_lines.index("(三)基本原则。")
    rows: dict[str, tuple[str, Decimal | None, Decimal]] = {}
    name, unit, numbers = "", "", []
    for line in [*document_lines[start:end], "END"]:
        if re.fullmatch(r"[\d.]+", line):
            numbers.append(Decimal(line))
            continue
        if numbers:
            rows[name] = (unit, numbers[0] if len(numbers) == 2 else None, numbers[-1])
            name, unit, numbers = "", "", []
        if line in ("亿元", "G", "%", "M"):
            unit = line
        else:
            name += line
    return rows


def test_table_rows_match_the_document(session, seeded, document_lines):
    assert _parse_table(document_lines) == TABLE
    by_name = {indicator.name: indicator for indicator in _indicators(session)}
    for name, (unit, baseline, target) in TABLE.items():
        indicator = by_name[name]
        assert (indicator.unit, indicator.baseline_value, indicator.target_value) == (unit, baseline, target), name
        assert indicator.baseline_year == (2010 if baseline is not None else None)
        assert indicator.target_year == 2015
        assert indicator.source_text.split("\n")[0] == BOX2


def test_every_further_target_of_the_goals_is_registered_once(session, seeded):
    indicators = _indicators(session)
    assert len(indicators) == len(TABLE) + len(GOAL_TARGETS) == 22
    further = {indicator.source_text: indicator for indicator in indicators if indicator.name not in TABLE}
    assert {phrase: indicator.target_value for phrase, indicator in further.items()} == GOAL_TARGETS
    assert all(indicator.baseline_value is None and indicator.baseline_year is None for indicator in further.values())
    codes = [indicator.code for indicator in indicators]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"[a-z0-9-]+", code) for code in codes)


def test_goal_links_comparators_and_quotes(session, seeded, document):
    items = items_by_key(session)
    for indicator in _indicators(session):
        # 超过 is strictly more (gt); 以上 / 达到 / 突破 and the table's bare numbers include the target (ge).
        says_more_than = any("超过" in phrase for phrase in indicator.source_text.split("\n")[-1:])
        assert indicator.comparator == ("gt" if says_more_than else "ge"), indicator.code
        assert indicator.goal_item is not None and indicator.goal_item.kind == "goal", indicator.code
        assert indicator.responsible_department is not None
        for phrase in indicator.source_text.split("\n"):
            assert phrase in document, phrase
            if phrase != BOX2:
                # The goal's own words, quoted from the goal the indicator is linked to, and naming the target.
                assert phrase in indicator.goal_item.mandate, indicator.code
                assert f"{indicator.target_value.normalize():f}" in phrase, indicator.code
    by_name = {indicator.name: indicator for indicator in _indicators(session)}
    assert by_name["信息产业销售收入"].source_text.endswith("全市电子信息产业主营业务收入超过4500亿元")
    assert by_name["电子商务交易额"].source_text.endswith("网上交易额超过2000亿元")
    assert by_name["信息产业销售收入"].goal_item == items["s2.2.g2"]
    assert by_name["城市家庭用户平均接入能力"].goal_item == items["s2.2.g1"]
    assert by_name["获得信息安全认证的企事业单位信息系统比例"].goal_item == items["s2.2.g7"]


def test_departments(session, seeded):
    departments = list(session.scalars(select(Department).order_by(Department.sort_order)))
    assert 18 <= len(departments) <= 25
    short_names = {department.short_name for department in departments}
    assert {"市经信委", "市发改委", "市商务委", "市农业局", "市旅委", "市金融办", "市科委", "市财政局"} <= short_names
    assert {"市信息办", "市统计局", "人行杭州中心支行", "市市民卡中心", "高新区（滨江）管委会"} <= short_names
    assert all(re.fullmatch(r"[a-z]+", department.code) and department.active for department in departments)
    kinds = {department.code: department.kind for department in departments}
    assert (kinds["xxb"], kinds["jxw"], kinds["gxq"]) == ("office", "bureau", "district")
