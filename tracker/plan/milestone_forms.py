"""The yearly milestones form: a target % and a deliverable per editable year, and the fingerprint as loaded."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField

from tracker.core.forms import PercentField, text_field
from tracker.plan.milestone_rules import DELIVERABLE_MAX, MilestoneInput, deliverable_field, target_field


class OptionalPercentField(PercentField):
    """A whole percentage 0–100, or blank for none."""

    def parse(self, raw: str) -> int | None:  # type: ignore[override]  # blank is allowed here, unlike the base
        return super().parse(raw) if raw else None


class MilestonesFormBase(FlaskForm):
    fingerprint = HiddenField()
    years: list[int] = []

    def target(self, year: int):
        return self[target_field(year)]

    def deliverable(self, year: int):
        return self[deliverable_field(year)]

    def submitted(self) -> dict[int, MilestoneInput]:
        return {year: MilestoneInput(self.target(year).data, self.deliverable(year).data or "") for year in self.years}

    def refresh_fingerprint(self, value: str) -> None:
        """After a conflict: keep the user's input but carry what is stored now, so a resubmit can succeed."""
        self.fingerprint.data = value
        self.fingerprint.raw_data = [value]


def milestones_form_class(years: list[int]) -> type[MilestonesFormBase]:
    """One target and one deliverable field per year the item may have a milestone in (years from the server)."""
    fields: dict[str, object] = {"years": list(years)}
    for year in years:
        fields[target_field(year)] = OptionalPercentField(_l("%(year)d 年目标进度（%%）", year=year))
        fields[deliverable_field(year)] = text_field(_l("%(year)d 年阶段成果", year=year), DELIVERABLE_MAX)
    return type("MilestonesForm", (MilestonesFormBase,), fields)
