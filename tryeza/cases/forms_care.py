"""Forms of the care pathway and of referrals. They refuse bad input at the boundary with a
message a person understands; the services check the same rules again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import (
    CasePart,
    Cooperation,
    EscalationReason,
    FollowUpKind,
    SchoolStatus,
    ServiceStatus,
)
from tryeza.cases.forms import DATE, IDENTITY_LABELS, RevealForm
from tryeza.cases.indicators import BY_CODE, GROUPS, INDICATORS, RiskLevel
from tryeza.directory.models import Institution, ServiceOffering, ServiceType, Structure
from tryeza.geography.models import Municipality

CHECKBOXES = forms.CheckboxSelectMultiple
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class PastDateField(forms.DateField):
    """A day that has already come: today or earlier."""

    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(_("This date cannot be in the future."), code="future")


class ScreeningForm(forms.Form):
    screened_on = PastDateField(label=_("Screened on"), initial=timezone.localdate)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators present"),
        required=False,
        widget=CHECKBOXES,
        choices=[(indicator.code, indicator.label) for indicator in INDICATORS],
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=SHORT_TEXT)

    def groups(self) -> list[tuple[str, list[tuple[BoundWidget, int]]]]:
        """The checklist by group, each box with the weight it adds to the score."""
        grouped: dict[str, list[tuple[BoundWidget, int]]] = {code: [] for code in GROUPS}
        for option in self["indicators"]:
            indicator = BY_CODE[option.data["value"]]
            grouped[indicator.group].append((option, indicator.weight))
        return [(str(GROUPS[code]), options) for code, options in grouped.items() if options]


class RightsForm(forms.Form):
    informed_on = PastDateField(label=_("Informed on"), initial=timezone.localdate)
    language = forms.CharField(label=_("Language used"), max_length=40, required=False)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)


class CooperationForm(forms.Form):
    recorded_on = PastDateField(label=_("Recorded on"), initial=timezone.localdate)
    status = forms.ChoiceField(label=_("Cooperation with police"), choices=Cooperation.choices)


class AssessmentForm(forms.Form):
    assessed_on = PastDateField(label=_("Assessed on"), initial=timezone.localdate)
    assessor_position = forms.CharField(
        label=_("Assessor's qualification"),
        max_length=120,
        help_text=_("For example: licensed social worker."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Services needed"), required=False, widget=CHECKBOXES, choices=ServiceType.choices
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=SHORT_TEXT
    )


class PlanServiceForm(forms.Form):
    """A service for the plan, from a provider that offers it in the directory."""

    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    provider = forms.TypedChoiceField(
        label=_("Provider"),
        coerce=int,
        help_text=_("Providers are listed under the services the directory says they offer."),
    )
    planned_on = forms.DateField(label=_("Planned on"), widget=DATE, initial=timezone.localdate)
    chosen_by_person = forms.BooleanField(
        label=_("Chosen by the person"), required=False, initial=True
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, offerings: Iterable[ServiceOffering], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.providers: dict[int, Institution] = {}
        self.offered: set[tuple[int, str]] = set()
        by_service: dict[str, dict[int, str]] = {}
        for offering in offerings:
            institution = offering.institution
            self.providers[institution.pk] = institution
            self.offered.add((institution.pk, offering.service))
            by_service.setdefault(offering.service, {})[institution.pk] = str(institution)
        self.fields["provider"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (ServiceType(service).label, sorted(names.items(), key=lambda item: item[1]))
                for service, names in sorted(by_service.items())
            ),
        ]

    def clean_provider(self) -> Institution:
        return self.providers[self.cleaned_data["provider"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        provider, service = data.get("provider"), data.get("service")
        if provider is not None and service and (provider.pk, service) not in self.offered:
            self.add_error(
                "provider",
                _("%(provider)s does not offer this service. Choose a provider from the directory.")
                % {"provider": provider},
            )
        return data


class ServiceUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    started_on = PastDateField(label=_("Started on"), required=False)
    ended_on = PastDateField(label=_("Ended on"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("A service cannot end before it starts."))
        return data


class FollowUpForm(forms.Form):
    on = PastDateField(label=_("Date"), initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    school = forms.ChoiceField(
        label=_("School"), choices=SchoolStatus.choices, initial=SchoolStatus.NOT_APPLICABLE
    )
    working = forms.NullBooleanField(label=_("Working"))
    retrafficking_risk = forms.ChoiceField(
        label=_("Risk of re-trafficking"), choices=RiskLevel.choices
    )
    note = forms.CharField(label=_("Situation"), max_length=4000, required=False, widget=SHORT_TEXT)
    next_due = forms.DateField(label=_("Next follow-up due"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, next_due = data.get("on"), data.get("next_due")
        if on and next_due and next_due < on:
            self.add_error("next_due", _("The next follow-up cannot be due before this one."))
        return data


class EscalationForm(forms.Form):
    structure = forms.ModelChoiceField(label=_("To"), queryset=Structure.objects.none())
    reason = forms.ChoiceField(label=_("Reason"), choices=EscalationReason.choices)
    note = forms.CharField(
        label=_("Note (no names)"),
        max_length=500,
        required=False,
        widget=SHORT_TEXT,
        help_text=_("The table or committee knows the case by its code only: write no name."),
    )

    def __init__(self, *args: Any, structures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures  # type: ignore[attr-defined]


class InstitutionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return f"{obj} ({obj.region})" if obj.region else str(obj)


class ReferralForm(forms.Form):
    to = InstitutionChoices(
        label=_("Refer to"),
        queryset=Institution.objects.none(),
        widget=CHECKBOXES,
        help_text=_("Tick several institutions to notify them all at once."),
    )
    service = forms.ChoiceField(
        label=_("Service asked for"),
        required=False,
        choices=[("", _("None: a notification only")), *ServiceType.choices],
        help_text=_("With a service, every institution ticked must offer it."),
    )
    destination = forms.ModelChoiceField(
        label=_("Place chosen by the person"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("For a shelter referral: the municipality the person chose."),
    )
    consent_given_on = PastDateField(label=_("Consent given on"), initial=timezone.localdate)
    consent_parts = forms.MultipleChoiceField(
        label=_("Parts of the case the person agreed to share"),
        required=False,
        widget=CHECKBOXES,
        choices=CasePart.choices,
    )
    consent_identity_fields = forms.MultipleChoiceField(
        label=_("Identifiers the person agreed to share"),
        required=False,
        widget=CHECKBOXES,
        choices=list(IDENTITY_LABELS.items()),
    )

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["destination"].queryset = Municipality.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        to, service = data.get("to"), data.get("service")
        if to and service:
            offering = set(
                ServiceOffering.objects.filter(institution__in=to, service=service).values_list(
                    "institution_id", flat=True
                )
            )
            refused = [str(institution) for institution in to if institution.pk not in offering]
            if refused:
                self.add_error(
                    "to",
                    _("%(names)s do not offer this service.") % {"names": ", ".join(refused)},
                )
        return data


class ResponseForm(forms.Form):
    """The receiver's answer: accept, or decline with a reason."""

    reason = forms.CharField(label=_("Reason for declining"), max_length=300, required=False)

    def __init__(self, *args: Any, accept: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accept = accept

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.accept and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the referral is declined."))
        return data


class ReferredRevealForm(RevealForm):
    """The receiver's reveal: only the identifiers the person agreed to share."""

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        self.fields["show"].choices = [(name, IDENTITY_LABELS[name]) for name in allowed]  # type: ignore[attr-defined]

    def chosen_fields(self) -> list[str]:
        return self.cleaned_data.get("show") or list(self.allowed)
