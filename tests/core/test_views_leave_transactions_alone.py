"""Views leave the transaction to the request lifecycle (tracker.core.transactions): none commits, rolls back,
handles SQLAlchemy's StaleDataError or catches a service's PermissionDenied (the lifecycle answers 403)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
VIEW_MODULES = sorted([*TRACKER.glob("*/views.py"), TRACKER / "auth" / "admin_views.py"])
TRANSACTION_CALLS = {"commit", "rollback"}
FORBIDDEN_NAMES = {"StaleDataError"}
UNCAUGHT = {"PermissionDenied"}


def _names(node: ast.AST | None) -> set[str]:
    """The names an except clause lists (`E`, `mod.E`, `(E, F)`)."""
    if node is None:
        return set()
    return {
        n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute)
    }


def transaction_handling(source: str) -> list[str]:
    """Every place in a view module's source that handles the transaction itself, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in TRANSACTION_CALLS:
                found.append(f"{node.lineno}: calls {name}()")
        elif isinstance(node, ast.Name | ast.Attribute | ast.alias):
            name = (
                node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else node.name
            )
            if name in FORBIDDEN_NAMES:
                found.append(f"{node.lineno}: uses {name}")
        elif isinstance(node, ast.ExceptHandler):
            for name in sorted(_names(node.type) & UNCAUGHT):
                found.append(f"{node.lineno}: catches {name}")
    return sorted(found, key=lambda entry: int(entry.split(":")[0]))


BAD_VIEW = """
from sqlalchemy.orm.exc import StaleDataError
from tracker.core import errors
from tracker.core.transactions import commit
from tracker.extensions import db

def save():
    try:
        service()
        commit()
    except errors.PermissionDenied:
        abort(403)
    except (StaleDataError, ValueError):
        db.session.rollback()
"""


def test_the_checker_finds_every_kind_of_transaction_handling():
    assert transaction_handling(BAD_VIEW) == [
        "2: uses StaleDataError",
        "10: calls commit()",
        "11: catches PermissionDenied",
        "13: uses StaleDataError",
        "14: calls rollback()",
    ]


def test_the_checker_leaves_the_lifecycle_helpers_alone():
    good = "saved = save_form(form, lambda: service(item))\nif saved.done:\n    commit_early()\n"
    assert transaction_handling(good) == []


@pytest.mark.parametrize("module", VIEW_MODULES, ids=lambda path: str(path.relative_to(TRACKER)))
def test_no_view_handles_the_transaction_itself(module):
    assert transaction_handling(module.read_text(encoding="utf-8")) == []


def test_every_feature_view_module_is_checked():
    assert len(VIEW_MODULES) >= 10
