"""Extension points that let a lower feature show facts a higher feature owns.

Imports run one way (DESIGN.md: core ← org ← auth ← plan ← projects ← updates ←
review …). The plan's tree needs budget sums from projects, and the work-item
page shows projects, indicators, status updates and reviews. Rather than import
upward, plan calls the hooks below and the higher features register providers
when they are imported (tracker/models.py imports every feature).

Every provider answers for a whole batch in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import render_template

from tracker.core.subjects import Subject, SubjectType

# plan_id -> {work_item_id: (approved, allocated, spent)}
BudgetProvider = Callable[[int], dict[int, tuple[Any, Any, Any]]]
_budget_providers: list[BudgetProvider] = []
# (key, condition): SQL expressions over work_items -> {key value: (approved, allocated, spent)} summed over the
# items that meet the condition, grouped by the key (a subtree's budget without reading the whole plan's).
BudgetGroupProvider = Callable[[Any, Any], dict[Any, tuple[Any, Any, Any]]]
_budget_group_providers: list[BudgetGroupProvider] = []


@dataclass(order=True)
class TimelineEntry:
    at: datetime
    kind: str = field(compare=False)  # "update", "review", "audit"
    actor: Any = field(compare=False)
    data: Any = field(compare=False)
    # The partial that renders this entry (it reads `entry`): the one timeline template (_timeline.html) includes
    # it, so a page never names another feature's templates.
    template: str = field(compare=False)
    # Evidence files (tracker.attachments) that came with this entry, listed under it.
    files: list[Any] = field(default_factory=list, compare=False)


# (subject type, subject id) -> entries. A type the source does not know (or not a SubjectType at all) gives none.
TimelineSource = Callable[[SubjectType | str, int], list[TimelineEntry]]
_timeline_sources: list[TimelineSource] = []


@dataclass
class Panel:
    """A block on a subject's page: rendered with `template` and `context`."""

    order: int
    template: str
    context: dict[str, Any]


# (subject type, subject) -> a panel or None; the type is the subject's own (subject.subject_type).
PanelProvider = Callable[[SubjectType | str, Subject], Panel | None]
_panel_providers: list[PanelProvider] = []


def budget_provider(fn: BudgetProvider) -> BudgetProvider:
    if fn not in _budget_providers:
        _budget_providers.append(fn)
    return fn


def budget_group_provider(fn: BudgetGroupProvider) -> BudgetGroupProvider:
    if fn not in _budget_group_providers:
        _budget_group_providers.append(fn)
    return fn


def timeline_source(fn: TimelineSource) -> TimelineSource:
    if fn not in _timeline_sources:
        _timeline_sources.append(fn)
    return fn


def panel_provider(fn: PanelProvider) -> PanelProvider:
    if fn not in _panel_providers:
        _panel_providers.append(fn)
    return fn


def budgets_for_plan(plan_id: int) -> dict[int, tuple[Any, Any, Any]]:
    result: dict[int, tuple[Any, Any, Any]] = {}
    for provider in _budget_providers:
        result.update(provider(plan_id))
    return result


def budgets_grouped(key: Any, condition: Any) -> dict[Any, tuple[Any, Any, Any]]:
    result: dict[Any, tuple[Any, Any, Any]] = {}
    for provider in _budget_group_providers:
        for group, sums in provider(key, condition).items():
            previous = result.get(group, (0, 0, 0))
            result[group] = tuple(a + b for a, b in zip(previous, sums, strict=True))
    return result


def timeline_for(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    """Newest first."""
    entries: list[TimelineEntry] = []
    for source in _timeline_sources:
        entries.extend(source(subject_type, subject_id))
    return sorted(entries, reverse=True)


def panels_for(subject_type: SubjectType | str, subject: Subject) -> list[Panel]:
    panels = [p for p in (provider(subject_type, subject) for provider in _panel_providers) if p is not None]
    return sorted(panels, key=lambda p: p.order)


def render_subject_page(template: str, subject: Subject, **context: object) -> str:
    """A subject's own page: `template` with what the features above attach to it, its `panels` and `timeline`."""
    return render_template(
        template,
        panels=panels_for(subject.subject_type, subject),
        timeline=timeline_for(subject.subject_type, subject.id),
        **context,
    )


# A link on a lower feature's page to a higher feature's page (the department's dashboard from the account page,
# "post a status update" from a work item's page): the page names the link, the feature that owns the target
# registers a provider, (subject, user) -> the URL, or None where the user may not follow it. Templates call
# link_for (a template global) instead of url_for('<higher feature>.<endpoint>'), which tests/test_layering.py
# refuses.
LinkProvider = Callable[[Any, Any], str | None]
_link_providers: dict[str, LinkProvider] = {}


def link_provider(name: str) -> Callable[[LinkProvider], LinkProvider]:
    def register(fn: LinkProvider) -> LinkProvider:
        _link_providers[name] = fn
        return fn

    return register


def link_for(name: str, subject: Any = None, user: Any = None) -> str | None:
    """The URL the feature that offers link `name` gives for `subject` and `user`; None if none offers it."""
    provider = _link_providers.get(name)
    return provider(subject, user) if provider is not None else None
