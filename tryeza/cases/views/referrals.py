"""Referral pages: the team refers a case to one or several institutions with the person's
consent; the receiving institution answers from its inbox and sees the referred case —
the consented parts and nothing else."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tryeza.cases.access import (
    get_case_for_user,
    get_referral_for_user,
    referrals_received_by,
    reveal_purposes,
    works_cases,
)
from tryeza.cases.choices import CasePart, ReferralStatus
from tryeza.cases.forms import IDENTITY_LABELS
from tryeza.cases.forms_care import ReferralForm, ReferredRevealForm, ResponseForm
from tryeza.cases.models import Referral
from tryeza.cases.services import (
    CaseError,
    identity_reveal_referred,
    referral_respond,
    referral_send,
)
from tryeza.cases.views.care import assessment_rows, case_page, explain_screenings
from tryeza.cases.views.case import _private
from tryeza.directory.selectors import institutions_visible_to


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, code: str) -> HttpResponse:
    """Refer the case to one or several institutions at once, and list what was sent."""
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    institutions = (
        institutions_visible_to(user)
        .exclude(pk=user.institution_id)
        .order_by("region__name", "name")
    )
    form = ReferralForm(
        request.POST if request.method == "POST" else None, institutions=institutions
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            sent = referral_send(
                actor=user,
                case=case,
                to=list(data["to"]),
                service=data["service"],
                consent_given_on=data["consent_given_on"],
                consent_parts=data["consent_parts"],
                consent_identity_fields=data["consent_identity_fields"],
                destination=data["destination"],
            )
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "The case was referred to %(count)d institution.",
                    "The case was referred to %(count)d institutions.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
            return redirect(request.path)
    referrals = case.referrals.select_related("to_institution", "from_institution", "destination")
    context = {"form": form, "rows": [(referral, _shared(referral)) for referral in referrals]}
    return case_page(request, case, "cases/referrals/refer.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Referrals to the user's institution: those waiting for an answer first."""
    if not works_cases(request.user):
        raise Http404
    waiting = ExpressionWrapper(Q(status=ReferralStatus.SENT), output_field=BooleanField())
    referrals = referrals_received_by(request.user).order_by(waiting.desc(), "-sent_at")
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    return _private(render(request, "cases/referrals/inbox.html", {"page": page}))


@login_required
@require_http_methods(["GET", "POST"])
def received(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiver's view of a referred case: the code, who sent it, the service and only
    the parts and identifiers the person consented to share with this institution."""
    referral = get_referral_for_user(request.user, pk)
    user: Any = request.user
    allowed = list(referral.consent_identity_fields)
    reveal_form = ReferredRevealForm(purposes=reveal_purposes(user), allowed=allowed)
    response_form = ResponseForm()
    revealed: list[tuple[str, str]] | None = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("accept", "decline"):
        response_form = ResponseForm(request.POST, accept=action == "accept")
        if response_form.is_valid():
            try:
                referral_respond(
                    actor=user,
                    referral=referral,
                    accept=action == "accept",
                    reason=response_form.cleaned_data["reason"],
                )
            except CaseError as exc:
                response_form.add_error(None, str(exc))
            else:
                messages.success(request, _answered(referral, accepted=action == "accept"))
                return redirect("cases:referrals-received")
    elif action == "reveal" and allowed:
        reveal_form = ReferredRevealForm(
            request.POST, purposes=reveal_purposes(user), allowed=allowed
        )
        if reveal_form.is_valid():
            try:
                # Shown in this response only: nothing is kept in the session.
                values = identity_reveal_referred(
                    actor=user,
                    referral=referral,
                    purpose=reveal_form.cleaned_data["purpose"],
                    fields=reveal_form.chosen_fields(),
                )
            except CaseError as exc:
                reveal_form.add_error(None, str(exc))
            else:
                revealed = [(str(IDENTITY_LABELS[name]), value) for name, value in values.items()]
    context = {
        "case": referral.case,
        "referral": referral,
        "response_form": response_form,
        "reveal_form": reveal_form,
        "revealed": revealed,
        "allowed_labels": [IDENTITY_LABELS[name] for name in allowed],
        **_consented(referral),
    }
    if revealed is not None:
        # The reveal was recorded with its fields and purpose; no second entry for the page.
        return _private(render(request, "cases/referrals/received.html", context))
    return case_page(request, referral.case, "cases/referrals/received.html", context)


def _shared(referral: Referral) -> list[str]:
    """What went with a referral, in words."""
    parts = [
        str(CasePart(part).label) for part in referral.consent_parts if part in CasePart.values
    ]
    names = [str(IDENTITY_LABELS[name]) for name in referral.consent_identity_fields]
    return parts + names


def _answered(referral: Referral, *, accepted: bool) -> str:
    if accepted:
        return _("You accepted the referral of %(code)s.") % {"code": referral.case.code}
    return _("You declined the referral of %(code)s.") % {"code": referral.case.code}


def _consented(referral: Referral) -> dict[str, Any]:
    """The parts of the case the person agreed to share; the others are not even read."""
    parts = set(referral.consent_parts)
    case = referral.case
    return {
        "show_profile": CasePart.PROFILE in parts,
        "rows": (
            explain_screenings(list(case.screenings.select_related("by")))
            if CasePart.SCREENING in parts
            else None
        ),
        "assessments": assessment_rows(case) if CasePart.NEEDS in parts else None,
        "services": (
            [(planned, None) for planned in case.services.select_related("provider")]
            if CasePart.NEEDS in parts
            else None
        ),
        "follow_ups": (
            case.follow_ups.select_related("by") if CasePart.FOLLOW_UP in parts else None
        ),
        "not_shared": [part.label for part in CasePart if part not in parts],
    }
