from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from tryeza.audit.forms import AuditFilterForm
from tryeza.audit.models import Verification
from tryeza.audit.selectors import audit_entries_visible_to, can_read_audit
from tryeza.audit.services import chain_state, verification_ask


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The data-protection officer's view of the audit log, with the chain's state."""
    if not can_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(request.user)
    if form.is_valid():
        entries = form.apply(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "chain": chain_state()}
    return render(request, "audit/log.html", context)


@login_required
@require_POST
def verification_start(request: HttpRequest) -> HttpResponse:
    """Ask the task worker to walk the whole chain; one walk at a time."""
    if not can_read_audit(request.user):
        raise Http404
    officer: Any = request.user  # signed in: can_read_audit said so
    verification_ask(officer)
    response = redirect("audit:log")
    response["Location"] += "#chain"
    return response


@login_required
def verification_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The walk's progress bar, which htmx fetches every second until it is finished."""
    verification = Verification.objects.filter(pk=pk).first()
    if not can_read_audit(request.user) or verification is None:
        raise Http404
    if verification.finished:
        # Finished: the chain's state replaces the whole block, and polling stops.
        response = render(request, "audit/_chain.html", {"chain": chain_state()})
        response["HX-Retarget"] = "#chain"
        response["HX-Reswap"] = "outerHTML"
    else:
        response = render(request, "audit/_progress.html", {"verification": verification})
    add_never_cache_headers(response)
    return response
