"""After a conflict on a table saved whole (a value per year): keep what the user changed, take the rest as stored.

A form carries each row as it was loaded. When a save meets a newer version, rows the user left as loaded take
the value stored now (so resubmitting does not write the stale value back over the other person's edit), rows the
user changed keep the input, and the years where both sides changed to different values are named for checking.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TypeVar

V = TypeVar("V")


def table_fingerprint(rows: Mapping[int, str]) -> str:
    """What a table saved whole (year -> the row in words) said when its form was loaded: a save compares it with
    the table stored now, so two people editing the same table never overwrite each other unseen."""
    text = "|".join(f"{year}:{row}" for year, row in sorted(rows.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def merge_unchanged(
    loaded: Mapping[int, V], entered: Mapping[int, V], stored: Mapping[int, V], empty: V
) -> tuple[dict[int, V], list[int]]:
    """The rows to show again (year -> value) and the years both sides changed. `loaded` lacks a year whose
    as-loaded value is unknown (not posted, or unreadable): that row counts as changed by the user."""
    merged: dict[int, V] = {}
    both_changed = []
    for year in sorted(entered):
        mine, now = entered[year], stored.get(year, empty)
        if year in loaded and mine == loaded[year]:
            merged[year] = now
            continue
        merged[year] = mine
        if now != mine and (year not in loaded or now != loaded[year]):
            both_changed.append(year)
    return merged, both_changed
