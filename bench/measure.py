"""Timing, peak memory and bare-SQL replay for one scenario.

- time: wall-clock milliseconds of each run (after warm-up runs), reported as median and p95 (nearest rank);
- memory: the tracemalloc peak of one more run (Python allocations only; tracemalloc slows a run down, so it is
  never a timed run);
- bare SQL: the statements the app sent during one run, captured with their parameters at the DBAPI cursor and
  replayed on a raw DBAPI connection (no ORM, no templates, rows fetched), inside a transaction that is rolled
  back. It is the same data work the page does, so app time / bare time is the app's overhead.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

Action = Callable[[], Any]


@dataclass
class Timing:
    runs: list[float] = field(default_factory=list)  # milliseconds

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else math.nan

    @property
    def p95(self) -> float:
        if not self.runs:
            return math.nan
        ordered = sorted(self.runs)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(action: Action, runs: int, warmup: int, prepare: Action | None = None) -> Timing:
    """`prepare` runs untimed before every run (building an upload, choosing the next item)."""
    timing = Timing()
    for number in range(warmup + runs):
        if prepare is not None:
            prepare()
        gc.collect()
        started = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - started) * 1000
        if number >= warmup:
            timing.runs.append(elapsed)
    return timing


def peak_memory_mib(action: Action, prepare: Action | None = None) -> float:
    if prepare is not None:
        prepare()
    gc.collect()
    tracemalloc.start()
    try:
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


@dataclass
class Statement:
    sql: str
    parameters: Any
    many: bool


class Capture:
    """The statements an engine sends while the context is open (BEGIN included, as sent on SQLite)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[Statement] = []

    def _note(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(Statement(statement, parameters, executemany))

    def __enter__(self) -> Capture:
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._note)


def captured(engine: Engine, action: Action, prepare: Action | None = None) -> list[Statement]:
    if prepare is not None:
        prepare()
    with Capture(engine) as capture:
        action()
    return capture.statements


def is_transaction_control(sql: str) -> bool:
    """BEGIN (or BEGIN IMMEDIATE, sent on SQLite for writing requests), COMMIT, ROLLBACK."""
    return sql.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))


def replay_once(engine: Engine, statements: list[Statement]) -> None:
    """Run the statements through the driver alone, fetching every row, then roll back (writes included)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:  # the app's connections are in autocommit mode and send BEGIN themselves (core/sqlite.py)
            cursor.execute("BEGIN")
        for statement in statements:
            if is_transaction_control(statement.sql):
                continue
            if statement.many:
                cursor.executemany(statement.sql, statement.parameters)
            else:
                cursor.execute(statement.sql, statement.parameters)
            if cursor.description is not None:
                cursor.fetchall()
        cursor.close()
    finally:
        if sqlite:
            raw.driver_connection.execute("ROLLBACK")
        else:
            raw.rollback()
        raw.close()


def replay_timing(engine: Engine, statements: list[Statement], runs: int, warmup: int) -> Timing:
    return timed(lambda: replay_once(engine, statements), runs, warmup)
