"""The export buttons on the plan tree page (offered through tracker.core.hooks): everyone signed in exports."""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider


@link_provider("export_tree_xlsx")
def tree_xlsx_link(plan, _user) -> str:
    """The plan's task list; the page adds its own filters to the URL. The URL names the plan, so that a download
    is of the plan the page showed whatever another tab has chosen since."""
    return url_for("exports.tree_xlsx", plan=plan.code)


@link_provider("export_plan_workbook")
def plan_workbook_link(plan, _user) -> str:
    return url_for("exports.workbook", plan=plan.code)
