"""Template filters: dates as YYYY-MM-DD, stored times in the configured zone, amounts in 万元 with separators,
status labels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

from flask import Flask, request
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from tracker.core.audit import audit_value
from tracker.core.clock import pinned_today
from tracker.core.hooks import link_for
from tracker.core.localtime import format_datetime, zone_label
from tracker.core.subjects import SubjectType

STATUS_LABELS = {
    "not_started": _l("未启动"),
    "in_progress": _l("进行中"),
    "at_risk": _l("有风险"),
    "delayed": _l("滞后"),
    "completed": _l("已完成"),
    "suspended": _l("暂停"),
}
STATUS_BADGES = {
    "not_started": "secondary",
    "in_progress": "primary",
    "at_risk": "warning",
    "delayed": "danger",
    "completed": "success",
    "suspended": "dark",
}


def format_date(value: date | datetime | None) -> str:
    """A date as YYYY-MM-DD; a stored time as YYYY-MM-DD HH:MM in the configured zone."""
    return format_datetime(value)


def format_day(value: date | datetime | None) -> str:
    """Only the day: a stored time's date in the configured zone (not its UTC date)."""
    return format_datetime(value, with_time=False)


def long_date(value: date) -> str:
    """A date as a sentence says it in Chinese (2013年6月15日); the English catalog keeps YYYY-MM-DD."""
    return str(gettext("%(year)d年%(month)d月%(day)d日", year=value.year, month=value.month, day=value.day))


def format_amount(value: Decimal | int | float | None) -> str:
    if value is None:
        return ""
    return f"{Decimal(value):,.2f}"


def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


def this_page() -> str:
    """Where a way back to "this page" leads (the language switch): the page's own address when it was fetched;
    for a page answering a form post, whose address takes only posts, the page the form was on (the same-site
    referrer), else the front page."""
    if request.method in ("GET", "HEAD"):
        return request.full_path if request.query_string else request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return request.script_root + "/"


def register(app: Flask) -> None:
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(format_amount, "amount")
    app.add_template_filter(status_label, "status_label")
    app.jinja_env.globals["STATUS_BADGES"] = STATUS_BADGES  # a table, not a function: add_template_global wants one
    app.add_template_global(zone_label, "zone_label")
    app.add_template_global(pinned_today, "pinned_today")
    app.add_template_global(this_page, "this_page")
    app.add_template_global(link_for, "link_for")
    app.add_template_global(audit_value, "audit_value")
    app.add_template_global(SubjectType, "SubjectType")
    app.add_template_global(lambda: str(get_locale() or "zh_Hans_CN"), "current_locale")
