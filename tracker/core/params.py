"""Reading ids, flags and filters from URLs and form values that people may have edited by hand."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping

from flask_babel import gettext as _

_ID = re.compile(r"^[0-9]{1,9}$", re.ASCII)


def parse_id(raw: str | None) -> int | None:
    """A positive id in half-width digits, else None: a hand-edited URL filters nothing instead of failing."""
    if raw is None or not _ID.match(raw.strip()):
        return None
    return int(raw.strip()) or None


_FLAG_ON = ("1", "on", "true")
_FLAG_OFF = ("", "0", "off", "false")


def flag_on(raw: str | None) -> bool:
    return (raw or "").strip().lower() in _FLAG_ON


class FilterArgs:
    """A list page's filters read from its URL, so that a view can be bookmarked. A value that makes no sense (an
    unknown status, a department that is not a number) is dropped with a notice for the page to show, instead of
    failing the page; the notices keep the order in which the filters were read."""

    def __init__(self, args: Mapping[str, str]) -> None:
        self.args = args
        self.notices: list[str] = []

    def _raw(self, name: str) -> str:
        return (self.args.get(name) or "").strip()

    def id_in(self, name: str, known: Container[int], notice: str) -> int | None:
        """An id among `known`; None when absent or unknown (with `notice`)."""
        raw = self._raw(name)
        if not raw:
            return None
        if parse_id(raw) in known:
            return parse_id(raw)
        self.notices.append(notice)
        return None

    def choice(self, name: str, allowed: Container[str], notice: str) -> str | None:
        """One of `allowed`; None when absent or not allowed (with `notice`)."""
        raw = self._raw(name)
        if not raw:
            return None
        if raw in allowed:
            return raw
        self.notices.append(notice)
        return None

    def flag(self, name: str, label: str) -> bool:
        """On for 1/on/true, off for nothing or 0/off/false; anything else is off with a notice naming `label`."""
        raw = self._raw(name).lower()
        if raw in _FLAG_ON:
            return True
        if raw not in _FLAG_OFF:
            self.notices.append(_("筛选条件“%(name)s”的值无效，已忽略。", name=label))
        return False
