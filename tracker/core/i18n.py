"""Locale choice: the signed-in user's saved language, else the session's, else Chinese.

The user's choice is copied into the session cookie, so a page that must not touch the database (the
"database unavailable" answer, tracker.core.outage) still speaks the user's language: offline_locale().
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    languages: list[str] = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands and services called outside a request
        return default
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        saved: str = current_user.locale
        if session.get("locale") != saved:
            session["locale"] = saved
        return saved
    chosen = session.get("locale")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    return default


def offline_locale() -> str:
    """The language without reading the database: the session's, else the browser's (Accept-Language)."""
    languages: list[str] = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    # Accept-Language speaks in tags (zh-CN, en-US): match on the language, Chinese winning ties.
    primary = {locale.split("_")[0]: locale for locale in (default, *languages)}
    best = request.accept_languages.best_match(list(primary))
    return primary.get(best, default) if best else default
