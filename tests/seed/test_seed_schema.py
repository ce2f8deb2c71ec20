"""The field parsers and the YAML reader under the seed files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.seeding.schema import FieldProblem, Problems, as_date, as_number, load_yaml


@pytest.mark.parametrize(("raw", "expected"), [(1927.75, "1927.75"), ("651.66", "651.66"), (4500, "4500")])
def test_numbers_are_exact_decimals(raw, expected):
    assert as_number(raw) == Decimal(expected)
    assert str(as_number(raw)) == expected


@pytest.mark.parametrize("raw", [True, "many", "NaN", "1e20", "0.00001", [1]])
def test_numbers_that_do_not_fit_are_refused(raw):
    with pytest.raises(FieldProblem):
        as_number(raw)


def test_dates_from_yaml_or_text():
    assert as_date(date(2015, 12, 31)) == as_date("2015-12-31") == date(2015, 12, 31)
    with pytest.raises(FieldProblem):
        as_date("2015-13-01")


def test_yaml_refuses_a_repeated_key_but_allows_merge_keys(tmp_path):
    merged = tmp_path / "merged.yaml"
    merged.write_text("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", encoding="utf-8")
    problems = Problems()
    assert load_yaml(merged, problems) == {"base": {"x": 1, "y": 2}, "other": {"x": 1, "y": 3}}
    assert problems.lines == []

    repeated = tmp_path / "repeated.yaml"
    repeated.write_text("a: 1\na: 2\n", encoding="utf-8")
    assert load_yaml(repeated, problems) is None
    assert problems.lines == [f"{repeated}，第 2 行第 1 列：YAML 语法错误：duplicate key 'a'"]


def test_empty_and_non_utf8_files_are_problems(tmp_path):
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    (tmp_path / "gbk.yaml").write_bytes("名称: 杭州".encode("gbk"))
    problems = Problems()
    assert load_yaml(tmp_path / "empty.yaml", problems) is None
    assert load_yaml(tmp_path / "gbk.yaml", problems) is None
    assert [line.split("：")[-1] for line in problems.lines] == ["文件是空的", "文件不是 UTF-8 编码"]
