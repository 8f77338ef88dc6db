"""Filter forms of the directory pages. They read the query string (region ISO codes,
municipality LAU codes, service codes), reject what they do not know with a message a
person understands, and hand the selectors clean values."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tryeza.directory.models import InstitutionType, Sector, ServiceType, StructureKind
from tryeza.geography.models import Municipality, Region

ANY = ("", _("Any"))


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [ANY, *choices]


def municipality_choices() -> list[tuple[str, Any]]:
    """Municipalities grouped by region, keyed by their LAU code."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for municipality in Municipality.objects.select_related("region").order_by(
        "region__code", "name"
    ):
        region = municipality.region.display_name
        groups.setdefault(region, []).append((municipality.code, municipality.display_name))
    return [ANY, *groups.items()]


def region_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("There is no region with the code “%(value)s”.")},
    )


class FilterForm(forms.Form):
    """A GET form whose clean values are a selector's keyword arguments."""

    # Form field name -> the selector's keyword, where they differ.
    renamed: dict[str, str] = {}

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments; nothing when the form was not submitted."""
        if not self.is_bound:
            return {}
        return {
            self.renamed.get(name, name): self.cleaned_data[name]
            for name in self.fields
            if self.cleaned_data.get(name) not in (None, "")
        }


class PlaceFilterForm(FilterForm):
    """A region and a municipality, by code; the municipality must lie in the region."""

    region = region_field()
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        error_messages={"invalid_choice": _("There is no municipality with the code “%(value)s”.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read once per form: validating and rendering would each read a callable's.
        field = cast(forms.ChoiceField, self.fields["municipality"])
        field.choices = municipality_choices()

    def clean_municipality(self) -> Municipality | None:
        code = self.cleaned_data.get("municipality")
        if not code:
            return None
        return Municipality.objects.select_related("region").get(code=code)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region, municipality = data.get("region"), data.get("municipality")
        if region is not None and municipality is not None and municipality.region != region:
            self.add_error(
                "municipality",
                _("%(municipality)s is not in %(region)s.")
                % {"municipality": municipality.display_name, "region": region.display_name},
            )
        return data


class InstitutionFilterForm(PlaceFilterForm):
    q = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name, short name or English name; accents optional."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=_any(InstitutionType.choices), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=_any(Sector.choices), required=False)
    service = forms.ChoiceField(
        label=_("Offers the service"), choices=_any(ServiceType.choices), required=False
    )

    field_order = ["q", "region", "municipality", "type", "sector", "service"]
    renamed = {"q": "text"}


class ServiceFilterForm(PlaceFilterForm):
    service = forms.ChoiceField(
        label=_("Service"), choices=_any(ServiceType.choices), required=False
    )

    field_order = ["service", "region", "municipality"]


class StructureFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(StructureKind.choices), required=False)
    region = region_field()
