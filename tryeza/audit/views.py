from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tryeza.audit.forms import AuditFilterForm
from tryeza.audit.selectors import audit_entries_visible_to, can_read_audit
from tryeza.audit.services import audit_verify


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
    context = {"form": form, "page": page, "chain": audit_verify()}
    return render(request, "audit/log.html", context)
