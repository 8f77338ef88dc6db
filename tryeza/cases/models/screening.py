from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.cases.indicators import RiskLevel
from tryeza.cases.models.case import Case


class Screening(models.Model):
    """One vulnerability screening; repeated over time so change is visible."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    screened_on = models.DateField(_("screened on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    indicators = models.JSONField(_("indicators"), default=list)
    score = models.PositiveSmallIntegerField(_("score"))
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-screened_on", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.case_id} {self.screened_on} {self.level}"
