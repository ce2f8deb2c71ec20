"""Configuration classes, read from environment variables.

`create_app(name)` picks one of CONFIGS by name ("development", "testing",
"production"); every setting that differs between machines comes from the
environment so that no secret lives in the repository.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Keys that are public knowledge (earlier defaults, examples): refused by every config.
_INSECURE_KEYS = {"", "dev", "change-me", "development-only-not-secret", "testing-only-not-secret"}
# Without SECRET_KEY a development install signs sessions with its own random key, kept here under INSTANCE_DIR.
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key
# The testing config is never meant to be deployed; should someone do it anyway, its key is known to no one.
_PROCESS_KEY = secrets.token_hex(32)


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"Environment variable {name} must be an integer, got {raw!r}") from exc


def _flag_env(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise RuntimeError(f"Environment variable {name} must be 1 or 0, got {raw!r}")


def instance_secret_key(directory: Path) -> str:
    """This install's own session key, made on first use and kept in `directory` (mode 0600).

    Several gunicorn workers may start at once: each writes a candidate to a private temporary
    file and hard-links it into place; the link fails for all but the first, so every worker
    reads the same key, and nobody ever reads a half-written file.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / SECRET_KEY_FILE
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{SECRET_KEY_FILE}-")  # created 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another worker won the race: its key is the install's
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return _read_key_file(path)


def _read_key_file(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        raise RuntimeError(f"{path} can be read by other users: chmod 600 {path} (and consider a new key).")
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} does not hold a usable key: delete it and a new one is made at the next start.")
    return key


REPORTING_PERIODS = ("monthly", "quarterly")
DEFAULT_TIMEZONE = "Asia/Shanghai"
_POSITIVE_SETTINGS = (
    "TRACKER_LOGIN_MAX_FAILURES",
    "TRACKER_LOGIN_WINDOW_MINUTES",
    "TRACKER_LOGIN_ADDRESS_MAX_FAILURES",
    "TRACKER_LOGIN_ADDRESS_WINDOW_MINUTES",
    "TRACKER_MAX_CONCURRENT_EXPORTS",
    "TRACKER_EXPORT_SLOT_SECONDS",
    "TRACKER_PLAN_DOCUMENT_MAX_BYTES",
    "TRACKER_PLAN_DOCUMENT_MAX_LINES",
    "TRACKER_PLAN_DOCUMENT_MAX_HEADINGS",
    "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS",
)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


class Config:
    """Defaults; `settings()` overlays what the environment says at app creation."""

    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    LANGUAGES = ("zh_Hans_CN", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    TESTING = False
    DEBUG = False

    @classmethod
    def settings(cls) -> dict:
        """Environment-driven values, read when the app is created (not at import)."""
        return {
            "SECRET_KEY": os.environ.get("SECRET_KEY") or cls.default_secret_key(),
            "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.db'}"),
            # Items without a status update for this many days count as stale.
            "TRACKER_STALE_DAYS": _int_env("TRACKER_STALE_DAYS", 30),
            # Sessions: idle and absolute lifetimes, in minutes.
            "TRACKER_IDLE_TIMEOUT_MINUTES": _int_env("TRACKER_IDLE_TIMEOUT_MINUTES", 120),
            "TRACKER_ABSOLUTE_TIMEOUT_MINUTES": _int_env("TRACKER_ABSOLUTE_TIMEOUT_MINUTES", 12 * 60),
            # Sign-in throttling: this many failures within the window lock the name for the window.
            "TRACKER_LOGIN_MAX_FAILURES": _int_env("TRACKER_LOGIN_MAX_FAILURES", 5),
            "TRACKER_LOGIN_WINDOW_MINUTES": _int_env("TRACKER_LOGIN_WINDOW_MINUTES", 15),
            # Per client address, whatever the names: this many failed sign-ins in the window answer 429 until it ends.
            "TRACKER_LOGIN_ADDRESS_MAX_FAILURES": _int_env("TRACKER_LOGIN_ADDRESS_MAX_FAILURES", 20),
            "TRACKER_LOGIN_ADDRESS_WINDOW_MINUTES": _int_env("TRACKER_LOGIN_ADDRESS_WINDOW_MINUTES", 15),
            # Request bodies larger than this are refused before a view sees them (uploads included).
            "MAX_CONTENT_LENGTH": _int_env("TRACKER_MAX_UPLOAD_BYTES", 5 * 1024 * 1024),
            # A plan document (text or .docx) larger than this is refused by `flask plan import` and the upload page;
            # the upload page lets its own requests exceed MAX_CONTENT_LENGTH to hold such a file and its text.
            "TRACKER_PLAN_DOCUMENT_MAX_BYTES": _int_env("TRACKER_PLAN_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024),
            # A plan document with more paragraphs (lines) or headings than these, or naming more department names
            # that match no department, is refused with the reason before it is read in full or shown.
            "TRACKER_PLAN_DOCUMENT_MAX_LINES": _int_env("TRACKER_PLAN_DOCUMENT_MAX_LINES", 20_000),
            "TRACKER_PLAN_DOCUMENT_MAX_HEADINGS": _int_env("TRACKER_PLAN_DOCUMENT_MAX_HEADINGS", 3_000),
            "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS": _int_env(
                "TRACKER_PLAN_DOCUMENT_MAX_UNKNOWN_DEPARTMENTS", 200
            ),
            "WTF_CSRF_TIME_LIMIT": _int_env("TRACKER_CSRF_TIME_LIMIT", 8 * 3600),
            "TRACKER_PASSWORD_METHOD": "scrypt:131072:8:1",
            # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed (0: none).
            "TRACKER_TRUSTED_PROXIES": _int_env("TRACKER_TRUSTED_PROXIES", 0),
            # Departments report once per period: "monthly" or "quarterly" (the compliance table, `flask reminders`).
            "TRACKER_REPORTING_PERIOD": os.environ.get("TRACKER_REPORTING_PERIOD", "monthly").strip().lower(),
            # Outgoing mail for `flask reminders --send`; no server means mail is not configured.
            "TRACKER_MAIL_SERVER": os.environ.get("TRACKER_MAIL_SERVER", "").strip(),
            "TRACKER_MAIL_PORT": _int_env("TRACKER_MAIL_PORT", 25),
            "TRACKER_MAIL_FROM": os.environ.get("TRACKER_MAIL_FROM", "").strip(),
            "TRACKER_MAIL_USERNAME": os.environ.get("TRACKER_MAIL_USERNAME", ""),
            "TRACKER_MAIL_PASSWORD": os.environ.get("TRACKER_MAIL_PASSWORD", ""),
            "TRACKER_MAIL_STARTTLS": _flag_env("TRACKER_MAIL_STARTTLS"),
            "TRACKER_MAIL_TIMEOUT_SECONDS": _int_env("TRACKER_MAIL_TIMEOUT_SECONDS", 30),
            # The address people open the app at (https://tracker.example.gov.cn): links in mail start with it.
            "TRACKER_BASE_URL": os.environ.get("TRACKER_BASE_URL", "").strip(),
            # People hear of an item falling due this many days ahead (`flask reminders`, "my work").
            "TRACKER_DUE_SOON_DAYS": _int_env("TRACKER_DUE_SOON_DAYS", 7),
            # Evidence files (佐证材料): the largest one accepted; their upload requests may exceed MAX_CONTENT_LENGTH.
            "TRACKER_ATTACHMENT_MAX_BYTES": _int_env("TRACKER_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024),
            # People who chose a daily digest get it from `flask notifications send` at this local hour (0-23) or the
            # first pass after it.
            "TRACKER_DIGEST_HOUR": _int_env("TRACKER_DIGEST_HOUR", 8),
            # The implementation report's issuing office (cover and signature); empty: the plan's office department
            # (the first department of kind "office"), and without one the words 规划实施办公室.
            "TRACKER_REPORT_ISSUER": os.environ.get("TRACKER_REPORT_ISSUER", "").strip(),
            # The zone every page, export and report shows times in, and whose date is "today" (IANA name).
            "TRACKER_TIMEZONE": os.environ.get("TRACKER_TIMEZONE", "").strip() or DEFAULT_TIMEZONE,
            # A fixed "today" (YYYY-MM-DD) for demos and tests; unset means the real date. Pages say it is fixed.
            "TRACKER_TODAY": os.environ.get("TRACKER_TODAY", "").strip() or None,
            # Exports: how many one user may run at once (across all workers), how long a slot left by a killed
            # worker counts, and where their temporary files go (a directory per export, swept at start-up).
            "TRACKER_MAX_CONCURRENT_EXPORTS": _int_env("TRACKER_MAX_CONCURRENT_EXPORTS", 2),
            "TRACKER_EXPORT_SLOT_SECONDS": _int_env("TRACKER_EXPORT_SLOT_SECONDS", 600),
            "TRACKER_EXPORT_TMPDIR": os.environ.get("TRACKER_EXPORT_TMPDIR", "").strip()
            or os.path.join(tempfile.gettempdir(), "plan-tracker-exports"),
            # Database waits (tracker/core/database.py): how long a request waits for a lock another one holds
            # (SQLite busy timeout, PostgreSQL lock_timeout, InnoDB lock wait), how long one PostgreSQL statement
            # may run (0: no limit), how long to wait for a connection; then the answer is "busy" (503).
            "TRACKER_DB_LOCK_TIMEOUT_SECONDS": _int_env("TRACKER_DB_LOCK_TIMEOUT_SECONDS", 5),
            "TRACKER_DB_STATEMENT_TIMEOUT_SECONDS": _int_env("TRACKER_DB_STATEMENT_TIMEOUT_SECONDS", 30),
            "TRACKER_DB_CONNECT_TIMEOUT_SECONDS": _int_env("TRACKER_DB_CONNECT_TIMEOUT_SECONDS", 5),
            # A request that lost a race (deadlock, serialization failure, SQLite still locked) runs again this
            # many more times before it is answered "busy" (tracker/core/transactions.py).
            "TRACKER_DB_RETRIES": _int_env("TRACKER_DB_RETRIES", 1),
            # The API (tracker/api): requests one token may make per minute (then 429 with Retry-After), and the
            # largest JSON body it reads (larger: 413); files go through the pages' uploads, not the API.
            "TRACKER_API_RATE_LIMIT": _int_env("TRACKER_API_RATE_LIMIT", 600),
            "TRACKER_API_MAX_BODY_BYTES": _int_env("TRACKER_API_MAX_BODY_BYTES", 64 * 1024),
        }

    @classmethod
    def default_secret_key(cls) -> str:
        """The key used when SECRET_KEY is not set: the install's own, kept in instance/."""
        return instance_secret_key(INSTANCE_DIR)

    @classmethod
    def validate(cls, settings: dict) -> None:
        """Refuse settings that would be unsafe or cannot work; called by create_app."""
        if settings.get("SECRET_KEY") in _INSECURE_KEYS:
            raise RuntimeError(
                "SECRET_KEY is a published example value: unset it (a key of this install's own is then kept "
                "in instance/) or set a random one."
            )
        if settings.get("TRACKER_REPORTING_PERIOD") not in REPORTING_PERIODS:
            raise RuntimeError(
                f"TRACKER_REPORTING_PERIOD must be one of {', '.join(REPORTING_PERIODS)}, "
                f"got {settings.get('TRACKER_REPORTING_PERIOD')!r}."
            )
        for name in _POSITIVE_SETTINGS:
            value = settings.get(name)
            if not isinstance(value, int) or value < 1:
                raise RuntimeError(f"{name} must be a positive integer, got {value!r}.")
        proxies = settings.get("TRACKER_TRUSTED_PROXIES")
        if not isinstance(proxies, int) or proxies < 0:
            raise RuntimeError(f"TRACKER_TRUSTED_PROXIES must be a count of proxies (0 or more), got {proxies!r}.")
        _validate_mail(settings)
        _validate_time(settings)
        _validate_database(settings)


def _validate_time(settings: dict) -> None:
    """A misspelt zone or date would otherwise show wrong times on every page without an error."""
    name = settings.get("TRACKER_TIMEZONE")
    try:
        ZoneInfo(str(name))  # None and other non-strings fail as unknown zones
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise RuntimeError(
            f"TRACKER_TIMEZONE must be an IANA time zone name such as Asia/Shanghai, got {name!r}."
        ) from exc
    pinned = settings.get("TRACKER_TODAY")
    if isinstance(pinned, str):
        try:
            date.fromisoformat(pinned)
        except ValueError as exc:
            raise RuntimeError(f"TRACKER_TODAY must be a date as YYYY-MM-DD, got {pinned!r}.") from exc
    elif pinned is not None and not isinstance(pinned, date):
        raise RuntimeError(f"TRACKER_TODAY must be a date as YYYY-MM-DD, got {pinned!r}.")


def _validate_mail(settings: dict) -> None:
    """Mail settings are checked at start-up, not discovered broken when the first reminder is sent."""
    port = settings.get("TRACKER_MAIL_PORT")
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise RuntimeError(f"TRACKER_MAIL_PORT must be a port number (1-65535), got {port!r}.")
    timeout = settings.get("TRACKER_MAIL_TIMEOUT_SECONDS")
    if not isinstance(timeout, int) or timeout < 1:
        raise RuntimeError(f"TRACKER_MAIL_TIMEOUT_SECONDS must be a positive integer, got {timeout!r}.")
    hour = settings.get("TRACKER_DIGEST_HOUR")
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        raise RuntimeError(f"TRACKER_DIGEST_HOUR must be an hour of the day (0-23), got {hour!r}.")
    if not settings.get("TRACKER_MAIL_SERVER"):
        return
    sender = settings.get("TRACKER_MAIL_FROM") or ""
    if not _EMAIL.match(sender):
        raise RuntimeError("TRACKER_MAIL_SERVER is set: TRACKER_MAIL_FROM must be an e-mail address to send from.")
    if bool(settings.get("TRACKER_MAIL_USERNAME")) != bool(settings.get("TRACKER_MAIL_PASSWORD")):
        raise RuntimeError("Set both TRACKER_MAIL_USERNAME and TRACKER_MAIL_PASSWORD, or neither.")


_DB_WAITS = {
    # name: (least, most)
    "TRACKER_DB_LOCK_TIMEOUT_SECONDS": (1, 600),
    "TRACKER_DB_STATEMENT_TIMEOUT_SECONDS": (0, 24 * 3600),
    "TRACKER_DB_CONNECT_TIMEOUT_SECONDS": (1, 600),
    "TRACKER_DB_RETRIES": (0, 5),
    "TRACKER_API_RATE_LIMIT": (1, 1_000_000),
    "TRACKER_API_MAX_BODY_BYTES": (1024, 5 * 1024 * 1024),
}


def _validate_database(settings: dict) -> None:
    for name, (least, most) in _DB_WAITS.items():
        value = settings.get(name)
        if not isinstance(value, int) or not least <= value <= most:
            raise RuntimeError(f"{name} must be a whole number from {least} to {most}, got {value!r}.")


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False

    @classmethod
    def default_secret_key(cls) -> str:
        return _PROCESS_KEY

    @classmethod
    def settings(cls) -> dict:
        values = super().settings()
        values.update(
            SECRET_KEY=_PROCESS_KEY,
            SQLALCHEMY_DATABASE_URI=os.environ.get("TEST_DATABASE_URL", "sqlite://"),
            # Fast hashing keeps the suite quick; the password tests check the strong default separately.
            TRACKER_PASSWORD_METHOD="pbkdf2:sha256:1000",  # noqa: S106 - a method name, not a password
            # Per test process: concurrent test runs must not sweep or count each other's export files.
            TRACKER_EXPORT_TMPDIR=os.path.join(tempfile.gettempdir(), f"plan-tracker-test-exports-{os.getpid()}"),
            # The test client closes a response (releasing its export slot) only when a test asks it to; the
            # tests of the cap set their own limit.
            TRACKER_MAX_CONCURRENT_EXPORTS=1000,
        )
        return values


class ProductionConfig(Config):
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def default_secret_key(cls) -> str:
        return ""  # production never falls back: validate() refuses to start without SECRET_KEY

    @classmethod
    def settings(cls) -> dict:
        values = super().settings()
        # Secure cookies unless explicitly running behind plain HTTP on a closed intranet segment.
        secure = os.environ.get("TRACKER_INSECURE_COOKIES") != "1"
        values.update(SESSION_COOKIE_SECURE=secure, REMEMBER_COOKIE_SECURE=secure)
        return values

    @classmethod
    def validate(cls, settings: dict) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if key in _INSECURE_KEYS or len(key) < 32:
            raise RuntimeError(
                "Production refuses to start: set SECRET_KEY to a random value of at least 32 characters "
                '(python -c "import secrets; print(secrets.token_hex(32))").'
            )
        super().validate(settings)
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("Production refuses to start: set DATABASE_URL (e.g. postgresql+psycopg://...).")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
