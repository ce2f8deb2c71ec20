"""The `int` URL converter, bounded: every `<int:…_id>` in every route is at most MAX_ID.

Ids are INTEGER columns. A larger number in a URL matches no route, so it is a 404 before any view runs: the
database is never asked to compare it (SQLite cannot even bind a number beyond 64 bits, PostgreSQL refuses one
beyond the column's type), and no view has to remember to check.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

from tracker.core.permissions import MAX_ID


class BoundedIntegerConverter(IntegerConverter):
    regex = r"[0-9]{1,10}"  # ASCII digits only, and no longer than MAX_ID's ten

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


def install(url_map: Map) -> None:
    """Called before any blueprint adds its rules: a rule binds its converter when it is added."""
    url_map.converters["int"] = BoundedIntegerConverter
