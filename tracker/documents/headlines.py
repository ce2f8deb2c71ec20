"""A heading line's own sentence (the item's title) and the text after it (the start of the item's mandate)."""

from __future__ import annotations

OPENING = "（(【[［《“‘「『"
CLOSING = "）)】]］》”’」』"
SENTENCE_ENDS = "。！？!?"
# What a sentence holds and a heading without a number does not.
SENTENCE_PUNCTUATION = "。，；：！？,;:!?"
# Trimmed from the end of a title: a heading ends its sentence with 。 or introduces a list with ：.
TRAILING = "。．.；;，,：: \u3000"


def split_heading(text: str) -> tuple[str, str]:
    """("推进两化融合", "围绕重点行业……") from "推进两化融合。围绕重点行业……"; a sentence end inside brackets or
    quotation marks does not count. The title loses its trailing 。 (or ：, ；); the rest is stripped."""
    depth = 0
    for index, char in enumerate(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        elif char in SENTENCE_ENDS and depth == 0:
            return clean_title(text[:index]), text[index + 1 :].strip()
    return clean_title(text), ""


def clean_title(text: str) -> str:
    return text.strip().rstrip(TRAILING).strip()
