"""Forms of case work. They validate at the boundary with ``rules.py`` and hand the
services clean values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import (
    AgeBand,
    ClosureReason,
    Duration,
    Exploitation,
    IdentificationKind,
    IdentifiedBy,
    LabourKind,
    Purpose,
    RecruiterRelation,
    Sex,
    Stage,
    Status,
    Where,
)
from tryeza.cases.indicators import RiskLevel
from tryeza.cases.models import IDENTITY_FIELDS
from tryeza.cases.rules import age_band_for, registration_problems
from tryeza.cases.services import CaseDraft, Identity
from tryeza.directory.models import Institution
from tryeza.geography.choices import municipality_choices, region_choices
from tryeza.geography.models import Municipality, Region

PROFILE_FIELDS = (
    "sex",
    "age_band",
    "citizenship",
    "exploitation",
    "labour_kind",
    "recruiter_relation",
    "exploited_where",
    "duration",
)
DATE = forms.DateInput(attrs={"type": "date"})
IDENTITY_LABELS = {
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "other_names": _("Other names"),
    "date_of_birth": _("Date of birth"),
    "id_number": _("ID number"),
    "address": _("Address"),
    "phone": _("Phone"),
    "family_members": _("Family members"),
    "guardian": _("Guardian or legal representative"),
}


class CaseRegistrationForm(forms.Form):
    # The person (encrypted, seen only by the team).
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80, required=False)
    other_names = forms.CharField(
        label=_("Other names or nicknames"), max_length=160, required=False
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    family_members = forms.CharField(
        label=_("Family members"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    guardian = forms.CharField(
        label=_("Guardian or legal representative"),
        max_length=200,
        required=False,
        help_text=_("Required for a child: name and relation."),
    )
    # Identification.
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    identification_kind = forms.ChoiceField(
        label=_("Identification"), choices=IdentificationKind.choices
    )
    identified_by = forms.ChoiceField(label=_("Identified by"), choices=IdentifiedBy.choices)
    identifying_institution = forms.ModelChoiceField(
        label=_("Identifying institution"), queryset=Institution.objects.none(), required=False
    )
    identified_on = forms.DateField(label=_("Identified on"), widget=DATE)
    identified_in = forms.ModelChoiceField(
        label=_("Identified in"), queryset=Municipality.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"), queryset=Municipality.objects.none(), required=False
    )
    # Anonymous profile.
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=AgeBand.choices,
        initial=AgeBand.UNKNOWN,
        help_text=_("Left unknown, it is worked out from the date of birth."),
    )
    citizenship = forms.RegexField(
        label=_("Citizenship"),
        regex=r"^([A-Za-z]{2}|unknown)$",
        initial="unknown",
        max_length=7,
        help_text=_("Two-letter country code (AL, XK, GR…) or “unknown”."),
        error_messages={"invalid": _("Use a two-letter country code or “unknown”.")},
    )
    exploitation = forms.ChoiceField(
        label=_("Type of exploitation"), choices=Exploitation.choices, initial=Exploitation.UNKNOWN
    )
    labour_kind = forms.ChoiceField(
        label=_("Kind of labour"), choices=LabourKind.choices, initial=LabourKind.NOT_APPLICABLE
    )
    recruiter_relation = forms.ChoiceField(
        label=_("Recruiter"), choices=RecruiterRelation.choices, initial=RecruiterRelation.UNKNOWN
    )
    exploited_where = forms.ChoiceField(
        label=_("Where"), choices=Where.choices, initial=Where.UNKNOWN
    )
    duration = forms.ChoiceField(
        label=_("Duration"), choices=Duration.choices, initial=Duration.UNKNOWN
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Other institutions on the team"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        municipalities = Municipality.objects.filter(region=region)
        institutions = Institution.objects.filter(region=region, is_active=True)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["identified_in"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["identifying_institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["team"].queryset = institutions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        data["age_band"] = age_band_for(
            age_band=data["age_band"],
            date_of_birth=data.get("date_of_birth"),
            identified_on=data.get("identified_on"),
        )
        data["citizenship"] = (
            data["citizenship"].upper() if len(data["citizenship"]) == 2 else "unknown"
        )
        for name, message in registration_problems(
            identified_on=data.get("identified_on"),
            date_of_birth=data.get("date_of_birth"),
            age_band=data["age_band"],
            guardian=data.get("guardian", ""),
        ).items():
            self.add_error(name, message)
        return data

    def draft(self) -> CaseDraft:
        data = self.cleaned_data
        return CaseDraft(
            region_id=self.region.pk,
            stage=data["stage"],
            identification_kind=data["identification_kind"],
            identified_by=data["identified_by"],
            identified_on=data["identified_on"],
            municipality=data.get("municipality"),
            identifying_institution=data.get("identifying_institution"),
            identified_in=data.get("identified_in"),
            profile={name: data[name] for name in PROFILE_FIELDS},
        )

    def identity(self) -> Identity:
        data = self.cleaned_data
        texts = {n: data.get(n) or "" for n in IDENTITY_FIELDS if n != "date_of_birth"}
        return Identity(date_of_birth=data.get("date_of_birth"), **texts)


class RevealForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Why do you need to see who this is?"))
    show = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(IDENTITY_LABELS.items()),
    )

    def __init__(self, *args: Any, purposes: list[Purpose], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [(p.value, p.label) for p in purposes]  # type: ignore[attr-defined]

    def chosen_fields(self) -> list[str]:
        return self.cleaned_data.get("show") or list(IDENTITY_FIELDS)


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *ClosureReason.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Status.CLOSED and not data.get("closure_reason"):
            self.add_error("closure_reason", _("Say why the case is closed."))
        return data


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case code"), max_length=20, required=False)
    # Places by code, their names kept (geography.choices): no query per field and request.
    region = forms.ChoiceField(
        label=_("Region"), choices=lambda: [("", _("Any")), *region_choices()], required=False
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        choices=lambda: [("", _("Any")), *municipality_choices()],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any")), *Stage.choices], required=False
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), choices=[("", _("Any")), *AgeBand.choices], required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("Any")), *Sex.choices], required=False)
    exploitation = forms.ChoiceField(
        label=_("Exploitation"), choices=[("", _("Any")), *Exploitation.choices], required=False
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=[("", _("Any")), *RiskLevel.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Follow-up overdue"), required=False)

    def unindexed(self) -> bool:
        """Whether the valid filters leave PostgreSQL no index to find the cases by:
        anything but the status is set, and no code is searched by three characters or
        more (the trigram index, migration 0005). Then the cases are counted from the
        team's list (``access.cases_visible_to``)."""
        if not self.is_valid():
            return False
        data = self.cleaned_data
        if len(data.get("q", "").strip()) >= 3:
            return False
        return any(value for name, value in data.items() if name != "status")

    def apply(self, cases: Any) -> Any:
        """Narrow an already scoped queryset by the valid filters."""
        data = self.cleaned_data
        if data.get("q"):
            cases = cases.filter(code__icontains=data["q"].strip())
        if data.get("region"):
            cases = cases.filter(region__code=data["region"])
        if data.get("municipality"):
            cases = cases.filter(municipality__code=data["municipality"])
        for name in ("status", "stage", "age_band", "sex", "exploitation", "risk_level"):
            if data.get(name):
                cases = cases.filter(**{name: data[name]})
        if data.get("overdue"):
            cases = cases.open().filter(next_follow_up__lt=timezone.localdate())
        return cases
