"""Headers every response carries: no framing, no sniffing, no inline script or style, no stored pages.

The policy allows only this site's own scripts and stylesheets, so templates keep script in
tracker/static/js and style in tracker/static/css (a test reads every template to hold that).
Data for scripts travels in <script type="application/json"> blocks, which the policy does not
run. ECharts and Bootstrap set styles through the CSSOM (element.style), which the policy allows.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
ALWAYS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# Endpoints that serve the app's own files, the same for everyone: browsers may keep them.
CACHEABLE_ENDPOINTS = frozenset({"static", "favicon"})


def add_security_headers(response: Response) -> Response:
    response.headers.update(ALWAYS)
    # Pages and downloads hold user data: a shared or later user of the machine must not find them in the cache.
    if request.endpoint not in CACHEABLE_ENDPOINTS and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
