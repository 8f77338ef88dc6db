"""The vulnerability checklist and how a risk level is worked out from it.

Each indicator has a weight; the level is read from the sum against two thresholds, and
the explanation lists every ticked indicator with its weight, so a worker can see exactly
why a person was judged at high risk and what changed since the last screening. The lists
follow the seeds: women's and children's vulnerabilities, the family, and the area.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: Promise
    weight: int


GROUPS = {
    "woman": _("Woman"),
    "child": _("Child"),
    "family": _("Family"),
    "area": _("Area"),
    "trafficking": _("Signs of trafficking"),
}

INDICATORS = [
    Indicator("low_education", "woman", _("Little schooling"), 1),
    Indicator("no_stable_income", "woman", _("No stable income"), 2),
    Indicator("many_children", "woman", _("Many children"), 1),
    Indicator("single_mother", "woman", _("Single mother"), 1),
    Indicator("domestic_violence", "woman", _("Domestic violence"), 3),
    Indicator("forced_early_marriage", "woman", _("Forced or early marriage"), 3),
    Indicator("family_crisis", "child", _("Family in crisis (divorce, homelessness, poverty)"), 2),
    Indicator("single_parent", "child", _("Single parent"), 1),
    Indicator("parent_addiction", "child", _("Addiction in the family"), 2),
    Indicator("orphan_no_care", "child", _("Orphaned or without parental care"), 3),
    Indicator("neglect", "child", _("Neglected"), 2),
    Indicator("school_abandonment", "child", _("Left school"), 2),
    Indicator("hidden_dropout", "child", _("Enrolled but not attending (hidden drop-out)"), 2),
    Indicator("no_birth_registration", "child", _("No birth registration or legal identity"), 3),
    Indicator("blood_feud", "child", _("Kept at home by a blood feud"), 3),
    Indicator("child_labour_street", "child", _("Working or begging in the street"), 3),
    Indicator("problematic_family", "family", _("Problematic family relations"), 1),
    Indicator("unregistered_family", "family", _("Family not registered"), 2),
    Indicator("family_migration", "family", _("Family member migrated or seasonal migration"), 1),
    Indicator("extreme_poverty", "family", _("Extreme poverty"), 2),
    Indicator("area_migration", "area", _("Area of high migration"), 1),
    Indicator("area_poverty", "area", _("Poor area"), 1),
    Indicator("area_violence_reports", "area", _("Area with many domestic violence reports"), 1),
    Indicator("job_offer_abroad", "trafficking", _("Unverified job or marriage offer abroad"), 3),
    Indicator("documents_held", "trafficking", _("Documents held by someone else"), 4),
    Indicator("controlled_movement", "trafficking", _("Movement or contact controlled"), 4),
    Indicator("debt_bondage", "trafficking", _("Debt owed to an employer or recruiter"), 4),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

# Sum of weights from which a level applies.
MEDIUM_FROM = 4
HIGH_FROM = 8


def risk_level(codes: list[str]) -> tuple[int, str]:
    """The score and level of a set of ticked indicators (unknown codes are ignored)."""
    score = sum(BY_CODE[code].weight for code in set(codes) if code in BY_CODE)
    if score >= HIGH_FROM:
        return score, RiskLevel.HIGH
    if score >= MEDIUM_FROM:
        return score, RiskLevel.MEDIUM
    return score, RiskLevel.LOW
