"""Invented Chinese text for the benchmark plan: titles, mandates, notes. Random but readable."""

from __future__ import annotations

import random

CN_DIGITS = "零一二三四五六七八九"

VERBS = ("推进", "加快", "建设", "完善", "深化", "提升", "拓展", "实施", "健全", "推广", "培育", "强化")
DOMAINS = (
    "电子政务",
    "智慧交通",
    "智慧医疗",
    "数字教育",
    "电子商务",
    "两化融合",
    "物联网",
    "云计算",
    "信息安全",
    "社会保障",
    "城市管理",
    "农业信息化",
    "旅游信息服务",
    "金融信息服务",
    "地理空间信息",
    "市民卡",
    "政务信息资源",
    "三网融合",
    "软件和信息服务业",
    "宽带网络",
)
OBJECTS = (
    "公共服务平台",
    "基础设施",
    "应用示范工程",
    "标准规范体系",
    "数据共享交换",
    "运行监测系统",
    "产业集聚区",
    "综合信息平台",
    "示范试点",
    "管理机制",
    "人才培训基地",
    "应急指挥系统",
)
CLAUSES = (
    "按照“统筹规划、分步实施”的原则",
    "充分发挥市场配置资源的基础性作用",
    "依托现有信息化基础设施",
    "加强部门之间的协同配合",
    "以应用为导向、以需求为牵引",
    "注重信息资源的开发利用和共享",
    "完善相关政策法规和标准规范",
    "鼓励社会资本参与建设和运营",
)
RESULTS = (
    "到2015年基本建成覆盖全市的服务体系。",
    "形成一批可复制、可推广的应用模式。",
    "显著提高公共服务的效率和水平。",
    "为全市经济社会发展提供有力支撑。",
    "实现主要业务的网上办理和全程监管。",
)
NOTES = (
    "本月完成需求调研和方案论证。",
    "已完成招标工作，进入实施阶段。",
    "系统开发完成约一半，按计划推进。",
    "完成阶段性验收，正在整改验收意见。",
    "试点单位已上线运行，运行情况良好。",
    "召开专题协调会，明确各部门分工。",
    "资金已到位，设备采购中。",
    "完成年度目标任务。",
)
DELAY_REASONS = (
    "配套资金未按期到位。",
    "涉及多个部门，协调周期较长。",
    "招标流程延长，合同签订推迟。",
    "需求发生较大变化，方案需重新论证。",
    "承建单位人员变动，进度受到影响。",
)
REMEDIES = (
    "已报请市政府协调，加快资金拨付。",
    "建立周例会制度，逐项跟踪落实。",
    "调整实施计划，增加开发力量。",
    "分期建设，先行上线核心功能。",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋"
GIVEN = "建国明华伟丽静敏强军平勇杰娟涛斌超波辉刚霞燕玲芳峰磊晨宇海洋文博志远晓东婷怡颖浩然"


def chinese_number(n: int) -> str:
    """1-99 as Chinese numerals (十一, 二十三); larger numbers in digits."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


def outline_number(depth: int, n: int) -> str:
    return (f"{chinese_number(n)}、", f"({chinese_number(n)})", f"{n}.", f"({n})", f"{n})")[min(depth, 4)]


def title(rng: random.Random) -> str:
    return rng.choice(VERBS) + rng.choice(DOMAINS) + rng.choice(OBJECTS)


def mandate(rng: random.Random) -> str:
    sentences = [
        f"{rng.choice(CLAUSES)}，{title(rng)}，{rng.choice(VERBS)}{rng.choice(DOMAINS)}{rng.choice(OBJECTS)}。"
        for _ in range(rng.randint(1, 3))
    ]
    return "".join(sentences) + rng.choice(RESULTS)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
