"""The site icon: linked from base.html, and answered at /favicon.ico, where browsers ask without being told."""

from __future__ import annotations

from flask import Flask, Response, current_app

FAVICON = "favicon.svg"


def favicon() -> Response:
    return current_app.send_static_file(FAVICON)


def register(app: Flask) -> None:
    app.add_url_rule("/favicon.ico", "favicon", favicon)
