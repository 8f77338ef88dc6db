"""Every write of case work, and the reveal of identifiers. Split by subdomain:
``case`` (registration, identity, status), ``care`` (screening to follow-up),
``referrals``, ``leaks`` (the name guard for text leaving the team)."""

from tryeza.cases.services.care import (
    assessment_record,
    cooperation_record,
    escalation_create,
    followup_record,
    provider_offers,
    rights_record,
    screening_record,
    service_plan,
    service_update,
)
from tryeza.cases.services.case import (
    CaseDraft,
    CaseError,
    Identity,
    PossibleMatches,
    VersionConflict,
    case_change_status,
    case_record_view,
    case_register,
    cases_record_export,
    identity_find_matches,
    identity_reindex,
    identity_reveal,
    identity_reveal_referred,
    identity_update,
)
from tryeza.cases.services.leaks import text_names_a_person
from tryeza.cases.services.referrals import referral_respond, referral_send

__all__ = [
    "CaseDraft",
    "CaseError",
    "Identity",
    "PossibleMatches",
    "VersionConflict",
    "assessment_record",
    "case_change_status",
    "case_record_view",
    "case_register",
    "cases_record_export",
    "cooperation_record",
    "escalation_create",
    "followup_record",
    "identity_find_matches",
    "identity_reindex",
    "identity_reveal",
    "identity_reveal_referred",
    "identity_update",
    "provider_offers",
    "referral_respond",
    "referral_send",
    "rights_record",
    "screening_record",
    "service_plan",
    "service_update",
    "text_names_a_person",
]
