import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import ReferralStatus
from tryeza.cases.models.case import Case
from tryeza.directory.models import Institution, ServiceType
from tryeza.geography.models import Municipality


class Referral(models.Model):
    """A case referred to an institution for a service, with the person's consent naming
    the parts of the case (and the identifiers) that go with it. The receiver sees those
    parts and nothing else."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    # Referrals sent together (one notification to several institutions) share a batch.
    batch = models.UUIDField(default=uuid.uuid4, db_index=True)
    from_institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    # Empty for a notification that asks for no service (e.g. to the prosecutor).
    service = models.CharField(_("service"), max_length=30, choices=ServiceType.choices, blank=True)
    # For a shelter referral: the place the person chose.
    destination = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place chosen by the person"),
    )
    consent_given_on = models.DateField(_("consent given on"))
    consent_parts = models.JSONField(_("parts shared"), default=list)
    consent_identity_fields = models.JSONField(_("identifiers shared"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["to_institution", "status"])]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_institution_id} ({self.service})"

    @property
    def response_time(self) -> datetime.timedelta | None:
        return self.responded_at - self.sent_at if self.responded_at else None
