from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import Cooperation, ServiceStatus
from tryeza.cases.models.case import Case
from tryeza.directory.models import Institution, ServiceType


class RightsInformation(models.Model):
    """The person was told of their rights and of the services they may choose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rights_informed")
    informed_on = models.DateField(_("informed on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language used"), max_length=40, blank=True)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)

    class Meta:
        ordering = ["-informed_on"]
        verbose_name = _("rights information")
        verbose_name_plural = _("rights information")

    def __str__(self) -> str:
        return f"{self.case_id} {self.informed_on}"


class PoliceCooperation(models.Model):
    """Whether the person cooperates with police. Deliberately linked to nothing else:
    no service, referral or plan reads it, so assistance cannot depend on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cooperation")
    recorded_on = models.DateField(_("recorded on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("cooperation"), max_length=20, choices=Cooperation.choices)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("cooperation with police")
        verbose_name_plural = _("cooperation with police")

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"


class NeedsAssessment(models.Model):
    """A social worker's assessment of what the person needs."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessor_position = models.CharField(_("assessor's qualification"), max_length=120)
    needs = models.JSONField(_("services needed"), default=list)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on}"


class PlannedService(models.Model):
    """One service of the individual plan, from a provider the person chose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    provider = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED
    )
    chosen_by_person = models.BooleanField(_("chosen by the person"), default=True)
    planned_on = models.DateField(_("planned on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")

    def __str__(self) -> str:
        return f"{self.case_id} {self.service} {self.status}"
