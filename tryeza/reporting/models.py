"""Situational-analysis data: what each institution reports for its region and period
(a return of values), the committee's report over them, and the review trail.

Only aggregates live here; nothing in this app holds or reads a person's identity."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.directory.models import Institution
from tryeza.geography.models import Region


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Collecting figures")
    APPROVED = "approved", _("Approved by the committee")
    ACCEPTED = "accepted", _("Accepted by ONAC")


class DataReturn(models.Model):
    """One institution's figures for one region and half-year."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="data_returns"
    )
    period = models.CharField(_("period"), max_length=7)
    status = models.CharField(
        _("status"), max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    comment = models.TextField(_("comment from the secretariat"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # figures_cache
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["region", "period", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "institution", "period"], name="one_return_per_period"
            )
        ]
        verbose_name = _("data return")
        verbose_name_plural = _("data returns")

    def __str__(self) -> str:
        return f"{self.institution} {self.period}"


class Value(models.Model):
    """One figure or text of a return. ``dimension``/``category`` are empty for the total;
    ``period`` is the value's own period (a quarter inside a half-year return)."""

    data_return = models.ForeignKey(DataReturn, on_delete=models.CASCADE, related_name="values")
    element = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    dimension = models.CharField(max_length=20, blank=True)
    category = models.CharField(max_length=40, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["data_return", "element", "period", "dimension", "category"],
                name="one_value_per_cell",
            )
        ]
        indexes = [models.Index(fields=["element", "period"])]

    def __str__(self) -> str:
        return f"{self.element} {self.period} {self.dimension}:{self.category}"


class RegionReport(models.Model):
    """The committee's situational analysis for a half-year and the approval over the
    institutions' returns. Approval locks the returns; ONAC's acceptance closes it."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=7)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    is_baseline = models.BooleanField(_("baseline assessment"), default=False)
    summary = models.TextField(_("summary of the situation"), blank=True)
    context = models.TextField(_("social and economic context"), blank=True)
    response = models.TextField(
        _("anti-trafficking measures, accomplishments and gaps"), blank=True
    )
    action_plan = models.TextField(_("progress of the regional action plan"), blank=True)
    comment = models.TextField(_("comment from ONAC"), blank=True)
    version = models.PositiveIntegerField(default=1)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["region", "period"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="one_report_per_period")
        ]
        verbose_name = _("regional report")
        verbose_name_plural = _("regional reports")

    def __str__(self) -> str:
        return f"{self.region} {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status != ReportStatus.OPEN


class Explanation(models.Model):
    """Why institutions' figures for one element differ, recorded before approval."""

    report = models.ForeignKey(RegionReport, on_delete=models.CASCADE, related_name="explanations")
    element = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    text = models.TextField(_("explanation"))
    # The figure the committee stands by for the region, reported to ONAC.
    agreed = models.PositiveIntegerField(_("agreed figure"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True, db_index=True)  # figures_cache

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "element", "period"], name="one_explanation_per_element"
            )
        ]

    def __str__(self) -> str:
        return f"{self.element} {self.period}"


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned with a comment")
    APPROVED = "approved", _("approved")
    ACCEPTED = "accepted", _("accepted")
    REOPENED = "reopened", _("returned to the committee")


class ReviewEvent(models.Model):
    """The trail of a return or report through the workflow, shown on its page."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)  # figures_cache

    class Meta:
        ordering = ["at", "pk"]
        # The committee page shows a half-year's newest events first.
        indexes = [models.Index(fields=["region", "period", "-at"], name="review_trail")]

    def __str__(self) -> str:
        return f"{self.action} {self.period}"


class ElementBounds(models.Model):
    """ONAC's expected range for an element, to catch typos, and how far institutions'
    totals may differ before the committee must explain why."""

    element = models.CharField(max_length=40, unique=True)
    minimum = models.PositiveIntegerField(_("minimum"), default=0)
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)
    tolerance_percent = models.PositiveSmallIntegerField(_("tolerance (%)"), default=10)
    updated_at = models.DateTimeField(auto_now=True)  # figures_cache: tolerances

    def __str__(self) -> str:
        return self.element


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class ReportJob(models.Model):
    """A bi-annual report being built by the task worker; the person who asked watches its
    progress and downloads the file. ``region`` is empty for ONAC's national consolidation."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", null=True)
    period = models.CharField(max_length=7)
    language = models.CharField(max_length=5)
    format = models.CharField(max_length=4, choices=ReportFormat.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    file = models.BinaryField(null=True, blank=True)
    filename = models.CharField(max_length=100, blank=True)
    # Said to the person; never an exception's text, which may carry data.
    error = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.period} {self.format}"


class Release(models.Model):
    """A set of disclosure-controlled figures that left the system (public release, CTDC
    export, DHIS2). Its cells are registered so a later release is checked against them."""

    kind = models.CharField(max_length=20)
    period = models.CharField(max_length=7)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"


class PublishedCell(models.Model):
    """One cell of a release: its value when published, empty when it was hidden."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="cells")
    table = models.CharField(max_length=40)
    row = models.CharField(max_length=40)
    col = models.CharField(max_length=40)
    value = models.PositiveIntegerField(null=True)
    # As it was shown: the number, "<5" or "x".
    shown = models.CharField(max_length=8, blank=True)

    class Meta:
        indexes = [models.Index(fields=["table", "row", "col"])]

    def __str__(self) -> str:
        return f"{self.table} {self.row} {self.col}"
