"""Registration of a case through the API: the same rules as the registration page
(``rules.py``) with the same messages, the person's identifiers under ``person``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from tryeza.cases.choices import (
    AgeBand,
    Duration,
    Exploitation,
    IdentificationKind,
    IdentifiedBy,
    LabourKind,
    RecruiterRelation,
    Sex,
    Stage,
    Where,
)
from tryeza.cases.forms import PROFILE_FIELDS
from tryeza.cases.models import IDENTITY_FIELDS
from tryeza.cases.rules import age_band_for, registration_problems
from tryeza.cases.services import CaseDraft, Identity, PossibleMatches
from tryeza.directory.models import Institution
from tryeza.geography.models import Municipality, Region


class PersonIn(serializers.Serializer[Any]):
    """The person's identifiers: stored encrypted, seen only by the team on a reveal."""

    first_name = serializers.CharField(max_length=80)
    last_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    other_names = serializers.CharField(max_length=160, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    family_members = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    guardian = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Required for a child: name and relation."),
    )


def _municipality() -> serializers.SlugRelatedField[Municipality]:
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.none(), required=False, allow_null=True
    )


class CaseRegistrationIn(serializers.Serializer[Any]):
    """A new case in the caller's region, led by the caller's institution. The same rules
    as the registration page (``rules.py``), with the same messages."""

    person = PersonIn()
    stage = serializers.ChoiceField(choices=Stage.choices)
    identification_kind = serializers.ChoiceField(choices=IdentificationKind.choices)
    identified_by = serializers.ChoiceField(choices=IdentifiedBy.choices)
    identifying_institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.none(), required=False, allow_null=True
    )
    identified_on = serializers.DateField()
    identified_in = _municipality()
    municipality = _municipality()
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = serializers.ChoiceField(
        choices=AgeBand.choices,
        default=AgeBand.UNKNOWN,
        help_text=gettext_lazy("Left unknown, it is worked out from the date of birth."),
    )
    citizenship = serializers.RegexField(
        r"^([A-Za-z]{2}|unknown)$",
        max_length=7,
        default="unknown",
        error_messages={"invalid": gettext_lazy("Use a two-letter country code or “unknown”.")},
    )
    exploitation = serializers.ChoiceField(
        choices=Exploitation.choices, default=Exploitation.UNKNOWN
    )
    labour_kind = serializers.ChoiceField(
        choices=LabourKind.choices, default=LabourKind.NOT_APPLICABLE
    )
    recruiter_relation = serializers.ChoiceField(
        choices=RecruiterRelation.choices, default=RecruiterRelation.UNKNOWN
    )
    exploited_where = serializers.ChoiceField(choices=Where.choices, default=Where.UNKNOWN)
    duration = serializers.ChoiceField(choices=Duration.choices, default=Duration.UNKNOWN)
    team = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Institution.objects.none(),
        required=False,
        help_text=gettext_lazy("Other institutions of the region on the team."),
    )
    confirm_new = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy("Register even though the person may already have a case."),
    )

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        if region is not None:
            municipalities = Municipality.objects.filter(region=region)
            institutions = Institution.objects.filter(region=region, is_active=True)
            self.fields["identified_in"].queryset = municipalities  # type: ignore[attr-defined]
            self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
            self.fields["identifying_institution"].queryset = institutions  # type: ignore[attr-defined]
            self.fields["team"].child_relation.queryset = institutions  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person = attrs["person"]
        attrs["age_band"] = age_band_for(
            age_band=attrs["age_band"],
            date_of_birth=person.get("date_of_birth"),
            identified_on=attrs["identified_on"],
        )
        citizenship = attrs["citizenship"]
        attrs["citizenship"] = citizenship.upper() if len(citizenship) == 2 else "unknown"
        problems = registration_problems(
            identified_on=attrs["identified_on"],
            date_of_birth=person.get("date_of_birth"),
            age_band=attrs["age_band"],
            guardian=person.get("guardian", ""),
        )
        if problems:
            errors: dict[str, Any] = {}
            for name, message in problems.items():
                if name in IDENTITY_FIELDS:
                    errors.setdefault("person", {})[name] = [message]
                else:
                    errors[name] = [message]
            raise ValidationError(errors)
        return attrs

    def draft(self) -> CaseDraft:
        data = self.validated_data
        assert self.region is not None
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
        person = self.validated_data["person"]
        texts = {n: person.get(n) or "" for n in IDENTITY_FIELDS if n != "date_of_birth"}
        return Identity(date_of_birth=person.get("date_of_birth"), **texts)


def possible_earlier_record(found: PossibleMatches) -> str:
    """The refusal that names possible earlier records of the person: codes on the
    caller's teams, a count elsewhere."""
    parts = []
    if found.visible:
        parts.append(_("%(codes)s on your teams") % {"codes": ", ".join(found.visible)})
    if found.elsewhere:
        parts.append(
            ngettext(
                "%(n)d on another team (raise it with the table)",
                "%(n)d on other teams (raise it with the table)",
                found.elsewhere,
            )
            % {"n": found.elsewhere}
        )
    return _(
        "This person may already have a case: %(found)s. To register a new case anyway, "
        "send confirm_new: true."
    ) % {"found": "; ".join(parts)}
