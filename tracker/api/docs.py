"""The readable API page (/help/api): the OpenAPI document drawn as a page by the app itself, offline."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from tracker.api.openapi import build_document
from tracker.core.hooks import link_provider
from tracker.core.permissions import signed_in

bp = Blueprint("api_docs", __name__, template_folder="templates")


@bp.route("/help/api")
@signed_in
def page():
    return render_template("api/docs.html", document=build_document())


@link_provider("api_docs")
def _api_docs_link(_subject: object, _user: object) -> str:
    """The account page (auth, below api) links here beside the user's API tokens."""
    return url_for("api_docs.page")
