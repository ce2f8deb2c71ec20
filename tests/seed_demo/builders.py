"""A small plan shaped like the real seed (sections, tasks with subtasks, platforms, goals), built with factories."""

from __future__ import annotations

from datetime import date

from tests.factories import Factories
from tracker.models import Plan

PERIOD = {"start_date": date(2011, 1, 1), "due_date": date(2015, 12, 31)}  # the seed's default dates

DEPARTMENTS = (
    ("xxb", "杭州市信息化办公室", "市信息办", "office"),
    ("jxw", "杭州市经济和信息化委员会", "市经信委", "bureau"),
    ("swj", "杭州市商务委员会", "市商务委", "bureau"),
    ("fgw", "杭州市发展和改革委员会", "市发改委", "bureau"),
    ("nyj", "杭州市农业局", "市农业局", "bureau"),
    ("jtj", "杭州市交通运输局", "市交通运输局", "bureau"),
    ("lw", "杭州市旅游委员会", "市旅委", "bureau"),
)

# (task title, lead, [(subtask title, lead)])
TASKS = (
    (
        "以工业信息化为重点推动“两化”深度融合",
        "jxw",
        [
            ("开展“两化”融合区域示范", "jxw"),
            ("积极运用信息技术改造提升传统优势行业", "jxw"),
            ("广泛提高企业信息化水平", "jxw"),
            ("推进信息技术在节能减排领域的应用", "jxw"),
        ],
    ),
    (
        "着力提升服务业信息化水平",
        "fgw",
        [
            ("推进信息技术与服务业的创新与融合", "fgw"),
            ("以物联网技术促进物流业降低成本、提高效能", "jtj"),
            ("不断提高商贸流通业的数字化和自动化水平", "swj"),
            ("以信息化提高杭州旅游业竞争力", "lw"),
        ],
    ),
    ("以信息化促进高效生态农业发展", "nyj", [("提高农业信息化服务水平", "nyj"), ("推进农产品市场流通信息化", "nyj")]),
    ("深化“中国电子商务之都”建设", "swj", [("加快电子商务应用发展", "swj"), ("优化电子商务发展环境", None)]),
)
PLATFORMS = (
    ("节能减排关键共性信息技术平台", "jxw"),
    ("RFID研发应用平台", "jxw"),
    ("第三方在线支付平台", "swj"),
    ("现代物流公共信息服务平台", "jtj"),
)
GOALS = (
    ("信息基础设施建设水平持续领先", "jxw"),
    ("电子政务应用和服务体系日臻完善", "xxb"),
    ("信息安全保障能力显著增强", "xxb"),
)


def build_plan(make: Factories) -> Plan:
    departments = {}
    for order, (code, name, short_name, kind) in enumerate(DEPARTMENTS):
        departments[code] = make.department(code=code, name=name, short_name=short_name, kind=kind, sort_order=order)
    make.department(code="old", name="已撤销的部门", short_name="已撤销", active=False, sort_order=99)
    plan = make.plan(code="demo-test-plan")

    def item(parent, kind, title, lead, **dates):
        department = departments[lead] if lead else None
        return make.item(plan, parent, kind=kind, title=title, lead_department=department, **(dates or PERIOD))

    goals = item(item(None, "section", "指导思想、发展目标与基本原则", None), "section", "发展目标", None)
    for title, lead in GOALS:
        item(goals, "goal", title, lead)
    tasks = item(item(None, "section", "主要任务", None), "section", "以信息化推动经济转型升级", None)
    for title, lead, subtasks in TASKS:
        task = item(tasks, "task", title, lead)
        for subtitle, sublead in subtasks:
            item(task, "subtask", subtitle, sublead)
    box = item(tasks, "section", "“两化融合”促进经济转型升级的重点建设平台", None)
    for title, lead in PLATFORMS[:-1]:
        item(box, "platform", title, lead)
    # One platform without dates, and a task with a deadline of its own (kept by the demo).
    item(box, "platform", PLATFORMS[-1][0], PLATFORMS[-1][1], start_date=None, due_date=None)
    item(tasks, "task", "建设杭州市信息安全测评中心", "jxw", start_date=date(2011, 3, 1), due_date=date(2012, 12, 31))
    return plan
