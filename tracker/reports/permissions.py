"""Who may read the implementation report: everyone signed in reads everything today (DESIGN.md, "Domain"), so
one rule, in one place, for the page and both files. A report covers whole departments' work; should reading ever
be scoped, this is where it changes."""

from __future__ import annotations


def can_read_reports(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))
