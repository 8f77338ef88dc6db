"""Terms of reference (regulation manual) of a structure, in versions; each version is
approved on the page of the meeting that approved it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tryeza.directory.selectors import get_structure_for_user
from tryeza.meetings import selectors
from tryeza.meetings.forms import TermsDraftForm
from tryeza.meetings.services import MeetingError, terms_draft


@login_required
@require_http_methods(["GET", "POST"])
def terms_view(request: HttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk)
    runs = selectors.runs_meetings_of(request.user, structure)
    form = TermsDraftForm(request.POST or None)
    if request.method == "POST":
        if not runs:
            raise PermissionDenied
        if form.is_valid():
            try:
                terms = terms_draft(
                    actor=request.user,  # type: ignore[arg-type]
                    structure=structure,
                    text=form.cleaned_data["text"],
                )
            except MeetingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Version %(version)s was saved as a draft. Approve it on the page of "
                        "the meeting that adopts it."
                    )
                    % {"version": terms.version},
                )
                return redirect("meetings:terms", pk=structure.pk)
    context = {
        "structure": structure,
        "versions": structure.terms_of_reference.select_related("approved_at"),
        "runs": runs,
        "form": form,
    }
    return render(request, "meetings/terms.html", context)
