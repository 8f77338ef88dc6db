"""Forms of what the secretariat records of a meeting (``views/minutes.py``): attendance,
minutes, decisions and tasks. The attendance and task forms offer each member
institution's own contacts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tryeza.directory.models import Contact, Institution
from tryeza.meetings.forms import DATE, PageForm, _choices, _set_choices
from tryeza.meetings.models import AgendaItem, Decision, Meeting, Presence


def _by_institution(contacts: Iterable[Contact]) -> dict[int, list[Contact]]:
    """Contacts grouped once: a committee has sixty members and hundreds of contacts, and
    picking each member's out of all of them was most of the meeting page's time."""
    grouped: dict[int, list[Contact]] = defaultdict(list)
    for contact in contacts:
        grouped[contact.institution_id].append(contact)
    return grouped


class AttendanceForm(PageForm):
    """One row per member institution: presence, and who represented it (one of its own
    contacts). A row left empty is not recorded."""

    id_prefix = "attendance"

    def __init__(
        self,
        *args: Any,
        members: Sequence[Institution],
        contacts: Sequence[Contact],
        recorded: dict[int, tuple[str, int | None]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.contacts = {contact.pk: contact for contact in contacts}
        own_contacts = _by_institution(contacts)
        # Translated once for the sixty rows, not once a row and option.
        presences = [("", str(_("not recorded"))), *((v, str(n)) for v, n in Presence.choices)]
        for institution in self.members:
            presence, representative = recorded.get(institution.pk, ("", None))
            self.fields[f"presence_{institution.pk}"] = forms.ChoiceField(
                label=str(institution),
                choices=presences,
                required=False,
                initial=presence,
            )
            self.fields[f"representative_{institution.pk}"] = forms.ChoiceField(
                label=_("Representative"),
                choices=_choices(own_contacts[institution.pk], blank="—"),
                required=False,
                initial=str(representative or ""),
            )

    def rows(self) -> list[tuple[Institution, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"presence_{i.pk}"], self[f"representative_{i.pk}"]) for i in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for institution in self.members:
            chosen = data.get(f"representative_{institution.pk}")
            if chosen and not data.get(f"presence_{institution.pk}"):
                self.add_error(f"presence_{institution.pk}", _("Say whether the institution came."))
        return data

    def attendance(self) -> list[tuple[Institution, str, Contact | None]]:
        data = self.cleaned_data
        rows = []
        for institution in self.members:
            presence = data.get(f"presence_{institution.pk}")
            if presence:
                chosen = data.get(f"representative_{institution.pk}")
                rows.append((institution, presence, self.contacts[int(chosen)] if chosen else None))
        return rows


class MinutesForm(PageForm):
    id_prefix = "minutes"
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("General discussion"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    notify = forms.BooleanField(
        label=_("E-mail the minutes to the member institutions"), required=False
    )

    def __init__(self, *args: Any, meeting: Meeting, items: Sequence[AgendaItem], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["version"].initial = meeting.version
        self.fields["summary"].initial = meeting.minutes_summary
        for item in self.items:
            self.fields[f"discussion_{item.pk}"] = forms.CharField(
                label=item.display_title,
                required=False,
                max_length=20000,
                initial=item.discussion,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def discussion_fields(self) -> list[forms.BoundField]:
        return [self[f"discussion_{item.pk}"] for item in self.items]

    def discussions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"discussion_{item.pk}"] for item in self.items}


class DecisionForm(PageForm):
    id_prefix = "decision"
    text = forms.CharField(
        label=_("Decision"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    item = forms.ChoiceField(label=_("On the item"), required=False)
    consensus = forms.TypedChoiceField(
        label=_("Position of the members"),
        choices=[("", _("not recorded")), ("yes", _("Consensus")), ("no", _("No consensus"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )

    def __init__(
        self, *args: Any, items: Sequence[AgendaItem], positions: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        _set_choices(
            self, "item", [("", "—")] + [(str(item.pk), item.display_title) for item in items]
        )
        if not positions:
            # Committees and tables decide; only coalitions record members' positions.
            del self.fields["consensus"]

    def chosen_item(self) -> AgendaItem | None:
        value = self.cleaned_data.get("item")
        return self.items[int(value)] if value else None


class TaskAssignForm(PageForm):
    id_prefix = "task"
    description = forms.CharField(label=_("Task"), max_length=300)
    institution = forms.ChoiceField(label=_("Assigned to"))
    person = forms.ChoiceField(label=_("Person (optional)"), required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    decision = forms.ChoiceField(label=_("Following the decision"), required=False)

    def __init__(
        self,
        *args: Any,
        members: Sequence[Institution],
        contacts: Sequence[Contact],
        decisions: Sequence[Decision],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {i.pk: i for i in members}
        self.contacts = {c.pk: c for c in contacts}
        self.decisions = {d.pk: d for d in decisions}
        _set_choices(self, "institution", _choices(members, blank="—"))
        own_contacts = _by_institution(contacts)
        by_institution = [(str(i), _choices(own_contacts[i.pk])) for i in members]
        _set_choices(self, "person", [("", "—")] + [g for g in by_institution if g[1]])
        _set_choices(self, "decision", _choices(decisions, blank="—"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("institution"):
            data["institution"] = self.members[int(data["institution"])]
            person = self.contacts.get(int(data["person"])) if data.get("person") else None
            if person is not None and person.institution_id != data["institution"].pk:
                self.add_error("person", _("The person must work at the institution."))
            data["person"] = person
        data["decision"] = (
            self.decisions.get(int(data["decision"])) if data.get("decision") else None
        )
        return data
