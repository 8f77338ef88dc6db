from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    object_ref = forms.CharField(label=_("Case code"), max_length=60, required=False)
    action = forms.CharField(label=_("Action"), max_length=60, required=False)
    username = forms.CharField(label=_("Username"), max_length=150, required=False)

    def apply(self, entries: Any) -> Any:
        data = self.cleaned_data
        if data.get("object_ref"):
            entries = entries.filter(object_ref__iexact=data["object_ref"].strip())
        if data.get("action"):
            entries = entries.filter(action__startswith=data["action"].strip())
        if data.get("username"):
            entries = entries.filter(actor_username=data["username"].strip())
        return entries
