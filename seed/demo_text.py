"""Chinese vocabulary for the demo data: people's names, project names, report notes, delay reasons.

Invented text, chosen to read like what a municipal department would write. Everything is picked with the
generator's random.Random, so the same seed gives the same words.
"""

from __future__ import annotations

import random
import re

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚"
GIVEN_CHARS = "建国明华伟丽静敏强军平勇杰娟涛斌超波辉刚霞燕玲芳峰磊晨宇海洋文博志远晓东婷怡颖浩然嘉欣思雨俊凯"


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


FUND_SOURCES = (
    ("市级财政", 45),
    ("部门自筹", 20),
    ("省级专项", 12),
    ("社会资本", 10),
    ("中央财政补助", 8),
    ("区县财政", 5),
)


def fund_source(rng: random.Random) -> str:
    names, weights = zip(*FUND_SOURCES, strict=True)
    return rng.choices(names, weights=weights)[0]


# Projects a department would start for work whose title mentions the keyword (first match wins the front of
# the list; generic names built from the title fill the rest).
PROJECTS_BY_KEYWORD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("节能", ("重点用能企业能耗在线监测系统", "节能减排信息化改造示范工程", "工业污染源自动监控平台")),
    ("协同制造", ("网络协同制造公共服务平台", "产品全生命周期管理（PLM）推广应用", "产业链供应链协同系统")),
    ("RFID", ("RFID公共测试与应用推广中心", "物联网产业园RFID示范应用", "RFID标签与读写设备研发项目")),
    ("支付", ("第三方在线支付平台建设", "市民卡在线支付功能扩展", "电子支付安全认证系统")),
    ("物流", ("现代物流公共信息服务平台", "物流车辆GPS监控调度系统", "物联网冷链物流追溯示范项目")),
    ("金融", ("金融综合信息服务平台", "中小企业融资信用信息系统", "农村金融服务网点信息化改造")),
    ("旅游", ("智慧旅游公共服务平台", "旅游咨询服务中心信息化改造", "景区客流监测与发布系统")),
    ("商贸", ("商贸流通企业信息化提升工程", "农贸市场电子结算系统推广", "商品条码与电子标签应用推广")),
    ("电子商务", ("电子商务公共服务平台", "网商培育与电子商务人才实训基地", "电子商务企业集聚区信息化配套工程")),
    ("农", ("“数字兴农”信息服务站建设", "农产品质量安全追溯系统", "农业生产环境物联网监测示范")),
    ("服务业", ("现代服务业公共信息平台", "服务业企业信息化应用示范", "商务服务中介信息平台")),
    ("两化", ("“两化”融合示范区建设", "“两化”融合评估与咨询服务体系", "企业信息化示范试点项目")),
    ("企业", ("中小企业信息化服务平台", "企业ERP与电子商务应用推广", "企业信息化示范试点项目")),
    ("行业", ("传统优势行业信息化改造工程", "装备制造业嵌入式软件应用示范", "纺织服装行业数字化设计平台")),
    ("基础设施", ("城市光网改造工程", "无线宽带城市覆盖工程", "三网融合试点工程")),
    ("产业", ("软件和信息服务业公共技术平台", "信息产业园区配套建设", "信息产业统计监测系统")),
    ("政务", ("政务信息资源共享交换平台扩容", "网上审批与电子监察系统升级", "政府门户网站群改版")),
    ("社会", ("区域卫生信息平台", "数字教育资源公共服务平台", "社会保障卡应用扩面工程")),
    ("资源", ("人口、法人基础信息库建设", "地理空间信息公共服务平台", "政务数据交换中心扩容")),
    ("安全", ("信息安全等级保护测评", "网络与信息安全应急指挥平台", "数据容灾备份中心二期")),
)

GENERIC_PROJECT_SUFFIXES = ("试点示范项目", "信息系统建设", "公共服务平台建设", "应用推广工程", "标准规范编制")

# Words a plan title opens with that make a poor project name ("积极运用…", "以信息化推动…").
_LEADING_VERBS = re.compile(
    r"^(着力|大力|积极|不断|加快|深入|全面|广泛|进一步)*"
    r"(开展|推进|推动|运用|提高|提升|促进|深化|打造|优化|建设|完善|加强|实施|以信息化)?"
)
_CLAUSE_BREAK = re.compile(r"[，,、。；;：:]")
SUBJECT_MAX = 14


def _subject(title: str) -> str:
    """A short noun phrase from an item's title: "开展“两化”融合区域示范" -> "“两化”融合区域示范"."""
    text = _CLAUSE_BREAK.split(title.strip())[0]
    stripped = _LEADING_VERBS.sub("", text) or text
    return stripped[:SUBJECT_MAX]


def project_names(rng: random.Random, title: str, count: int, used: set[str]) -> list[str]:
    """`count` project names that fit a work item's title and are not in `used` (which is updated)."""
    themed: list[str] = []
    for keyword, names in PROJECTS_BY_KEYWORD:
        if keyword in title:
            themed.extend(n for n in names if n not in themed)
    rng.shuffle(themed)
    subject = _subject(title)
    generic = [subject + suffix for suffix in GENERIC_PROJECT_SUFFIXES]
    rng.shuffle(generic)
    chosen: list[str] = []
    for name in themed + generic:
        if len(chosen) == count:
            break
        if name not in used:
            chosen.append(name)
    phase = 2
    while len(chosen) < count:  # every name taken: a later phase of one of them
        name = f"{generic[len(chosen) % len(generic)]}（{phase}期）"
        if name not in used and name not in chosen:
            chosen.append(name)
        phase += 1
    used.update(chosen)
    return chosen


def project_description(item_title: str, department: str) -> str:
    return f"落实规划任务“{item_title}”，由{department}牵头组织实施。"


# Notes by how far the work has come: (progress below which the note fits, notes).
PROGRESS_NOTES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (20, ("完成需求调研，形成初步建设方案。", "召开启动会，明确任务分工和时间节点。", "完成可行性研究报告编制。")),
    (40, ("方案通过专家评审，启动招标采购。", "完成项目立项和资金申请。", "完成招标，签订实施合同。")),
    (60, ("系统开发按计划推进，完成主要功能模块。", "完成基础环境建设和设备安装。", "试点单位上线运行。")),
    (80, ("完成系统集成测试，进入试运行。", "试点经验总结完毕，开始全面推广。", "完成阶段性验收。")),
    (100, ("推广应用覆盖大部分单位，准备竣工验收。", "完成整改，提交验收申请。", "运行稳定，开展绩效评估。")),
)
COMPLETED_NOTES = ("已完成全部建设内容，通过竣工验收。", "任务目标全部完成，转入常态化运行。", "通过验收并投入使用。")
UNCHANGED_NOTES = ("本期进度无明显变化，继续推进。", "按计划推进，本期无新增节点。")
SUSPENDED_NOTES = (
    "因机构职能调整，经市信息化办公室同意暂停实施。",
    "建设内容已并入全市统一平台，本任务暂停。",
    "上级政策调整，暂缓实施，待重新论证。",
)
DELAY_REASONS = (
    "招标采购流程延长，合同签订晚于计划。",
    "财政资金拨付滞后。",
    "业务需求调整，需重新论证建设方案。",
    "配合部门数据接口尚未开放，系统对接受阻。",
    "系统集成测试发现问题，需整改后复测。",
    "机房改造进度滞后，设备无法按期安装。",
    "试点单位推广积极性不高，覆盖面未达预期。",
    "承建单位技术力量不足，开发进度落后。",
)
REMEDIES = (
    "已协调财政部门加快资金拨付。",
    "成立工作专班，每周例会跟踪推进。",
    "调整实施计划，分两期建设，先行上线核心功能。",
    "与承建单位签订补充协议，增派实施人员。",
    "提请市信息化办公室协调相关部门开放数据接口。",
    "加强督查，将进度纳入部门年度考核。",
)


def progress_note(rng: random.Random, progress: int) -> str:
    for limit, notes in PROGRESS_NOTES:
        if progress < limit:
            return rng.choice(notes)
    return rng.choice(COMPLETED_NOTES)


def extension_note(old_due: str, new_due: str) -> str:
    return f"经市信息化办公室审核同意，完成时限由{old_due}调整为{new_due}。"


def extension_comment(reason: str) -> str:
    return f"同意延期。{reason}请按调整后的时限推进，按月报告进度。"


def parent_delay_reason(child_title: str, child_reason: str) -> str:
    return f"下属事项“{child_title}”滞后：{child_reason}" if child_reason else f"下属事项“{child_title}”滞后。"


PARENT_REMEDY = "督促牵头部门落实整改措施，按月跟踪下属事项进度。"
PARENT_NOTE = "汇总下属事项本期进展。"
PARENT_DONE_NOTE = "下属事项全部完成。"
PARENT_LATE_REASON = "整体进度滞后于计划。"
