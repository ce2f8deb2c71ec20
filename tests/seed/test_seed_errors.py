"""A malformed seed is refused as a whole: SeedError names file, entry and problem, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.seed.conftest import edit, row_counts
from tracker.core.errors import SeedError
from tracker.plan.models import WorkItem
from tracker.seeding.loader import load_seed_dir

PLAN, INDICATORS, DEPARTMENTS = "plan.yaml", "indicators.yaml", "departments.yaml"

# (file to break, text to replace, replacement, fragments the message must contain: file, entry, problem)
DEFECTS = {
    "yaml syntax": (INDICATORS, "  - code: online-marketing\n", "  - code: [online-marketing\n", ["第 ", "YAML"]),
    "unknown department": (
        PLAN,
        "{lead: jtj, supporting: [swj, fgw]}",
        "{lead: nosuch, supporting: [swj, fgw]}",
        ["s3.1.box3.pf5", "未知部门代码", "nosuch"],
    ),
    "unknown supporting department": (
        INDICATORS,
        "default_assignment: {responsible: nyj}",
        "default_assignment: {responsible: nyjj}",
        ["county-agri-platforms", "nyjj"],
    ),
    "missing title": (
        PLAN,
        "                title: 以物联网技术促进物流业降低成本、提高效能\n",
        "",
        ["items[2].children[0].children[1].children[2]", "s3.1.t2.p3", "缺少必填字段“title”"],
    ),
    "empty title": (PLAN, "title: 发展目标\n", 'title: ""\n', ["s2.2", "“title”不能为空"]),
    "duplicate seed key": (PLAN, "key: s3.1.t4.p3\n", "key: s3.1.t4.p2\n", ["s3.1.t4.p2", "重复"]),
    "duplicate department code": (DEPARTMENTS, "code: jyj\n", "code: wsj\n", ["departments[22]", "wsj", "重复"]),
    "unknown goal": (INDICATORS, "goal: s2.2.g7\n", "goal: s2.2.g9\n", ["infosec-certification", "s2.2.g9"]),
    "goal key of a task": (INDICATORS, "goal: s2.2.g7\n", "goal: s3.1.t1\n", ["infosec-certification", "s3.1.t1"]),
    "bad comparator": (
        INDICATORS,
        "comparator: ge\n    goal: s2.2.g7\n",
        "comparator: gte\n    goal: s2.2.g7\n",
        ["infosec-certification", "comparator", "gte"],
    ),
    "non-numeric value": (INDICATORS, "target_value: 65\n", "target_value: 很多\n", ["online-marketing", "应为数字"]),
    "number as title": (PLAN, "title: 发展目标\n", "title: 2015\n", ["s2.2", "应为文本"]),
    "unknown field": (
        DEPARTMENTS,
        "    short_name: 市农办\n",
        "    short_name: 市农办\n    shortname: 农办\n",
        ["nb", "shortname"],
    ),
    "unknown item kind": (
        PLAN,
        "pf1\n                kind: platform\n",
        "pf1\n                kind: platfrom\n",
        ["s3.1.box3.pf1", "platfrom"],
    ),
    "repeated mapping key": (
        PLAN,
        '    kind: goal\n            outline: "7."\n',
        '    kind: goal\n            outline: "7."\n            outline: "8."\n',
        ["YAML", "duplicate key"],
    ),
    "due before start": (
        PLAN,
        "{lead: xxb, supporting: [gaj]}",
        "{lead: xxb, supporting: [gaj], due_date: 2010-12-31}",
        ["s2.2.g7", "早于"],
    ),
}


@pytest.mark.parametrize("defect", DEFECTS, ids=list(DEFECTS))
def test_malformed_seed_is_refused_and_writes_nothing(session, seeded, seed_copy, defect):
    file, old, new, fragments = DEFECTS[defect]
    # A valid edit rides along: a loader that wrote before validating everything would leave it behind.
    edit(seed_copy / PLAN, "title: 着力提升服务业信息化水平\n", "title: 已改\n")
    edit(seed_copy / file, old, new)
    counts = row_counts(session)
    titles = list(session.scalars(select(WorkItem.title).order_by(WorkItem.id)))

    with pytest.raises(SeedError) as raised:
        load_seed_dir(seed_copy)

    message = raised.value.message
    assert str(seed_copy / file) in message
    for fragment in fragments:
        assert fragment in message
    assert not session.new and not session.dirty
    assert row_counts(session) == counts
    assert list(session.scalars(select(WorkItem.title).order_by(WorkItem.id))) == titles


def test_missing_file_and_every_problem_reported_at_once(session, seed_copy):
    (seed_copy / DEPARTMENTS).unlink()
    edit(seed_copy / INDICATORS, "target_value: 65\n", "target_value: lots\n")
    with pytest.raises(SeedError) as raised:
        load_seed_dir(seed_copy)
    message = raised.value.message
    assert f"{seed_copy / DEPARTMENTS}，文件：找不到文件" in message
    assert "online-marketing" in message  # reported alongside, not after the first fix
    assert "未知部门代码" in message  # with no departments file, the codes are unknown
    assert row_counts(session) == dict.fromkeys(row_counts(session), 0)
