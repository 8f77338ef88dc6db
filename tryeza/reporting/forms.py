"""Forms of the reporting pages. The entry form is built from the catalogue: one whole-number
field per cell (``n__<element>__<period>__<dimension>__<category>``, dimension and category
empty for the total) and one text field per narrative element (``t__<element>__<period>``).
They turn what a person typed into the values the services take; the services' validation
(totals, ranges) comes back as problems attached to the element they concern."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tryeza.reporting.catalogue import BY_CODE, ELEMENTS, Element, categories, value_periods
from tryeza.reporting.models import ElementBounds, RegionReport
from tryeza.reporting.validation import Cell, Problem

# The database holds a 32-bit count; no regional figure comes near a million.
MAX_FIGURE = 1_000_000
COUNT_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "class": "count"})


class CountField(forms.IntegerField):
    """A whole number ≥ 0, or empty. A text input, so the message is ours and in the
    person's language rather than the browser's."""

    default_error_messages = {
        "invalid": _lazy("Enter a whole number, such as 0 or 12."),
        "min_value": _lazy("A figure cannot be negative."),
        "max_value": _lazy("This figure is too large: check for a typo."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", COUNT_WIDGET)
        super().__init__(min_value=0, max_value=MAX_FIGURE, **kwargs)


def count_name(cell: Cell) -> str:
    return "__".join(("n", *cell))


def text_name(element: str, period: str) -> str:
    return f"t__{element}__{period}"


class ReturnForm(forms.Form):
    """One institution's return for a half-year, every element of the catalogue."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        half: str,
        municipalities: list[tuple[str, str]],
        numbers: dict[Cell, int | None] | None = None,
        texts: dict[tuple[str, str], str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.half = half
        self.municipalities = municipalities
        self.cells: dict[str, Cell] = {}
        self.text_keys: dict[str, tuple[str, str]] = {}
        # Problems the services found, by element: shown at the top and beside it.
        self.service_problems: list[Problem] = []
        numbers, texts = numbers or {}, texts or {}
        for element in ELEMENTS:
            for period in value_periods(element, half):
                if not element.is_count:
                    name = text_name(element.code, period)
                    self.text_keys[name] = (element.code, period)
                    self.fields[name] = forms.CharField(
                        label=str(element.label),
                        required=False,
                        max_length=5000,
                        widget=forms.Textarea(attrs={"rows": 3}),
                        initial=texts.get((element.code, period), ""),
                    )
                    continue
                for cell in self._cells_of(element, period):
                    name = count_name(cell)
                    self.cells[name] = cell
                    self.fields[name] = CountField(
                        label=str(element.label), initial=numbers.get(cell)
                    )

    def _cells_of(self, element: Element, period: str) -> Iterable[Cell]:
        yield (element.code, period, "", "")
        for dimension in element.dimensions:
            for category, _label in categories(dimension, self.municipalities):
                yield (element.code, period, dimension.code, category)

    def numbers(self) -> dict[Cell, int | None]:
        return {cell: self.cleaned_data.get(name) for name, cell in self.cells.items()}

    def texts(self) -> dict[tuple[str, str], str]:
        return {key: self.cleaned_data.get(name) or "" for name, key in self.text_keys.items()}

    def _where(self, name: str) -> str:
        """Which figure a field holds, in words: "Victims…, 2026Q1 (sex: female)"."""
        if name in self.text_keys:
            element_code, period = self.text_keys[name]
            return f"{BY_CODE[element_code].label}, {period}"
        element_code, period, dimension_code, category = self.cells[name]
        element = BY_CODE[element_code]
        where = f"{element.label}, {period}"
        for dimension in element.dimensions:
            if dimension.code == dimension_code:
                labels = dict(categories(dimension, self.municipalities))
                where += f" ({dimension.label}: {labels.get(category, category)})"
        return where

    def _element_of(self, name: str) -> str:
        return (self.text_keys.get(name) or self.cells[name])[0]

    def problems(self) -> list[tuple[str, str]]:
        """Everything wrong, for the top of the page, as (element, message): typing errors,
        then the services'."""
        found = [
            (self._element_of(name), f"{self._where(name)}: {error}")
            for name, errors in self.errors.items()
            if name in self.fields and name != "version"
            for error in errors
        ]
        return found + [(p.element, p.message) for p in self.service_problems]


class SendBackForm(forms.Form):
    """The secretariat returns a submitted return, saying what to correct."""

    data_return = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_lazy("What should be corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def explanation_ids(element: str, period: str) -> str:
    """Ids of one discrepancy's form, unique on the page (several share it)."""
    safe = re.sub(r"[^A-Za-z0-9_]", "", f"{element}_{period}")
    return f"id_{safe}_%s"


class ExplanationForm(forms.Form):
    """Why the sources differ for one element and period, and the figure the committee
    stands by."""

    element = forms.CharField(widget=forms.HiddenInput, max_length=40)
    period = forms.CharField(widget=forms.HiddenInput, max_length=7)
    text = forms.CharField(
        label=_lazy("Why the figures differ"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreed = CountField(
        label=_lazy("The figure the committee stands by"),
        help_text=_lazy("Leave empty if the committee cannot settle on one figure."),
    )

    def __init__(self, *args: Any, half: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.half = half

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        element = BY_CODE.get(data.get("element", ""))
        if element is None or not element.is_count:
            raise forms.ValidationError(_("This element cannot be explained here."))
        if data.get("period") not in value_periods(element, self.half):
            raise forms.ValidationError(_("This period is not part of the half-year."))
        return data

    def error_text(self) -> str:
        """The errors in one line, each field's with its label."""
        return " ".join(
            f"{self.fields[name].label}: {error}" if name in ("text", "agreed") else str(error)
            for name, errors in self.errors.items()
            for error in errors
        )


class AnalysisForm(forms.ModelForm):
    """The committee's situational analysis over the figures."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RegionReport
        fields = ["summary", "context", "response", "action_plan", "is_baseline"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("summary", "context", "response", "action_plan")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version


class CommentForm(forms.Form):
    """ONAC returns an approved report to the committee."""

    comment = forms.CharField(
        label=_lazy("What the committee should correct"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RangesForm(forms.Form):
    """ONAC's expected minimum, maximum and tolerance of each count element."""

    def __init__(self, *args: Any, bounds: dict[str, ElementBounds], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.elements = [e for e in ELEMENTS if e.is_count]
        for element in self.elements:
            current = bounds.get(element.code)
            self.fields[f"min__{element.code}"] = CountField(
                label=_lazy("minimum"), required=True, initial=current.minimum if current else 0
            )
            self.fields[f"max__{element.code}"] = CountField(
                label=_lazy("maximum"), initial=current.maximum if current else None
            )
            self.fields[f"tol__{element.code}"] = forms.IntegerField(
                label=_lazy("tolerance (%)"),
                min_value=0,
                max_value=100,
                initial=current.tolerance_percent if current else 10,
                widget=COUNT_WIDGET,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for element in self.elements:
            low, high = data.get(f"min__{element.code}"), data.get(f"max__{element.code}")
            if low is not None and high is not None and high < low:
                self.add_error(
                    f"max__{element.code}", _("The maximum cannot be less than the minimum.")
                )
        return data

    def rows(self) -> list[tuple[Element, list[forms.BoundField]]]:
        return [
            (e, [self[f"{kind}__{e.code}"] for kind in ("min", "max", "tol")])
            for e in self.elements
        ]

    def changed_elements(self) -> list[tuple[str, int, int | None, int]]:
        """(element, minimum, maximum, tolerance) of the rows the person changed."""
        changed = set(self.changed_data)
        return [
            (
                e.code,
                self.cleaned_data[f"min__{e.code}"],
                self.cleaned_data[f"max__{e.code}"],
                self.cleaned_data[f"tol__{e.code}"],
            )
            for e in self.elements
            if changed & {f"{kind}__{e.code}" for kind in ("min", "max", "tol")}
        ]
