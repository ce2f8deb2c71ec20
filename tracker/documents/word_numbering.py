"""Word's automatic numbering, written out: a heading numbered by a Word list ("一、" that Word draws, not typed) is
read with its number, as the document shows it.

python-docx gives a paragraph's text without its list label; this module keeps the counters of every list (per
numbering instance, a deeper level starting again when a shallower one advances) and renders each level's label
text (lvlText "（%1）", "%1.", "%1.%2") in the level's format: decimal, Chinese counting (一、二), circled (①),
full-width digits, parenthesised, Latin letters and Roman numerals, and bullets (a bullet drawn from a symbol font
reads as ●). A list named by the paragraph's style (or a style it is based on) counts too. Numbered paragraphs in
tables are not counted (their cells are read as text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from tracker.documents.markers import BULLETS, CIRCLED, chinese_numeral

_CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "ideographDigital",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}
_PLACEHOLDER = re.compile(r"%([1-9])")
LEVELS = 9
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
    (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


@dataclass(frozen=True)
class _Level:
    format: str
    text: str
    start: int


def _value(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _roman(number: int) -> str:
    written = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        written += letters * count
    return written


def format_number(number: int, number_format: str) -> str:
    if number_format in _CHINESE_FORMATS:
        return chinese_numeral(number)
    if number_format.startswith("decimalEnclosedCircle") and 0 < number <= len(CIRCLED):
        return CIRCLED[number - 1]
    if number_format.startswith("decimalFullWidth"):
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if number_format == "decimalEnclosedParen":
        return f"({number})"
    if number_format == "decimalZero":
        return f"{number:02d}"
    if number_format in {"upperLetter", "lowerLetter"}:
        letter = chr(ord("A") + (number - 1) % 26)
        return letter if number_format == "upperLetter" else letter.lower()
    if number_format in {"upperRoman", "lowerRoman"}:
        return _roman(number) if number_format == "upperRoman" else _roman(number).lower()
    if number_format == "none":
        return ""
    return str(number)


class WordNumbering:
    """The list labels of one document's paragraphs, read in document order (`label` advances the counters)."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[tuple[str, int], _Level] = {}
        self._abstract_of: dict[str, str] = {}
        self._start_overrides: dict[tuple[str, int], int] = {}
        self._counters: dict[str, list[int]] = {}
        self._styles_by_id: dict[str, Any] = {}
        self._default_style: Any = None
        self._style_chains: dict[str | None, list[Any]] = {}
        self._read_styles(document)
        try:
            numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for level in abstract.findall(qn("w:lvl")):
                start = _value(level, "w:start")
                self._levels[(abstract_id, int(level.get(qn("w:ilvl"), "0")))] = _Level(
                    _value(level, "w:numFmt") or "decimal",
                    _value(level, "w:lvlText") or "",
                    int(start) if start and start.isdigit() else 1,
                )
        for num in numbering.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _value(num, "w:abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            self._abstract_of[num_id] = abstract_id
            for override in num.findall(qn("w:lvlOverride")):
                start = _value(override, "w:startOverride")
                if start and start.isdigit():
                    self._start_overrides[(num_id, int(override.get(qn("w:ilvl"), "0")))] = int(start)

    def _style_properties(self, style_id: str | None) -> list[Any]:
        """The paragraph properties of a style and of the styles it is based on, nearest first. Resolved once per
        style id: python-docx's `paragraph.style` scans every style of the document on each call, which made a
        document of many paragraphs cost a second per thousand."""
        if style_id not in self._style_chains:
            style = self._styles_by_id.get(style_id) if style_id is not None else None
            style = style if style is not None else self._default_style
            chain: list[Any] = []
            seen: set[int] = set()
            while style is not None and id(style) not in seen:  # a style based on itself would loop
                seen.add(id(style))
                chain.append(style.pPr)
                based_on = _value(style, "w:basedOn")
                style = self._styles_by_id.get(based_on) if based_on is not None else None
            self._style_chains[style_id] = chain
        return self._style_chains[style_id]

    def _list_of(self, paragraph: Paragraph) -> tuple[str, int] | None:
        """(numbering instance, level) of a paragraph: its own numPr, else its style's (or a base style's)."""
        properties_own = paragraph._p.pPr
        candidates = [properties_own]
        if properties_own is None or properties_own.numPr is None:
            candidates.extend(self._style_properties(paragraph._p.style))
        for properties in candidates:
            numbering = properties.find(qn("w:numPr")) if properties is not None else None
            if numbering is not None:
                num_id = _value(numbering, "w:numId")
                level = _value(numbering, "w:ilvl")
                if not num_id or num_id == "0" or num_id not in self._abstract_of:
                    return None
                return num_id, int(level) if level and level.isdigit() else 0
        return None

    def _read_styles(self, document: Any) -> None:
        """The paragraph styles (w:style elements) by id, and the default one, read once."""
        try:
            styles = document.part.styles.element  # python-docx supplies default styles when the part is missing
        except (KeyError, AttributeError):
            return
        for style in styles.findall(qn("w:style")):
            if style.get(qn("w:type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(qn("w:styleId"))
            if style_id is not None:
                self._styles_by_id.setdefault(style_id, style)
            if style.get(qn("w:default")) in {"1", "true", "on"} and self._default_style is None:
                self._default_style = style

    def _start(self, num_id: str, level: int) -> int:
        defined = self._levels.get((self._abstract_of[num_id], level))
        return self._start_overrides.get((num_id, level), defined.start if defined else 1)

    def label(self, paragraph: Paragraph) -> str:
        """The label Word draws before this paragraph ("（一）", "1.", "●"), "" for a paragraph in no list."""
        found = self._list_of(paragraph)
        if found is None:
            return ""
        num_id, level = found
        definition = self._levels.get((self._abstract_of[num_id], level))
        if definition is None or level >= LEVELS:
            return ""
        counters = self._counters.setdefault(num_id, [0] * LEVELS)
        for shallower in range(level):
            if counters[shallower] == 0:
                counters[shallower] = self._start(num_id, shallower)
        counters[level] = counters[level] + 1 if counters[level] else self._start(num_id, level)
        for deeper in range(level + 1, LEVELS):
            counters[deeper] = 0
        if definition.format == "bullet":
            return definition.text if definition.text and definition.text in BULLETS else "●"

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = self._levels.get((self._abstract_of[num_id], index))
            return format_number(counters[index], shown.format if shown else "decimal")

        return _PLACEHOLDER.sub(number, definition.text)
