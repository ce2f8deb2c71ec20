"""Behind reverse proxies: trust the X-Forwarded-* headers of exactly as many hops as the setting says.

Trusting more hops than there are proxies would let a client write its own address into the
audit log and around the per-address sign-in limit, so the default is none.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    hops = app.config["TRACKER_TRUSTED_PROXIES"]
    if hops:
        # Flask documents wrapping wsgi_app in middleware; its stubs declare it a method, so mypy objects.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
