"""Imports and template references run one way (DESIGN.md, "Inside tracker/").

The rule table, lowest tier first. A module of a feature may import a module of a feature in a LOWER tier (or of
its own feature); features in the same tier are independent of each other and never import each other:

    tier  features
    0     db            tracker/db.py: the declarative base, naming convention, mixins
    1     extensions    tracker/extensions.py: db, migrate, login_manager, csrf, babel
    2     core          errors, request lifecycle, permissions, paging, template filters, audit, hooks
    3     org
    4     auth
    5     notifications, attachments
    6     plan
    7     projects
    8     updates
    9     review, indicators
    10    dashboard, api, seeding, documents, gantt
    11    exports, reports
    app   tracker/__init__.py (the factory) and tracker/models.py (every table): may import anything

`seeding` (tracker/seeding/: `flask seed plan` and `flask seed demo`) writes departments, work items, indicators,
projects, updates and reviews, so it sits in the top tier; the top-level `seed` package (the demo generator) is
checked as part of it. Features not built yet simply have no modules; a module of a feature missing from the
table fails the test, so a new feature is placed in the table when it is added.

Python: every `import` and `from ... import` anywhere in a module counts (function-level ones and those under
TYPE_CHECKING included), relative imports resolved. Besides the direction:
- only the seeding feature (and the seed package itself) imports the top-level `seed` package;
- nothing in tracker/ imports another feature's views (`views`, `admin_views`), except the factory;
- the modules of tracker/ import each other without a cycle, module-level and function-level imports alike. An
  edge is an import as written (`from tracker.plan import models` is an edge to tracker.plan.models; the parent
  packages Python also runs on the way are not edges).

Templates: a template belongs to the feature whose templates/ folder holds it. In tracker/templates/, the shared
partials and macros (`_macros.html`, `_pager.html`: any name starting with "_") belong to `core`; the page shell
(`base.html`, `error.html`, `errors/*`) belongs to `app`, like the factory: its navigation links every feature,
and every page `{% extends %}` it (extending the shell is the one reference to `app` a feature may make). A
template's `{% extends %}`, `{% include %}`, `{% import %}` and `{% from ... import %}` of a template, and its
`url_for('blueprint.endpoint')` (the blueprint's feature: where its module lives), follow the Python rule.
A lower feature that shows a link to a higher feature's page asks tracker.core.hooks.link_for instead.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "tracker"

TIERS: tuple[tuple[str, ...], ...] = (
    ("db",),
    ("extensions",),
    ("core",),
    ("org",),
    ("auth",),
    ("notifications", "attachments"),
    ("plan",),
    ("projects",),
    ("updates",),
    ("review", "indicators"),
    # gantt: the plan's timeline (/timeline), drawn from items, milestones and the office's decisions.
    ("dashboard", "api", "seeding", "documents", "gantt"),
    # The printed summaries read the dashboard's figures (tracker.dashboard.summary), so they sit above it.
    ("exports", "reports"),
)
TIER = {feature: level for level, features in enumerate(TIERS) for feature in features}
APP = "app"
APP_MODULES = {"tracker", "tracker.models"}
SEEDING = "seeding"
SEED_PACKAGE = "seed"


def feature_of(module: str) -> str | None:
    """The feature a module of tracker/ (or the seed package) belongs to; None for anything else (config, Flask)."""
    if module in APP_MODULES:
        return APP
    parts = module.split(".")
    if parts[0] == SEED_PACKAGE:
        return SEEDING
    if parts[0] != "tracker":
        return None
    return parts[1]


def may_depend(source: str, target: str) -> bool:
    """Whether feature `source` may reach feature `target` (both in the table, or `app`)."""
    if source in (target, APP):
        return True
    if target == APP or source not in TIER or target not in TIER:
        return False
    return TIER[target] < TIER[source]


def is_views(module: str) -> bool:
    return module.rsplit(".", 1)[-1].endswith("views")


# ---------------------------------------------------------------------------------------------------------------
# Python imports


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module, as far as it is one of the known modules
    line: int


def _modules_in(folder: Path, package: str) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(folder).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([package, *parts])] = path.read_text(encoding="utf-8")
    return found


def project_modules() -> dict[str, str]:
    """Dotted name -> source of every module of tracker/ and of the seed package."""
    return {**_modules_in(TRACKER, "tracker"), **_modules_in(ROOT / SEED_PACKAGE, SEED_PACKAGE)}


def _packages(modules: Mapping[str, str]) -> set[str]:
    """Module names that are packages: those with another module below them."""
    return {name.rsplit(".", 1)[0] for name in modules if "." in name}


def imports_of(module: str, source: str, modules: Mapping[str, str]) -> list[Import]:
    """Every import in `module`, wherever it stands (module level, in a function, under TYPE_CHECKING)."""
    packages = _packages(modules)
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(Import(module, alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if module in packages else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append(Import(module, submodule if submodule in modules else base, node.lineno))
    return list(dict.fromkeys(found))  # `from m import a, b` is one import of m


def import_violations(modules: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    for module, source in sorted(modules.items()):
        source_feature = feature_of(module)
        if source_feature is None:
            continue
        if source_feature != APP and source_feature not in TIER:
            problems.append(f"{module}: feature {source_feature!r} is not in the layering table")
            continue
        for found in imports_of(module, source, modules):
            where = f"{module}:{found.line} imports {found.target}"
            target_feature = feature_of(found.target)
            if found.target.split(".")[0] == SEED_PACKAGE and source_feature != SEEDING:
                problems.append(f"{where}: only the seeding feature uses the seed package")
            elif target_feature is None:
                continue
            elif not may_depend(source_feature, target_feature):
                problems.append(f"{where}: {source_feature} may not depend on {target_feature}")
            elif is_views(found.target) and source_feature not in (target_feature, APP):
                problems.append(f"{where}: another feature's views")
    return problems


def import_cycles(modules: Mapping[str, str]) -> list[list[str]]:
    """Each group of modules that import each other in a circle (Tarjan's strongly connected components)."""
    graph = {
        module: sorted({i.target for i in imports_of(module, source, modules) if i.target in modules})
        for module, source in modules.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph[module]:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


# ---------------------------------------------------------------------------------------------------------------
# Templates


@dataclass(frozen=True)
class Template:
    name: str  # as render_template and {% include %} name it
    feature: str
    source: str


def template_owner(folder_feature: str | None, name: str) -> str:
    """tracker/<feature>/templates/* belong to the feature; tracker/templates/_* to core, the rest to the shell."""
    if folder_feature is not None:
        return folder_feature
    return "core" if Path(name).name.startswith("_") else APP


def project_templates() -> dict[str, Template]:
    found: dict[str, Template] = {}
    folders = [(None, TRACKER / "templates")] + [(f.parent.name, f) for f in sorted(TRACKER.glob("*/templates"))]
    for feature, folder in folders:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            # One name, one file: Flask would serve whichever folder it searched first.
            assert name not in found, f"{name} is in two templates folders"
            found[name] = Template(name, template_owner(feature, name), path.read_text(encoding="utf-8"))
    return found


def template_references(source: str, environment: jinja2.Environment) -> list[tuple[str, str, int]]:
    """(kind, what, line): kind "template" for extends/include/import/from, "endpoint" for url_for('x.y')."""
    found = []
    parsed = environment.parse(source)
    for node in parsed.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        # A literal name, or a literal list of names to try in turn; a name computed at render time is not checked.
        choices = node.template.items if isinstance(node.template, (nodes.List, nodes.Tuple)) else [node.template]
        for name in [c.value for c in choices if isinstance(c, nodes.Const) and isinstance(c.value, str)]:
            found.append(("extends" if isinstance(node, nodes.Extends) else "template", name, node.lineno))
    for call in parsed.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "url_for" and call.args:
            endpoint = call.args[0]
            if isinstance(endpoint, nodes.Const) and isinstance(endpoint.value, str):
                found.append(("endpoint", endpoint.value, call.lineno))
    return found


def template_violations(
    templates: Mapping[str, Template], blueprints: Mapping[str, str], environment: jinja2.Environment
) -> list[str]:
    """`blueprints` maps a blueprint's name to its feature."""
    problems: list[str] = []
    for template in templates.values():
        for kind, what, line in template_references(template.source, environment):
            where = f"{template.name}:{line} ({template.feature})"
            if kind == "endpoint":
                blueprint = what.split(".")[0] if "." in what else None
                if not blueprint:  # "static", or ".endpoint" of the rendering blueprint
                    continue
                if blueprint not in blueprints:
                    problems.append(f"{where} links {what}: no such blueprint")
                elif not may_depend(template.feature, blueprints[blueprint]):
                    feature = blueprints[blueprint]
                    problems.append(f"{where} links {what}: {template.feature} may not depend on {feature}")
                continue
            if what not in templates:
                problems.append(f"{where} uses {what}: no such template")
                continue
            target = templates[what].feature
            if kind == "extends" and target == APP:
                continue
            if not may_depend(template.feature, target):
                problems.append(f"{where} uses {what}: {template.feature} may not depend on {target}")
    return problems


def blueprint_features(app) -> dict[str, str]:
    return {name: feature_of(blueprint.import_name) for name, blueprint in app.blueprints.items()}


# ---------------------------------------------------------------------------------------------------------------
# The checks on this code base


def test_imports_follow_the_direction():
    assert import_violations(project_modules()) == []


def test_no_import_cycles():
    assert import_cycles(project_modules()) == []


def test_templates_follow_the_direction(app):
    templates = project_templates()
    assert len(templates) > 40
    assert template_violations(templates, blueprint_features(app), app.jinja_env) == []


def test_every_blueprint_and_module_has_a_place(app):
    assert all(feature in TIER for feature in blueprint_features(app).values())
    features = {feature_of(module) for module in project_modules()}
    assert features - {APP} <= set(TIER)


# ---------------------------------------------------------------------------------------------------------------
# The checker fails on bad examples (a test of the test)


def _tree(**sources: str) -> dict[str, str]:
    """Module sources keyed by dotted name (underscores in keyword names stand for dots)."""
    return {name.replace("__", "."): source for name, source in sources.items()}


def test_checker_refuses_an_upward_import():
    modules = _tree(tracker__plan__services="from tracker.indicators.models import Indicator\n")
    modules["tracker.indicators.models"] = ""
    assert import_violations(modules) == [
        "tracker.plan.services:1 imports tracker.indicators.models: plan may not depend on indicators"
    ]


def test_checker_refuses_a_function_level_upward_import():
    source = "def f():\n    if True:\n        from tracker.review import queue\n    return queue\n"
    modules = {"tracker.plan.tree": source, "tracker.review.queue": ""}
    assert import_violations(modules) == [
        "tracker.plan.tree:3 imports tracker.review.queue: plan may not depend on review"
    ]


def test_checker_refuses_a_sibling_import_and_a_relative_one():
    modules = {
        "tracker.indicators.services": "from tracker.review.rules import x\n",
        "tracker.review.rules": "",
        "tracker.org.services": "from ..auth import models\n",
        "tracker.auth.models": "",
    }
    assert import_violations(modules) == [
        "tracker.indicators.services:1 imports tracker.review.rules: indicators may not depend on review",
        "tracker.org.services:1 imports tracker.auth.models: org may not depend on auth",
    ]


def test_checker_allows_the_direction():
    modules = {
        "tracker.review.queue": "from tracker.plan.models import WorkItem\nimport tracker.core.paging\n",
        "tracker.plan.models": "from tracker.db import Base\n",
        "tracker.core.paging": "from tracker.extensions import db\n",
        "tracker": "def create_app():\n    from tracker.review.views import bp\n",
        "tracker.review.views": "from .queue import x\n",
    }
    assert import_violations(modules) == []


def test_checker_refuses_the_seed_package_and_other_features_views():
    modules = {
        "tracker.plan.cli": "from seed.demo import generate_demo\n",
        "tracker.seeding.cli": "from seed.demo import generate_demo\n",
        "tracker.exports.views": "from tracker.plan.views import bp\n",
        "tracker.plan.views": "",
        "seed.demo": "from seed import demo_text\n",
        "seed.demo_text": "",
    }
    assert import_violations(modules) == [
        "tracker.exports.views:1 imports tracker.plan.views: another feature's views",
        "tracker.plan.cli:1 imports seed.demo: only the seeding feature uses the seed package",
    ]


def test_checker_refuses_a_feature_outside_the_table():
    assert import_violations({"tracker.widgets.services": ""}) == [
        "tracker.widgets.services: feature 'widgets' is not in the layering table"
    ]


def test_checker_finds_import_cycles_through_function_level_imports():
    modules = {
        "tracker.exports.data": "import tracker.exports.rows\ndef f():\n    from tracker.exports import task_stream\n",
        "tracker.exports.task_stream": "from tracker.exports.data import Words\n",
        "tracker.exports.rows": "",
        "tracker.exports.alone": "from . import alone\n",
    }
    assert import_cycles(modules) == [
        ["tracker.exports.alone"],
        ["tracker.exports.data", "tracker.exports.task_stream"],
    ]
    del modules["tracker.exports.alone"]
    modules["tracker.exports.task_stream"] = "from tracker.exports.rows import Row\n"
    assert import_cycles(modules) == []


BLUEPRINTS = {"plan": "plan", "updates": "updates", "admin": "auth", "dashboard": "dashboard"}


def _templates(*entries: tuple[str, str, str]) -> dict[str, Template]:
    return {name: Template(name, feature, source) for name, feature, source in entries}


@pytest.fixture
def environment():
    return jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)


def test_checker_refuses_a_link_to_a_higher_feature(environment):
    templates = _templates(
        ("plan/item.html", "plan", "{{ _('x') }}\n<a href=\"{{ url_for('updates.item_update', item_id=1) }}\">"),
        ("base.html", APP, "{{ url_for('updates.item_update') }}"),
    )
    assert template_violations(templates, BLUEPRINTS, environment) == [
        "plan/item.html:2 (plan) links updates.item_update: plan may not depend on updates"
    ]


def test_checker_refuses_including_or_importing_a_higher_template(environment):
    templates = _templates(
        ("admin/users.html", "auth", '{% extends "base.html" %}{% from "plan/_rows.html" import rows %}'),
        ("plan/tree.html", "plan", '{% include "updates/_timeline.html" %}{% import "_macros.html" as m %}'),
        ("plan/_rows.html", "plan", "{{ url_for('.children') }}{{ url_for('static', filename='x') }}"),
        ("updates/_timeline.html", "updates", "{% include ['plan/_rows.html', 'nowhere.html'] %}"),
        ("plan/shell.html", "plan", '{% include "base.html" %}'),
        ("base.html", APP, "{% block content %}{% endblock %}"),
        ("_macros.html", "core", "{{ url_for('dashboard.index') }}"),
    )
    assert template_violations(templates, BLUEPRINTS, environment) == [
        "admin/users.html:1 (auth) uses plan/_rows.html: auth may not depend on plan",
        "plan/tree.html:1 (plan) uses updates/_timeline.html: plan may not depend on updates",
        "updates/_timeline.html:1 (updates) uses nowhere.html: no such template",
        "plan/shell.html:1 (plan) uses base.html: plan may not depend on app",
        "_macros.html:1 (core) links dashboard.index: core may not depend on dashboard",
    ]


def test_checker_refuses_an_unknown_blueprint(environment):
    templates = _templates(("plan/item.html", "plan", "{{ url_for('nowhere.page') }}"))
    assert template_violations(templates, BLUEPRINTS, environment) == [
        "plan/item.html:1 (plan) links nowhere.page: no such blueprint"
    ]


def test_templates_are_owned_by_their_folder():
    assert template_owner("plan", "plan/item.html") == "plan"
    assert template_owner(None, "_pager.html") == "core"
    assert template_owner(None, "errors/offline.html") == APP


def _names(found: Iterable[tuple[str, str, int]]) -> list[str]:
    return [what for _kind, what, _line in found]


def test_template_references_are_read_from_the_parsed_template(environment):
    source = (
        "{% extends \"base.html\" %}{% block content %}{# url_for('review.queue') #}"
        "{{ url_for('plan.tree') }}{% include 'plan/_rows.html' %}{% endblock %}"
    )
    assert _names(template_references(source, environment)) == ["base.html", "plan/_rows.html", "plan.tree"]
