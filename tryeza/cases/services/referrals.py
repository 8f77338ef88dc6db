"""Referrals: one or several institutions at once, each carrying the person's consent."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.cases.choices import CasePart, ReferralStatus
from tryeza.cases.models import IDENTITY_FIELDS, Case, Referral
from tryeza.cases.services.care import provider_offers
from tryeza.cases.services.case import CaseError

if TYPE_CHECKING:
    from tryeza.accounts.models import User
    from tryeza.directory.models import Institution
    from tryeza.geography.models import Municipality


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    to: Sequence[Institution],
    service: str,
    consent_given_on: datetime.date,
    consent_parts: Sequence[str],
    consent_identity_fields: Sequence[str] = (),
    destination: Municipality | None = None,
) -> list[Referral]:
    """Refer the case to every institution in ``to`` at once (one batch). With a service,
    each receiver must offer it; without one it is a notification."""
    if not to:
        raise CaseError(_("Choose at least one institution."))
    if consent_given_on > timezone.localdate():
        raise CaseError(_("Consent cannot be dated in the future."))
    unknown = set(consent_parts) - set(CasePart.values)
    unknown |= set(consent_identity_fields) - set(IDENTITY_FIELDS)
    if unknown:
        raise CaseError(_("Unknown parts of the case: %(parts)s") % {"parts": sorted(unknown)})
    if actor.institution is None:
        raise CaseError(_("Your account has no institution."))
    if service:
        refused = [str(i) for i in to if not provider_offers(i, service)]
        if refused:
            raise CaseError(
                _("%(names)s do not offer this service.") % {"names": ", ".join(refused)}
            )
    referrals = []
    first = Referral(case=case)  # shares its batch with the rest
    for institution in to:
        referral = Referral.objects.create(
            case=case,
            batch=first.batch,
            from_institution=actor.institution,
            to_institution=institution,
            service=service,
            destination=destination,
            consent_given_on=consent_given_on,
            consent_parts=sorted(set(consent_parts)),
            consent_identity_fields=[
                f for f in IDENTITY_FIELDS if f in set(consent_identity_fields)
            ],
            sent_by=actor,
        )
        referrals.append(referral)
        audit_record(
            actor=actor,
            action="case.refer",
            object_type="case",
            object_ref=case.code,
            fields=[*referral.consent_parts, *referral.consent_identity_fields],
            detail=f"to institution {institution.pk}",
        )
    return referrals


@transaction.atomic
def referral_respond(
    *, actor: User, referral: Referral, accept: bool, reason: str = ""
) -> Referral:
    """The receiving institution accepts or declines (a decline says why)."""
    if referral.status != ReferralStatus.SENT:
        raise CaseError(_("This referral has already been answered."))
    if not accept and not reason.strip():
        raise CaseError(_("Say why the referral is declined."))
    updated = Referral.objects.filter(pk=referral.pk, status=ReferralStatus.SENT).update(
        status=ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED,
        responded_at=timezone.now(),
        responded_by=actor,
        response_reason=reason.strip(),
    )
    if not updated:
        raise CaseError(_("This referral has already been answered."))
    referral.refresh_from_db()
    audit_record(
        actor=actor,
        action="case.referral.accept" if accept else "case.referral.decline",
        object_type="case",
        object_ref=referral.case.code,
        detail=f"referral {referral.pk}",
    )
    return referral
