"""Case models, split by subdomain: the case and its identity (``case``), screening
(``screening``), the individual plan and its services (``plan``), referrals with consent
(``referral``), follow-up and escalation (``followup``)."""

from tryeza.cases.models.case import (
    IDENTITY_FIELDS,
    Case,
    CaseAccess,
    CaseIdentity,
    CaseQuerySet,
    IdentityIndex,
    StatusChange,
    TeamMember,
)
from tryeza.cases.models.followup import Escalation, FollowUp
from tryeza.cases.models.plan import (
    NeedsAssessment,
    PlannedService,
    PoliceCooperation,
    RightsInformation,
)
from tryeza.cases.models.referral import Referral
from tryeza.cases.models.screening import Screening

__all__ = [
    "IDENTITY_FIELDS",
    "Case",
    "CaseAccess",
    "CaseIdentity",
    "CaseQuerySet",
    "Escalation",
    "FollowUp",
    "IdentityIndex",
    "NeedsAssessment",
    "PlannedService",
    "PoliceCooperation",
    "Referral",
    "RightsInformation",
    "Screening",
    "StatusChange",
    "TeamMember",
]
