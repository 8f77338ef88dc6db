"""Forms of the meeting loop. They turn what a person typed into the values the services
take, and refuse what cannot be right (an end before the start, a person of another
institution) with a message; the services' own rules come back as ``MeetingError``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryeza.cases.services.leaks import text_names_a_person
from tryeza.directory.models import Institution, Structure
from tryeza.meetings.models import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    TaskStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NAME_IN_TEXT = _(
    "This text seems to contain the name of a person in a case. Structures speak of cases "
    "by their code only: remove the name and save again."
)
EDITABLE_AGENDA = _("The agenda of a held or cancelled meeting can no longer be changed.")


def names_a_person(text: str, structure: Structure) -> bool:
    """The leak guard for fields the services do not check themselves (the place)."""
    return bool(text) and text_names_a_person(text, region_id=structure.region_id)


def _set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _choices(objects: Iterable[Any], blank: str | None = None) -> list[tuple[str, str]]:
    rows = [(str(obj.pk), str(obj)) for obj in objects]
    return ([("", blank)] if blank is not None else []) + rows


class PageForm(forms.Form):
    """A form that shares the meeting page with others: its ids carry its own prefix."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MeetingPlanForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    proposals_until = forms.DateTimeField(
        label=_("Members may propose items until"),
        required=False,
        widget=DATETIME,
        help_text=_("Leave empty to accept proposals until the agenda is published."),
    )

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure

    def clean_place(self) -> str:
        place: str = self.cleaned_data["place"]
        if names_a_person(place, self.structure):
            raise forms.ValidationError(NAME_IN_TEXT)
        return place

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("starts") and data.get("ends"):
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(data["day"], data["starts"])
            )
            data["ends_at"] = timezone.make_aware(
                datetime.datetime.combine(data["day"], data["ends"])
            )
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("A meeting must end after it starts."))
            until = data.get("proposals_until")
            if until and until > data["starts_at"]:
                self.add_error("proposals_until", _("Proposals must close before the meeting."))
        return data


class ItemProposeForm(PageForm):
    id_prefix = "propose"
    title = forms.CharField(label=_("Item"), max_length=200)
    description = forms.CharField(
        label=_("Why it should be discussed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Speak of cases by their code only."),
    )


class AgendaPublishForm(PageForm):
    """A checkbox and a place in the order for each proposed item; automatic items
    (follow-ups, escalated cases) always come first."""

    id_prefix = "agenda"
    version = forms.IntegerField(widget=forms.HiddenInput)
    notify = forms.BooleanField(
        label=_("E-mail the agenda to the member institutions"), required=False, initial=True
    )

    def __init__(self, *args: Any, meeting: Meeting, items: Sequence[AgendaItem], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.regular = [item for item in items if item.kind == ItemKind.REGULAR]
        self.fields["version"].initial = meeting.version
        for position, item in enumerate(self.regular, start=1):
            self.fields[f"accept_{item.pk}"] = forms.BooleanField(
                label=item.display_title, required=False, initial=item.status != "declined"
            )
            self.fields[f"order_{item.pk}"] = forms.IntegerField(
                label=_("Order"), min_value=1, max_value=999, initial=position, required=False
            )

    def rows(self) -> list[tuple[AgendaItem, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"accept_{i.pk}"], self[f"order_{i.pk}"]) for i in self.regular]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
            raise forms.ValidationError(EDITABLE_AGENDA)
        return data

    def accepted(self) -> list[int]:
        data = self.cleaned_data
        chosen = [item for item in self.regular if data.get(f"accept_{item.pk}")]
        chosen.sort(key=lambda item: (data.get(f"order_{item.pk}") or 999, item.order))
        return [item.pk for item in chosen]


class TaskStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)


class TermsDraftForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the terms of reference"),
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class PresidencyForm(forms.Form):
    starts_on = forms.TypedChoiceField(
        label=_("Term"), coerce=datetime.date.fromisoformat, choices=[]
    )
    institution = forms.ChoiceField(label=_("President"))

    def __init__(
        self,
        *args: Any,
        members: Sequence[Institution],
        terms: Sequence[datetime.date],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {i.pk: i for i in members}
        _set_choices(self, "starts_on", [(d.isoformat(), d.isoformat()) for d in terms])
        _set_choices(self, "institution", _choices(members))

    def chosen_institution(self) -> Institution:
        return self.members[int(self.cleaned_data["institution"])]


class WorkPlanForm(forms.Form):
    starts_on = forms.TypedChoiceField(
        label=_("Six months from"), coerce=datetime.date.fromisoformat, choices=[]
    )
    meeting = forms.ChoiceField(label=_("Adopted at the meeting"))

    def __init__(
        self,
        *args: Any,
        terms: Sequence[datetime.date],
        meetings: Sequence[Meeting],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        _set_choices(self, "starts_on", [(d.isoformat(), d.isoformat()) for d in terms])
        _set_choices(
            self,
            "meeting",
            [
                (str(m.pk), f"{timezone.localtime(m.starts_at):%Y-%m-%d} · {m.place}")
                for m in meetings
            ],
        )

    def chosen_meeting(self) -> Meeting:
        return self.meetings[int(self.cleaned_data["meeting"])]


class ActivityForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=300, required=False)
    responsible = forms.ChoiceField(label=_("Responsible"), required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args: Any, members: Sequence[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {i.pk: i for i in members}
        _set_choices(self, "responsible", _choices(members, blank="—"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("activity") and not (data.get("responsible") and data.get("due_on")):
            raise forms.ValidationError(_("Give each activity a responsible member and a date."))
        if data.get("responsible"):
            data["responsible"] = self.members[int(data["responsible"])]
        return data


ActivityFormSet = forms.formset_factory(ActivityForm, extra=5, max_num=30)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        coerce=int,
        choices=[("1", _("January – June")), ("2", _("July – December"))],
    )

    def period(self) -> tuple[datetime.date, datetime.date]:
        year, half = self.cleaned_data["year"], self.cleaned_data["half"]
        if half == 1:
            return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
