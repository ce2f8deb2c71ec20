"""Reading ids from URLs and form values that people may have edited by hand."""

from __future__ import annotations

import re

_ID = re.compile(r"^[0-9]{1,9}$", re.ASCII)


def parse_id(raw: str | None) -> int | None:
    """A positive id in half-width digits, else None: a hand-edited URL filters nothing instead of failing."""
    if raw is None or not _ID.match(raw.strip()):
        return None
    return int(raw.strip()) or None
