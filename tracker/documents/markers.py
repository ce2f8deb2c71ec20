"""Heading markers: the numbering Chinese government documents put in front of a heading.

A line is a heading when it starts with one of these (full- and half-width brackets, dots and digits alike, stray
spaces inside or after the marker allowed):

    style          written as                          stored marker   conventional rank
    part           第一部分                              第一部分         0
    chapter        第一章                                第一章           1
    section        第一节                                第一节           2
    cn             一、 一． 一.                          一、             3
    paren_cn       （一） (一) （ 一 ）                   （一）           4
    arabic         1. 1、 1． １．                        1.              5
    paren_arabic   （1） (1) ⑴                           （1）            6
    close_arabic   1） 1)  (a closing bracket only)       1）             7
    circled        ① … ⑳                                ①               8
    bullet:●       ● ■ ◆ ▲ ◇ □ ○ ◎ ★ ☆ ▪ • (each its own style; the mark is the marker)
    box            专栏3： 专栏 3 专栏三                   专栏3

Stored markers are normalised: full-width brackets around Chinese numerals and around digits ("（一）", "（1）"),
half-width digits with an ASCII dot ("1."), a full-width closing bracket after digits ("1）"), a Chinese comma
after a Chinese numeral ("一、"), "专栏" with an Arabic number. The rank is the order GB/T 9704-style documents nest
these styles in; the tree builder uses it only to place a style that continues a sequence whose start it cannot
see (see tree.py).

A line that only looks like a heading is not one: "1.5倍", "1、2号线", "2015年", "一、二季度", "一、二、三产业".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMERALS = "〇一二三四五六七八九"
DIGIT_VALUES = {numeral: value for value, numeral in enumerate(NUMERALS)}
_CN = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # 一 … 九十九
_DIGITS = "[0-9０-９]{1,2}"
# An arabic heading runs to 999 ("100." after "99.", "（100）"); a year ("2015年", "2015.") has four digits and
# stays text.
_ARABIC_DIGITS = "[0-9０-９]{1,3}"
_OPEN = "[（(]"
_CLOSE = "[）)]"
_DOT = "[.．、]"
BULLETS = "●■◆▲◇□○◎★☆▪•"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"

BOX = "box"
RANKS = {
    "part": 0,
    "chapter": 1,
    "section": 2,
    "cn": 3,
    "paren_cn": 4,
    "arabic": 5,
    "paren_arabic": 6,
    "close_arabic": 7,
    "circled": 8,
}

# (style, pattern): the first group is the number; the match ends where the heading's text starts.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (style, re.compile(pattern))
    for style, pattern in (
        ("part", rf"第\s*({_CN}|{_DIGITS})\s*部分\s*[:：、.．]?\s*"),
        ("chapter", rf"第\s*({_CN}|{_DIGITS})\s*章\s*[:：、.．]?\s*"),
        ("section", rf"第\s*({_CN}|{_DIGITS})\s*节\s*[:：、.．]?\s*"),
        ("cn", rf"({_CN})\s*[、.．]\s*"),
        ("paren_cn", rf"{_OPEN}\s*({_CN})\s*{_CLOSE}\s*[、.．]?\s*"),
        ("arabic", rf"({_ARABIC_DIGITS})\s*{_DOT}\s*"),
        ("paren_arabic", rf"(?:{_OPEN}\s*({_ARABIC_DIGITS})\s*{_CLOSE}|([{PARENTHESISED}]))\s*[、.．]?\s*"),
        ("close_arabic", rf"({_ARABIC_DIGITS})\s*{_CLOSE}\s*"),
        ("circled", rf"([{CIRCLED}])\s*[、.．]?\s*"),
        ("bullet", rf"([{BULLETS}])\s*"),
        (BOX, rf"专栏\s*({_DIGITS}|{_CN})\s*[:：、.．]?\s*"),
    )
)

# What follows a marker that makes the line running text after all: a digit ("1.5倍", "1、2号线") after a number,
# another numeral in a list of them ("一、二季度", "一、二、三产业").
_NOT_AFTER_NUMBER = re.compile(r"[0-9０-９%％]")
_NOT_AFTER_CN = re.compile(rf"{_CN}(?:[、，,和至到]|季度|产业|产)")


@dataclass(frozen=True)
class Marker:
    style: str  # see the table above; bullets are "bullet:●", one style per mark
    number: int | None  # None for bullets
    text: str  # the normalised marker
    rest: str  # the heading line after the marker, stripped

    @property
    def rank(self) -> int | None:
        return RANKS.get(self.style)


def chinese_number(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23 (up to 99: headings go no further)."""
    tens, ten, units = numeral.partition("十")
    if not ten:
        return DIGIT_VALUES[numeral]
    return (DIGIT_VALUES[tens] if tens else 1) * 10 + (DIGIT_VALUES[units] if units else 0)


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (the inverse of chinese_number, for warnings that name a marker); 105 →
    一百零五 and 110 → 一百一十 (a Word list counted that far, or a warning after "100."); from 1000 in digits."""
    if number >= 1000:
        return str(number)
    if number >= 100:
        hundreds, rest = divmod(number, 100)
        head = NUMERALS[hundreds] + "百"
        if not rest:
            return head
        return head + ("零" if rest < 10 else "一" if rest < 20 else "") + chinese_numeral(rest)
    tens, units = divmod(number, 10)
    if not tens:
        return NUMERALS[units]
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[units] if units else "")


def _to_int(written: str) -> int:
    if written in CIRCLED:
        return CIRCLED.index(written) + 1
    if written in PARENTHESISED:
        return PARENTHESISED.index(written) + 1
    if written[0] in "0123456789０１２３４５６７８９":
        return int(written.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return chinese_number(written)


def format_marker(style: str, number: int | None) -> str:
    """The normalised marker of a style and number: ("paren_cn", 3) → "（三）"."""
    if style.startswith("bullet:"):
        return style.removeprefix("bullet:")
    assert number is not None
    written = {
        "arabic": f"{number}.",
        "paren_arabic": f"（{number}）",
        "close_arabic": f"{number}）",
        "circled": CIRCLED[number - 1] if 0 < number <= len(CIRCLED) else f"({number})",
        BOX: f"专栏{number}",
    }
    if style in written:
        return written[style]
    cn = chinese_numeral(number)
    chinese = {"part": f"第{cn}部分", "chapter": f"第{cn}章", "section": f"第{cn}节", "cn": f"{cn}、"}
    return chinese.get(style, f"（{cn}）")  # else paren_cn


def read_marker(line: str) -> Marker | None:
    """The heading marker a line starts with, or None when the line is running text."""
    text = line.strip()
    for style, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        written = next(group for group in match.groups() if group)
        rest = text[match.end() :].strip()
        if style in {"arabic", "paren_arabic", "close_arabic"} and _NOT_AFTER_NUMBER.match(rest):
            return None
        if style == "cn" and _NOT_AFTER_CN.match(rest):
            return None
        if style == "bullet":
            return Marker(f"bullet:{written}", None, written, rest)
        number = _to_int(written)
        return Marker(style, number, format_marker(style, number), rest)
    return None
