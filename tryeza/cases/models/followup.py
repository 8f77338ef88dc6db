from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import EscalationReason, FollowUpKind, SchoolStatus
from tryeza.cases.indicators import RiskLevel
from tryeza.cases.models.case import Case
from tryeza.directory.models import Structure


class FollowUp(models.Model):
    """A follow-up contact on the way to reintegration."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    school = models.CharField(
        _("school"),
        max_length=15,
        choices=SchoolStatus.choices,
        default=SchoolStatus.NOT_APPLICABLE,
    )
    working = models.BooleanField(_("working"), null=True, blank=True)
    retrafficking_risk = models.CharField(
        _("risk of re-trafficking"), max_length=10, choices=RiskLevel.choices
    )
    note = models.TextField(_("situation"), blank=True)
    next_due = models.DateField(_("next follow-up due"), null=True, blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.case_id} {self.on}"


class Escalation(models.Model):
    """An intricate case taken to the Technical Working Table or the committee. They see
    it by code, with a reason from a list and an anonymous note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="escalated_cases", verbose_name=_("to")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=EscalationReason.choices)
    note = models.CharField(_("note (no names)"), max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.structure_id}"
