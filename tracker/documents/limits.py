"""How much of a plan document the reader, the preview and the import take: one set of limits, read from the
settings, checked in one place whichever way the text arrives (an uploaded file, the preview's confirm form, or
`flask plan import`), so that what the preview shows the confirm also accepts.

A document beyond them is refused with the reason, before it is read in full: a small file can unpack into a huge
text (a .docx is a zip) or hold tens of thousands of paragraphs, and every paragraph costs the reader, the preview
page and the import some work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from tracker.documents.model import DocumentRefused

# A document's text may be longer than its file (a .docx is compressed, GB18030 grows in UTF-8): the text may be this
# many times the file limit. The confirm form carries the text, so this is also what that form may carry.
TEXT_FACTOR = 4
DEFAULT_MAX_LINES = 20_000
DEFAULT_MAX_HEADINGS = 3_000
DEFAULT_MAX_UNKNOWN_DEPARTMENTS = 200


@dataclass(frozen=True)
class DocumentLimits:
    max_bytes: int  # the file as uploaded
    max_lines: int = DEFAULT_MAX_LINES  # paragraphs (a Word document) or lines (a text file)
    max_headings: int = DEFAULT_MAX_HEADINGS
    max_unknown_departments: int = DEFAULT_MAX_UNKNOWN_DEPARTMENTS

    @property
    def max_text_bytes(self) -> int:
        """The text, in UTF-8, once read out of the file."""
        return self.max_bytes * TEXT_FACTOR

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DocumentLimits:
        return cls(
            max_bytes=config["TRACKER_PLAN_DOCUMENT_MAX_BYTES"],
            max_lines=config.get("TRACKER_PLAN_DOCUMENT_MAX_LINES", DEFAULT_MAX_LINES),
            max_headings=config.get("TRACKER_PLAN_DOCUMENT_MAX_HEADINGS", DEFAULT_MAX_HEADINGS),
            max_unknown_departments=config.get(
                "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS", DEFAULT_MAX_UNKNOWN_DEPARTMENTS
            ),
        )


def size_text(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} B"


def refuse_long_text(length: int, limits: DocumentLimits) -> None:
    """DocumentRefused when a text of `length` UTF-8 bytes is over the text limit (the reader stops measuring there,
    so the message says the limit, not the whole size)."""
    if length > limits.max_text_bytes:
        raise DocumentRefused(
            _(
                "文件中的文字过多，超过 %(limit)s。请把规划拆分为几个较小的文件。",
                limit=size_text(limits.max_text_bytes),
            )
        )


def refuse_many_lines(count: int, limits: DocumentLimits) -> None:
    if count > limits.max_lines:
        raise DocumentRefused(
            _(
                "文件的段落过多（%(count)d 段），不能超过 %(max)d 段。请把规划拆分为几个较小的文件。",
                count=count,
                max=limits.max_lines,
            )
        )


def check_text(text: str, limits: DocumentLimits) -> None:
    """The text's size and its number of lines (blank ones included: each is read), before anything parses it."""
    refuse_long_text(len(text.encode("utf-8")), limits)
    refuse_many_lines(text.count("\n") + 1, limits)


def check_headings(count: int, limits: DocumentLimits) -> None:
    if count > limits.max_headings:
        raise DocumentRefused(
            _(
                "文件中的标题过多（%(count)d 个），不能超过 %(max)d 个。请把规划拆分为几个较小的文件。",
                count=count,
                max=limits.max_headings,
            )
        )
