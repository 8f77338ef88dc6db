"""Cases of at-risk and trafficked persons. The confidentiality model is in README.md
beside this file; in short: a ``Case`` row holds only anonymous facts and the case code,
``CaseIdentity`` holds the person's identifiers encrypted, and every read of a case goes
through ``tryeza.cases.access``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import (
    AgeBand,
    Channel,
    ClosureReason,
    Duration,
    Exploitation,
    IdentificationKind,
    IdentifiedBy,
    LabourKind,
    Purpose,
    RecruiterRelation,
    Sex,
    Stage,
    Status,
    Where,
)
from tryeza.cases.indicators import RiskLevel
from tryeza.directory.models import Institution
from tryeza.geography.models import Municipality, Region

# The fields of a person's identity, all inside the encrypted document.
IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "other_names",
    "date_of_birth",
    "id_number",
    "address",
    "phone",
    "family_members",
    "guardian",
)


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> "CaseQuerySet":
        return self.filter(status__in=[Status.REGISTERED, Status.PENDING])


class Case(models.Model):
    """One person's case, known outside the team only by its code."""

    code = models.CharField(_("case code"), max_length=20, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cases", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("municipality"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    lead_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("lead institution"),
    )

    # Identification: who, how, where and when.
    identification_kind = models.CharField(
        _("identification"), max_length=10, choices=IdentificationKind.choices
    )
    identified_by = models.CharField(
        _("identified by"), max_length=20, choices=IdentifiedBy.choices
    )
    identifying_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="identified_cases",
        verbose_name=_("identifying institution"),
    )
    identified_on = models.DateField(_("identified on"))
    identified_in = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identified in"),
    )

    # Anonymous profile in standard categories.
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = models.CharField(
        _("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=7, default="unknown", help_text=_("ISO country code")
    )
    exploitation = models.CharField(
        _("type of exploitation"),
        max_length=20,
        choices=Exploitation.choices,
        default=Exploitation.UNKNOWN,
    )
    labour_kind = models.CharField(
        _("kind of labour"),
        max_length=20,
        choices=LabourKind.choices,
        default=LabourKind.NOT_APPLICABLE,
    )
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruiter_relation = models.CharField(
        _("recruiter"),
        max_length=10,
        choices=RecruiterRelation.choices,
        default=RecruiterRelation.UNKNOWN,
    )
    exploited_where = models.CharField(
        _("where"), max_length=10, choices=Where.choices, default=Where.UNKNOWN
    )
    duration = models.CharField(
        _("duration"), max_length=10, choices=Duration.choices, default=Duration.UNKNOWN
    )

    # Kept in step by the screening and follow-up services, so the list filters cheaply.
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    next_follow_up = models.DateField(_("next follow-up due"), null=True, blank=True)

    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "number"], name="one_number_per_region_year"
            )
        ]
        indexes = [
            models.Index(fields=["region", "status", "stage"]),
            # The case list: newest first, often narrowed to one status; with the team
            # index below the planner reads one page instead of sorting every case of the
            # institution (docs/PERFORMANCE.md).
            models.Index(fields=["-year", "-number"], name="case_newest_first"),
            models.Index(fields=["status", "-year", "-number"], name="case_status_newest_first"),
            # The list's count by status: a merge join of two index-only scans in id order.
            models.Index(fields=["status", "id"], name="case_status_id"),
            # Reports count a region's cases identified in a half-year
            # (``access.case_counts``): the cases of those days, not the region's all.
            models.Index(fields=["region", "identified_on"], name="case_region_identified"),
            # The latest change to any case: part of the key of cached national figures
            # (reporting/figures_cache.py), one index read instead of every case.
            models.Index(fields=["updated_at"], name="case_updated_at"),
            # And on PostgreSQL only, a trigram index for a code searched by any part of
            # it (migration 0005_case_code_trigram: SQLite has no such index).
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_minor(self) -> bool:
        return self.age_band in AgeBand.minors()

    @staticmethod
    def make_code(abbreviation: str, year: int, number: int) -> str:
        return f"{abbreviation}-{year}-{number:04d}"


class CaseIdentity(models.Model):
    """A person's identifiers, encrypted. Never read except through
    ``tryeza.cases.services.identity_reveal``, which logs who looked and why."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity")
    ciphertext = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return f"identity of {self.case_id}"


class IdentityIndex(models.Model):
    """Keyed digests of normalised identifiers, to find a possible earlier record of the
    same person without decrypting anything (see ``crypto.blind_index``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="index_entries")
    kind = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("identity index entry")
        verbose_name_plural = _("identity index entries")

    def __str__(self) -> str:
        return f"{self.kind} of {self.case_id}"


class TeamMember(models.Model):
    """An institution on a case's team. Its case workers are on the team; one leads."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="case_teams",
        verbose_name=_("institution"),
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "institution"], name="institution_once_per_team"
            )
        ]
        # An institution's cases, answered from the index alone ("cases of my teams").
        indexes = [models.Index(fields=["institution", "case"], name="team_institution_case")]

    def __str__(self) -> str:
        return f"{self.institution} on {self.case_id}"


class StatusChange(models.Model):
    """The history of a case's stage and status."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_history")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.stage}/{self.status}"


class CaseAccess(models.Model):
    """Who looked at a case: every page, API answer and export, and every reveal of
    identifiers with the fields shown and the purpose stated."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(_("through"), max_length=10, choices=Channel.choices)
    fields = models.JSONField(_("identifiers shown"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to a case")
        verbose_name_plural = _("accesses to cases")

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel} {self.case_id}"
