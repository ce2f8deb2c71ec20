"""What a database error means for the request: try again, "busy" or "unavailable", or a bug.

The three databases say "another transaction is in the way" in their own words:

- SQLite: SQLITE_BUSY (5, with extended codes such as BUSY_SNAPSHOT 517) or SQLITE_LOCKED (6), "database is
  locked" — the write lock stayed taken for the whole busy timeout, or a deferred transaction could not upgrade;
- PostgreSQL (SQLSTATE): 40001 serialization failure, 40P01 deadlock (the server rolled one side back),
  55P03 lock_timeout, 57014 statement_timeout (query cancelled);
- MariaDB/MySQL (error number): 1213 deadlock, 1205 innodb_lock_wait_timeout, 1969 max_statement_time
  (MariaDB), 3024 max_execution_time (MySQL).

A deadlock or a serialization failure is worth running the request again at once; a lock or statement timeout
has already waited as long as the settings allow, so it is answered "busy" without another wait. Anything else
in the OperationalError family (refused connection, server gone, pool exhausted) means the database is not
there: "unavailable". Integrity and data errors are bugs or bad input and stay what they are.
"""

from __future__ import annotations

import enum

from sqlalchemy import exc

SQLITE_BUSY, SQLITE_LOCKED = 5, 6
PG_RETRY = {"40001", "40P01"}
PG_BUSY = {"55P03", "57014"}
MYSQL_RETRY = {1213}
MYSQL_BUSY = {1205, 1969, 3024}


class Failure(enum.Enum):
    RETRY = "retry"  # another transaction won a race: running the request again can succeed at once
    BUSY = "busy"  # waited for a lock (or a slow statement) as long as allowed
    UNAVAILABLE = "unavailable"  # the database does not answer


def _driver_error(error: BaseException) -> BaseException | None:
    return error.orig if isinstance(error, exc.DBAPIError) else None


def _sqlite_busy(orig: BaseException) -> bool:
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)  # the low byte is the primary result code
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


def classify(error: BaseException) -> Failure | None:
    """None when the error is not about the database being busy or away."""
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free within pool_timeout
        return Failure.BUSY
    if not isinstance(error, exc.OperationalError | exc.InterfaceError):
        return None
    orig = _driver_error(error)
    if orig is None:  # a DBAPIError raised without a driver error under it: nothing more to read
        return Failure.UNAVAILABLE
    module = type(orig).__module__
    if module.startswith("sqlite3"):
        return Failure.RETRY if _sqlite_busy(orig) else Failure.UNAVAILABLE
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in PG_RETRY:
        return Failure.RETRY
    if sqlstate in PG_BUSY:
        return Failure.BUSY
    number = orig.args[0] if module.startswith("pymysql") and orig.args else None
    if number in MYSQL_RETRY:
        return Failure.RETRY
    if number in MYSQL_BUSY:
        return Failure.BUSY
    return Failure.UNAVAILABLE
