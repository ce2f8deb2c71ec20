"""Project and budget forms. Choices come from the view; rules on them live in the services."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import Optional, StopValidation
from wtforms.widgets import HiddenInput

from tracker.core.forms import (
    AmountField,
    DateOrder,
    IsoDateField,
    PlainIntegerField,
    SelectChoice,
    text_field,
    textarea_field,
)
from tracker.core.money import BudgetTotals
from tracker.core.params import parse_id
from tracker.projects.budget import AMOUNT_COLUMNS, COLUMN_LABELS
from tracker.projects.queries import OutlineEntry, OwnerGroup
from tracker.projects.services import FIELD_LABELS, ProjectData

_DATE_HINT = {"placeholder": "YYYY-MM-DD"}


def optional_id(value) -> int | None:
    """Select values are ids; anything else (a forged "abc") reads as "nothing chosen"."""
    if isinstance(value, int):
        return value
    return parse_id(value) if isinstance(value, str) else None


class RequiredChoice:
    def __call__(self, form, field) -> None:
        if field.data is None:
            raise StopValidation(_l("请选择。"))


class AmountPresent:
    """A cell missing from the request (not blank: absent) is refused rather than read as zero."""

    def __call__(self, form, field) -> None:
        if field.data is None and not field.errors:
            raise StopValidation(_l("此项必填。"))


class ProjectForm(FlaskForm):
    department = SelectField(
        FIELD_LABELS["department"], coerce=optional_id, validate_choice=False, validators=[RequiredChoice()]
    )
    owner = SelectField(FIELD_LABELS["owner"], coerce=optional_id, validate_choice=False)
    work_item = SelectField(
        FIELD_LABELS["work_item"], coerce=optional_id, validate_choice=False, validators=[RequiredChoice()]
    )
    linked_items = SelectMultipleField(FIELD_LABELS["linked_items"], coerce=optional_id, validate_choice=False)
    name = text_field(FIELD_LABELS["name"], 200, required=True)
    description = textarea_field(FIELD_LABELS["description"], 4000, render_kw={"rows": 5})
    fund_source = text_field(FIELD_LABELS["fund_source"], 100)
    start_date = IsoDateField(FIELD_LABELS["start_date"], validators=[Optional()], render_kw=_DATE_HINT)
    due_date = IsoDateField(
        FIELD_LABELS["due_date"], validators=[Optional(), DateOrder("start_date")], render_kw=_DATE_HINT
    )
    version = PlainIntegerField(widget=HiddenInput())

    def set_choices(
        self, departments: Iterable, owners: list[OwnerGroup], outline: list[OutlineEntry], retired_label: str
    ) -> None:
        if "department" in self:
            self.department.choices = [SelectChoice("", str(_l("— 请选择 —")))] + [
                SelectChoice(str(d.id), d.name) for d in departments
            ]
        owner_choices = [SelectChoice("", str(_l("— 暂不指定 —")))]
        for group in owners:
            # data-department lets the page offer only the chosen department's people.
            marker = {"data-department": str(group.department.id)}
            owner_choices += [
                SelectChoice(str(u.id), u.display_name, marker, group.department.name) for u in group.users
            ]
        self.owner.choices = owner_choices
        items = [SelectChoice(str(e.id), e.label + (f" ({retired_label})" if e.retired else "")) for e in outline]
        self.work_item.choices = [SelectChoice("", str(_l("— 请选择 —"))), *items]
        self.linked_items.choices = items

    def data_for(self, department_id: int | None, plan_id: int | None = None) -> ProjectData:
        """The whitelisted fields; `department_id` comes from the view when the user may not choose it, `plan_id`
        (the plan a new project's item must be in) from the plan the page shows."""
        return ProjectData(
            plan_id=plan_id,
            department_id=self.department.data if "department" in self else department_id,
            owner_id=self.owner.data,
            work_item_id=self.work_item.data,
            linked_item_ids=[i for i in (self.linked_items.data or []) if i is not None],
            name=self.name.data or "",
            description=self.description.data or "",
            fund_source=self.fund_source.data or "",
            start_date=self.start_date.data,
            due_date=self.due_date.data,
        )

    def refresh_version(self, version: int) -> None:
        """After a conflict: keep the user's input but carry the stored version, so a resubmit can succeed."""
        self.version.data = version
        self.version.raw_data = [str(version)]


class BudgetFormBase(FlaskForm):
    version = PlainIntegerField(widget=HiddenInput())
    years: list[int] = []

    def cell(self, year: int, column: str):
        return self[f"{column}_{year}"]

    def cells(self, year: int):
        return [self.cell(year, column) for column in AMOUNT_COLUMNS]

    def submitted(self) -> dict[int, BudgetTotals]:
        return {year: BudgetTotals(*(self.cell(year, c).data for c in AMOUNT_COLUMNS)) for year in self.years}

    def refresh_version(self, version: int) -> None:
        self.version.data = version
        self.version.raw_data = [str(version)]


def budget_form_class(years: list[int]) -> type[BudgetFormBase]:
    """A form with one AmountField per year and column (named like "spent_2013"): years come from the server."""
    fields: dict[str, object] = {"years": list(years)}
    for year in years:
        for column in AMOUNT_COLUMNS:
            fields[f"{column}_{year}"] = AmountField(f"{year} {COLUMN_LABELS[column]}", validators=[AmountPresent()])
    return type("BudgetForm", (BudgetFormBase,), fields)
