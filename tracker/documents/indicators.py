"""Numeric targets in a plan's text, proposed as indicators: a proposal the office ticks, so precision comes first.

A target is a number with a unit and a comparator, in a sentence about the plan's future:

    comparator before the number          after it           stored
    超过 超 高于 多于 大于                                     gt  (strictly more: 超过4500亿元 is not met by 4500)
    达到 达 突破 不少于 不低于 提高到 …    以上 及以上         ge
    控制在 不超过 不高于 降低到 降至 …     以内 以下           le
    低于 少于 小于                                             lt

A word before the number decides; without one, the word after it does; with neither (新建光纤到户20万户), or with
左右 (about), nothing is proposed. The name is the noun phrase before the comparator in the same clause
("到2015年，全市电子信息产业主营业务收入超过4500亿元" → 全市电子信息产业主营业务收入), time words trimmed; a clause
whose number comes first (45%以上重点骨干企业…) or that lists several numbers (分别实现平均50M和10M) has no phrase
this reader can name, and is skipped; a number that qualifies a noun (超过10亿元的企业达到20家) is part of the
name, not a target. A verb or qualifier ending the phrase is not part of the name (问题及时解决率保持在95%以上 →
问题及时解决率). A phrase that is only a rate or an amount (年均增长15%, 每年安排10亿元) is of the target named before
it in the sentence (全市信息经济增加值年均增长) and skipped when none is. The year is the sentence's own (到2020年),
for every target up to the sentence's 。 (its ；-separated clauses included), None when it names none.

Sentences about the past are skipped: those that say so (截至, 已, 比上年, 累计, 建设了 …) and those whose
years, or five-year plan (“十一五”期间), all fall before the plan's period (2010年…企业达75家 in a 2011-2015
plan): they state a baseline, not a target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tracker.documents.markers import chinese_number
from tracker.documents.model import ParsedItem, ProposedIndicator
from tracker.documents.periods import FIVE_YEAR_PLAN, five_year_plan_years

_COMPARATORS_BEFORE = {
    "不少于": "ge",
    "不低于": "ge",
    "不超过": "le",
    "不高于": "le",
    "不多于": "le",
    "控制在": "le",
    "降低到": "le",
    "降低至": "le",
    "下降到": "le",
    "下降至": "le",
    "减少到": "le",
    "降至": "le",
    "超过": "gt",
    "高于": "gt",
    "多于": "gt",
    "大于": "gt",
    "超": "gt",
    "突破": "ge",
    "达到": "ge",
    "提高到": "ge",
    "提高至": "ge",
    "提升到": "ge",
    "提升至": "ge",
    "增加到": "ge",
    "增长到": "ge",
    "达": "ge",
    "低于": "lt",
    "少于": "lt",
    "小于": "lt",
}
_COMPARATORS_AFTER = {"及以上": "ge", "以上": "ge", "以内": "le", "以下": "le"}
_UNITS = (
    "个百分点|个工作日|工作日|平方公里|人次|亿元|万元|美元|公里|千米|小时|分钟|Mbps|Gbps|GB|TB"
    "|%|％|‰|元|米|户|家|个|人|项|张|件|台|套|条|吨|所|座|款|次|份|倍|天|日|秒|G|M|兆"
)
_TARGET = re.compile(
    rf"(?P<before>{'|'.join(sorted(_COMPARATORS_BEFORE, key=len, reverse=True))})?\s*"
    rf"(?<![\d.．A-Za-z])(?P<number>\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>(?:万|亿|千|百)?(?:{_UNITS}))"
    rf"(?P<after>及以上|以上|以内|以下|左右)?"
)
_SENTENCE = re.compile(r"[^。！？；;]+[。！？；;]?")
_FULL_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
# Verbs and qualifiers that end a phrase before its number and are not part of the name (longest first).
_TRAILING_VERBS = re.compile(r"(?:保持在|稳定在|维持在|控制在|提高到|保持|稳定|维持|实现|为)$")
# A phrase that names only a rate or an amount, of something named before it.
_RATE_ONLY = re.compile(r"(?:年均|每年|年|平均)?(?:增长|增速|增幅|递增|提高|安排|投入)")
_CLAUSE_BREAK = "，,；;：:"
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PAST = re.compile(r"截至|截止|已经|已|比上年|同比|上年|历年|累计|了")
_LEADING_WORDS = re.compile(r"^(?:(?:到|至|在)?(?:19|20)\d\d\s*年(?:底|末)?[，,]?|力争|确保|争取|全年|预计|其中|实现)+")
_NAME_CANNOT_END = tuple("和与及或至、")
MAX_NAME_LENGTH = 40
_OTHER_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:%|元|户|家|个)(?!(?:以上|以下|以内)?的)")
_LEVEL = re.compile(r"[市省区县镇乡村]{1,3}级")


def _normalise_digits(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９．％", "0123456789.%"))


def _sentences(text: str) -> Iterator[str]:
    for paragraph in text.split("\n"):
        for match in _SENTENCE.finditer(paragraph):
            sentence = match.group(0).strip()
            if sentence:
                yield sentence


def _clauses_with_years(text: str, period: tuple[int, int] | None) -> Iterator[tuple[str, int | None]]:
    """Each clause (up to a ；) with the year its whole sentence (up to a 。) names."""
    for paragraph in text.split("\n"):
        for match in _FULL_SENTENCE.finditer(paragraph):
            _future, year = _target_year(_normalise_digits(match.group(0)), period)
            for clause in _sentences(match.group(0)):
                yield clause, year


def _target_year(sentence: str, period: tuple[int, int] | None) -> tuple[bool, int | None]:
    """(is about the plan's future, the year it names)."""
    years = [int(year) for year in _YEAR.findall(sentence)]
    plans = [five_year_plan_years(chinese_number(number)) for number in FIVE_YEAR_PLAN.findall(sentence)]
    if period is not None and (years or plans):
        if all(year < period[0] for year in [*years, *(end for _start, end in plans)]):
            return False, None
        years = [year for year in years if year >= period[0]]
    return True, (years[0] if years else None)


def _name(sentence: str, end: int) -> str | None:
    start = max(sentence.rfind(char, 0, end) for char in _CLAUSE_BREAK) + 1
    name = _LEADING_WORDS.sub("", sentence[start:end].strip()).strip()
    name = _TRAILING_VERBS.sub("", name).strip()
    if len(name) < 2 or len(name) > MAX_NAME_LENGTH or name.endswith(_NAME_CANNOT_END) or "分别" in name:
        return None
    if _OTHER_NUMBER.search(name):  # another number, not a qualifier (超过10亿元的企业): a list, not a name
        return None
    return name


def _complete_level(name: str, earlier: list[ProposedIndicator]) -> str:
    """ "……覆盖率市级达到90%以上，区县级达到70%以上": the second target is named 区县级 only; it shares the first's
    name with its own level (……覆盖率区县级)."""
    level = _LEVEL.fullmatch(name)
    previous = _LEVEL.search(earlier[-1].name) if earlier else None
    if level and previous and previous.end() == len(earlier[-1].name) and previous.start() > 0:
        return earlier[-1].name[: previous.start()] + name
    return name


def find_targets(
    sentence: str, period: tuple[int, int] | None, *, year_of_sentence: int | None = None
) -> list[ProposedIndicator]:
    """The targets one clause states (item_line left None); `year_of_sentence`, the year its whole sentence names,
    when the clause names none."""
    text = _normalise_digits(sentence)
    future, year = _target_year(text, period)
    if not future or _PAST.search(text):
        return []
    year = year or year_of_sentence
    found: list[ProposedIndicator] = []
    for match in _TARGET.finditer(text):
        before, after = match.group("before"), match.group("after")
        if after == "左右" or text.startswith("的", match.end()):  # 超过10亿元的企业: a qualifier, not a target
            continue
        comparator = _COMPARATORS_BEFORE[before] if before else _COMPARATORS_AFTER.get(after or "")
        if comparator is None:
            continue
        name = _name(text, match.start("before") if before else match.start("number"))
        if name is None:
            continue
        name = _complete_level(name, found)
        if _RATE_ONLY.fullmatch(name):
            if not found:
                continue
            name = found[-1].name + name
        unit = match.group("unit").replace("％", "%")
        found.append(ProposedIndicator(name, unit, Decimal(match.group("number")), comparator, year, sentence, None))
    return found


def find_indicators(items: list[ParsedItem], period: tuple[int, int] | None) -> list[ProposedIndicator]:
    """Every target stated in the items' titles and mandates, in document order, each once per item."""
    found: list[ProposedIndicator] = []
    for item in items:
        seen: set[tuple[str, str, Decimal]] = set()
        for sentence, year in _clauses_with_years("\n".join(filter(None, [item.title, item.mandate])), period):
            for target in find_targets(sentence, period, year_of_sentence=year):
                if (target.name, target.unit, target.target_value) not in seen:
                    seen.add((target.name, target.unit, target.target_value))
                    target.item_line = item.line
                    found.append(target)
    return found
