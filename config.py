"""Configuration classes, read from environment variables.

`create_app(name)` picks one of CONFIGS by name ("development", "testing",
"production"); every setting that differs between machines comes from the
environment so that no secret lives in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Values that must never reach production: the development key and anything short.
_INSECURE_KEYS = {"", "dev", "change-me", "development-only-not-secret"}


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"Environment variable {name} must be an integer, got {raw!r}") from exc


class Config:
    """Defaults; `settings()` overlays what the environment says at app creation."""

    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
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
            "SECRET_KEY": os.environ.get("SECRET_KEY", "development-only-not-secret"),
            "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.db'}"),
            # Items without a status update for this many days count as stale.
            "TRACKER_STALE_DAYS": _int_env("TRACKER_STALE_DAYS", 30),
            # Sessions: idle and absolute lifetimes, in minutes.
            "TRACKER_IDLE_TIMEOUT_MINUTES": _int_env("TRACKER_IDLE_TIMEOUT_MINUTES", 120),
            "TRACKER_ABSOLUTE_TIMEOUT_MINUTES": _int_env("TRACKER_ABSOLUTE_TIMEOUT_MINUTES", 12 * 60),
            # Sign-in throttling: this many failures within the window lock the name for the window.
            "TRACKER_LOGIN_MAX_FAILURES": _int_env("TRACKER_LOGIN_MAX_FAILURES", 5),
            "TRACKER_LOGIN_WINDOW_MINUTES": _int_env("TRACKER_LOGIN_WINDOW_MINUTES", 15),
            # Request bodies larger than this are refused before a view sees them (uploads included).
            "MAX_CONTENT_LENGTH": _int_env("TRACKER_MAX_UPLOAD_BYTES", 5 * 1024 * 1024),
            "WTF_CSRF_TIME_LIMIT": _int_env("TRACKER_CSRF_TIME_LIMIT", 8 * 3600),
            "TRACKER_PASSWORD_METHOD": "scrypt:131072:8:1",
        }

    @classmethod
    def validate(cls, settings: dict) -> None:
        """Refuse settings that would be unsafe; called by create_app."""


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False

    @classmethod
    def settings(cls) -> dict:
        values = super().settings()
        values.update(
            SECRET_KEY="testing-only-not-secret",  # noqa: S106 - the testing config is never deployed
            SQLALCHEMY_DATABASE_URI=os.environ.get("TEST_DATABASE_URL", "sqlite://"),
            # Fast hashing keeps the suite quick; the password tests check the strong default separately.
            TRACKER_PASSWORD_METHOD="pbkdf2:sha256:1000",  # noqa: S106 - a method name, not a password
        )
        return values


class ProductionConfig(Config):
    PREFERRED_URL_SCHEME = "https"

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
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("Production refuses to start: set DATABASE_URL (e.g. postgresql+psycopg://...).")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
