"""Words shown for stored identifiers: statuses, kinds, edited fields, audit entities and actions.

Stored values stay English identifiers (or StrEnum members, which are equal to them, so either keys a dictionary
of words). Each feature keeps its words in a dictionary and reads them through `label_reader`, which falls back to
the identifier itself, so that a value no longer named in the code (an old audit row, a field of another feature)
still shows as it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def label_reader(labels: Mapping[str, Any]) -> Callable[[str], str]:
    """A function giving the words for an identifier (lazily translated labels are rendered in the current
    locale), or the identifier itself where `labels` has none."""

    def label(key: str) -> str:
        return str(labels.get(key, key))

    return label
