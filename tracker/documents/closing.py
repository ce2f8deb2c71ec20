"""The closing of an official document (落款 and 版记): the issuer, the date, "（此件公开发布）", "抄送：…" and
"…印发" lines after the last paragraph. They belong to no heading: read from the end of the document and kept
apart (ParsedDocument.closing), so the last item's mandate ends where its text does.

Only lines that can be nothing else are taken: a date alone on its line (2015年12月31日, 二〇一五年十二月三十一日),
the issuer on the line just before such a date (short, no punctuation, ending like an office: 杭州市人民政府), a
bracketed note about publication (（此件公开发布）), a copy list (抄送：…) and a print line (…2015年12月31日印发).
"""

from __future__ import annotations

import re

_YEAR = r"(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年"
_MONTH_DAY = r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日"
DATE = re.compile(rf"{_YEAR}{_MONTH_DAY}")
_PRINTED = re.compile(rf".{{0,40}}{_YEAR}{_MONTH_DAY}\s*印发")
_PUBLICATION = re.compile(r"[（(]此件.{0,10}[）)]")
_COPIES = re.compile(r"(?:抄送|主送|抄报|分送)\s*[:：].*")
_ISSUER = re.compile(r"[^。，；：！？,;:!?]{2,30}(?:政府|办公厅|办公室|委员会|委|局|厅|办|部|院|中心|小组)")


def split_closing(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[str]]:
    """(the lines before the closing, the closing's lines in document order); lines are stripped and non-empty."""
    end = len(lines)
    while end:
        text = lines[end - 1][1].strip()
        if any(pattern.fullmatch(text) for pattern in (_PRINTED, _PUBLICATION, _COPIES)):
            end -= 1
        elif DATE.fullmatch(text):
            end -= 1
            if end and _ISSUER.fullmatch(lines[end - 1][1].strip()):
                end -= 1
        else:
            break
    return lines[:end], [text.strip() for _number, text in lines[end:]]
