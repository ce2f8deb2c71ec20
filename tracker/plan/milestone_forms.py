"""The yearly milestones form: a target % and a deliverable per editable year, each year's values as loaded (so a
conflict can keep what the user changed and take the rest as stored), a "remove" box per stored milestone the
item's dates no longer allow, and the fingerprint as loaded."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField

from tracker.core.forms import PercentField, text_field
from tracker.plan.milestone_rules import DELIVERABLE_MAX, MilestoneInput, deliverable_field, target_field


class OptionalPercentField(PercentField):
    """A whole percentage 0–100, or blank for none."""

    def parse(self, raw: str) -> int | None:  # type: ignore[override]  # blank is allowed here, unlike the base
        return super().parse(raw) if raw else None


def was_target_field(year: int) -> str:
    return f"was_{target_field(year)}"


def was_deliverable_field(year: int) -> str:
    return f"was_{deliverable_field(year)}"


def remove_field(year: int) -> str:
    return f"remove_{year}"


def _set(field, value: object, text: str) -> None:
    field.data = value
    field.raw_data = [text]


class MilestonesFormBase(FlaskForm):
    fingerprint = HiddenField()
    years: list[int] = []
    stray_years: list[int] = []  # stored milestones outside the item's span or the plan's period: removable only

    def target(self, year: int):
        return self[target_field(year)]

    def deliverable(self, year: int):
        return self[deliverable_field(year)]

    def remove(self, year: int):
        return self[remove_field(year)]

    def submitted(self) -> dict[int, MilestoneInput]:
        """The editable years' rows, and an empty row (a deletion) for each stray year ticked for removal."""
        rows = {year: MilestoneInput(self.target(year).data, self.deliverable(year).data or "") for year in self.years}
        rows.update({year: MilestoneInput(None) for year in self.stray_years if self.remove(year).data})
        return rows

    def entered(self) -> dict[int, MilestoneInput]:
        """The editable years' rows as the user left them, comparable with `loaded` (deliverables stripped)."""
        return {
            year: MilestoneInput(row.target_progress, row.deliverable_text)
            for year, row in self.submitted().items()
            if year in self.years
        }

    def loaded(self) -> dict[int, MilestoneInput]:
        """Each editable year's row as the page was loaded with it; a year whose hidden values are missing or
        unreadable is left out (its row then counts as changed)."""
        rows = {}
        for year in self.years:
            target, deliverable = self[was_target_field(year)].data, self[was_deliverable_field(year)].data
            if target is None or deliverable is None or not (target == "" or (target.isascii() and target.isdigit())):
                continue
            rows[year] = MilestoneInput(int(target) if target else None, deliverable.strip())
        return rows

    def set_loaded(self, rows: dict[int, MilestoneInput]) -> None:
        """Carry these rows as the ones loaded (after a conflict: what is stored now)."""
        for year in self.years:
            row = rows.get(year, MilestoneInput(None))
            target = "" if row.target_progress is None else str(row.target_progress)
            _set(self[was_target_field(year)], target, target)
            _set(self[was_deliverable_field(year)], row.deliverable_text, row.deliverable_text)

    def show(self, rows: dict[int, MilestoneInput]) -> None:
        """Put these rows in the visible inputs."""
        for year, row in rows.items():
            target = "" if row.target_progress is None else str(row.target_progress)
            _set(self.target(year), row.target_progress, target)
            _set(self.deliverable(year), row.deliverable_text, row.deliverable_text)

    def refresh_fingerprint(self, value: str) -> None:
        """After a conflict: keep the user's input but carry what is stored now, so a resubmit can succeed."""
        self.fingerprint.data = value
        self.fingerprint.raw_data = [value]


def milestones_form_class(years: list[int], stray_years: Sequence[int] = ()) -> type[MilestonesFormBase]:
    """One target and one deliverable field per year the item may have a milestone in (years from the server),
    with their as-loaded copies, and a removal box per stray stored year."""
    fields: dict[str, object] = {"years": list(years), "stray_years": list(stray_years)}
    for year in years:
        fields[target_field(year)] = OptionalPercentField(_l("%(year)d 年目标进度（%%）", year=year))
        fields[deliverable_field(year)] = text_field(_l("%(year)d 年阶段成果", year=year), DELIVERABLE_MAX)
        fields[was_target_field(year)] = HiddenField()
        fields[was_deliverable_field(year)] = HiddenField()
    for year in stray_years:
        fields[remove_field(year)] = BooleanField(_l("删除 %(year)d 年的年度目标", year=year))
    return type("MilestonesForm", (MilestonesFormBase,), fields)
