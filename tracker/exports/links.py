"""The export buttons on the plan tree page (offered through tracker.core.hooks): everyone signed in exports."""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider


@link_provider("export_tree_xlsx")
def tree_xlsx_link(_subject, _user) -> str:
    """The task list; the page adds its own filters (its query string) to the URL."""
    return url_for("exports.tree_xlsx")


@link_provider("export_plan_workbook")
def plan_workbook_link(_subject, _user) -> str:
    return url_for("exports.workbook")
