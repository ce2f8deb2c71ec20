"""The years a plan covers, read from its title."""

from __future__ import annotations

import pytest

from tracker.documents.parsing import parse_text
from tracker.documents.periods import find_period, five_year_plan_years


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("杭州市“十二五”信息化发展规划 （上）", (2011, 2015)),
        ("浙江省“十三五”数字经济发展规划", (2016, 2020)),
        ("杭州市十四五数字政府建设规划", (2021, 2025)),
        ("国家“十一五”信息化规划", (2006, 2010)),
        ("杭州市智慧城市建设实施方案（2016-2020年）", (2016, 2020)),
        ("杭州市智慧城市建设实施方案(2016—2020年)", (2016, 2020)),
        ("数字经济三年行动计划（2018～2020年）", (2018, 2020)),
        ("2014年至2016年电子政务建设计划", (2014, 2016)),
        ("杭州市2014年工作计划", (2014, 2014)),
        ("2015年全市信息化工作要点", (2015, 2015)),
        ("关于加快推进信息化建设的实施意见", None),
        ("三五成群行动方案", None),
        ("实施方案（2020-2016年）", None),
    ],
)
def test_the_period_comes_from_the_title(title, period):
    assert find_period(title) == period


def test_five_year_plans_count_from_the_third():
    assert [five_year_plan_years(number) for number in (3, 11, 12, 13, 14, 15)] == [
        (1966, 1970),
        (2006, 2010),
        (2011, 2015),
        (2016, 2020),
        (2021, 2025),
        (2026, 2030),
    ]


def test_years_in_the_body_do_not_make_a_period():
    document = parse_text("关于推进信息化的意见\n到2015年，……\n一、总体要求\n“十一五”期间取得成效。\n")
    assert document.period is None
