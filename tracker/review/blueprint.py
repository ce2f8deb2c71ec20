"""The review feature's blueprint, apart from its views so that both view modules (views, thread_views) add
routes to it without importing each other."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("review", __name__, template_folder="templates")
