"""Numeric targets proposed as indicators: found where the text states one, and nowhere else."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.documents.helpers import sample
from tracker.documents.indicators import find_targets
from tracker.documents.parsing import parse_text

PLAN_2011_2015 = (2011, 2015)


@pytest.mark.parametrize(
    ("sentence", "name", "value", "unit", "comparator", "year"),
    [
        ("到2020年，全市两化融合示范企业达到60家以上。", "全市两化融合示范企业", "60", "家", "ge", 2020),
        (
            "2015年，全市电子信息产业主营业务收入超过4500亿元。",
            "全市电子信息产业主营业务收入",
            "4500",
            "亿元",
            "gt",
            2015,
        ),
        ("城镇登记失业率控制在5%以内。", "城镇登记失业率", "5", "%", "le", None),
        ("政务信息网上发布率不低于90%。", "政务信息网上发布率", "90", "%", "ge", None),
        ("信息服务业主营业务收入突破2000亿元", "信息服务业主营业务收入", "2000", "亿元", "ge", None),
        ("重点企业综合能耗低于0.5吨标准煤。", "重点企业综合能耗", "0.5", "吨", "lt", None),
        ("办结时限不超过15个工作日。", "办结时限", "15", "个工作日", "le", None),
        ("关键工序数控化率90%以上。", "关键工序数控化率", "90", "%", "ge", None),
        ("网上交易额超过２０００亿元。", "网上交易额", "2000", "亿元", "gt", None),
        ("宽带接入能力达到50M以上。", "宽带接入能力", "50", "M", "ge", None),
        ("力争到2015年底，云计算企业不少于30家。", "云计算企业", "30", "家", "ge", 2015),
        ("信息产业增加值占GDP比重提高到12.5%。", "信息产业增加值占GDP比重", "12.5", "%", "ge", None),
        ("营业收入超过10亿元的企业达到20家以上。", "营业收入超过10亿元的企业", "20", "家", "ge", None),
    ],
)
def test_a_stated_target_is_proposed(sentence, name, value, unit, comparator, year):
    (target,) = find_targets(sentence, PLAN_2011_2015 if year != 2020 else (2016, 2020))
    assert (target.name, target.target_value, target.unit, target.comparator, target.target_year) == (
        name,
        Decimal(value),
        unit,
        comparator,
        year,
    )
    assert target.source_text == sentence


def test_surpass_is_strictly_more_and_reach_is_at_least():
    (surpass,) = find_targets("交易额超过2000亿元。", None)
    (reach,) = find_targets("交易额达到2000亿元。", None)
    assert (surpass.comparator, reach.comparator) == ("gt", "ge")


@pytest.mark.parametrize(
    "sentence",
    [
        "新建光纤到户20万户。",  # no comparator: a quantity of work, not a threshold
        "交易额2000亿元左右。",  # about
        "截至2010年底，全市互联网宽带用户达到212.51万户。",  # the past
        "2010年，全市软件企业达75家。",  # a year before the plan: a baseline
        "“十一五”期间，全市数字城管覆盖面积达到371.19平方公里。",  # the previous plan
        "市民卡发卡已超过238万张。",
        "全市大中型企业80%以上建设了计算机管理系统。",
        "45%以上重点骨干企业实现关键环节信息技术集成应用。",  # the number comes first: no name before it
        "城市和农村家庭用户分别实现平均50M和10M以上的接入能力。",  # a list of numbers
        "推广4G移动通信网试点，IPv6规模部署。",
        "年均增幅接近20%。",
        "人均GDP将实现从1万美元向2万美元的重大跨越。",
        "2015年完成。",
        "第1.5期工程。",
    ],
)
def test_no_target_is_invented(sentence):
    assert find_targets(sentence, PLAN_2011_2015) == []


def test_two_levels_of_one_rate_share_its_name():
    targets = find_targets("核心业务信息化覆盖率市级达到90%以上，区县级达到70%以上。", PLAN_2011_2015)
    assert [(target.name, target.target_value) for target in targets] == [
        ("核心业务信息化覆盖率市级", Decimal(90)),
        ("核心业务信息化覆盖率区县级", Decimal(70)),
    ]


def test_the_indicators_of_a_document_name_their_items_heading_line():
    document = parse_text(sample("work_points_2014.txt"))
    found = [
        (target.item_line, target.name, target.comparator, str(target.target_value)) for target in document.indicators
    ]
    assert found == [
        (6, "城市家庭宽带接入能力", "ge", "50"),
        (8, "重点公共场所无线网络覆盖率", "ge", "90"),
        (9, "有线电视网络双向化改造", "gt", "30"),
        (12, "省级两化融合示范企业", "ge", "60"),
        (15, "网上交易额", "gt", "2000"),
        (18, "政务信息网上发布率", "ge", "100"),
        (19, "行政许可项目在线办理实现率", "ge", "90"),
        (19, "办理时限", "le", "5"),
    ]
    assert document.indicators[3].target_year == 2014


def _named(text: str, period=(2016, 2020)) -> list[tuple[str, str, int | None]]:
    from tracker.documents.indicators import find_indicators
    from tracker.documents.model import ParsedItem

    item = ParsedItem(marker="一、", kind="task", title="目标", mandate=text, line=2)
    return [
        (target.name, f"{target.target_value}{target.unit}", target.target_year)
        for target in find_indicators([item], period)
    ]


def test_a_trailing_verb_is_not_part_of_the_name():
    assert _named("完善数字城管平台功能，问题及时解决率保持在95%以上。", (2014, 2014)) == [
        ("问题及时解决率", "95%", None)
    ]
    assert _named("全市政务数据共享率维持在90%以上。") == [("全市政务数据共享率", "90%", None)]
    assert _named("建设健康信息平台，实现居民电子健康档案建档率达到95%以上。") == [
        ("居民电子健康档案建档率", "95%", None)
    ]


def test_a_rate_of_something_named_before_is_named_by_it_or_skipped():
    assert _named("到2020年，全市信息经济增加值超过5000亿元，年均增长15%以上。") == [
        ("全市信息经济增加值", "5000亿元", 2020),
        ("全市信息经济增加值年均增长", "15%", 2020),
    ]
    assert _named("设立信息经济发展专项资金，每年安排不少于10亿元。") == []


def test_the_year_of_a_sentence_applies_to_every_target_in_it():
    text = (
        "到2020年，全市信息经济增加值超过5000亿元；培育信息经济龙头企业10家以上；"
        "建成智慧应用示范项目60个以上；全市固定宽带家庭普及率达到90%。"
    )
    assert [year for _name, _target, year in _named(text)] == [2020, 2020, 2020, 2020]
