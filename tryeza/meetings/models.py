"""Meetings of the network's structures and the loop they run: agenda, attendance,
minutes, decisions, tasks followed up at the next meeting. Cases appear by code only;
text that leaves a case team passes the leak guard (``cases.services.leaks``)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from tryeza.directory.models import Contact, Institution, Structure


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_PUBLISHED = "published", _("Agenda published")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("structure")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    convened_by = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("convened by")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # Items may be proposed by members until this moment.
    proposals_until = models.DateTimeField(_("items may be proposed until"), null=True, blank=True)
    minutes_summary = models.TextField(_("general discussion"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["structure", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.structure} {self.starts_at:%Y-%m-%d}"

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


class ItemKind(models.TextChoices):
    REGULAR = "regular", _("Item")
    TASK_FOLLOW_UP = "task", _("Follow-up of a task")
    ESCALATED_CASE = "case", _("Escalated case")


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("On the agenda")
    DECLINED = "declined", _("Not taken")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.REGULAR
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by_institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set for items added automatically.
    task = models.ForeignKey(
        "Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    case_code = models.CharField(_("case code"), max_length=20, blank=True)
    discussion = models.TextField(_("discussion"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """Items added automatically are worded in the reader's language."""
        if self.kind == ItemKind.TASK_FOLLOW_UP and self.task is not None:
            return gettext_now("Follow-up: %(task)s (%(institution)s, due %(due)s)") % {
                "task": self.task.description,
                "institution": self.task.institution,
                "due": self.task.due_on.isoformat(),
            }
        if self.kind == ItemKind.ESCALATED_CASE:
            return gettext_now("Escalated case %(code)s: %(reason)s") % {
                "code": self.case_code,
                "reason": self.title,
            }
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    representative = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "institution"], name="one_presence_each")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.presence}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    # For positions of a coalition: whether all members agreed.
    consensus = models.BooleanField(_("consensus reached"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class TaskQuerySet(models.QuerySet["Task"]):
    def outstanding(self) -> "TaskQuerySet":
        return self.filter(status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS])

    def overdue(self, today: datetime.date | None = None) -> "TaskQuerySet":
        return self.outstanding().filter(due_on__lt=today or timezone.localdate())


class Task(models.Model):
    """Work a meeting gave to a member institution; it is followed up at each meeting of
    the structure until it is done or dropped."""

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="tasks")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tasks")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    description = models.CharField(_("task"), max_length=300)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("assigned to")
    )
    person = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["institution", "status"])]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS) and (
            self.due_on < timezone.localdate()
        )

    @property
    def done_on_time(self) -> bool | None:
        if self.status != TaskStatus.DONE or self.done_on is None:
            return None
        return self.done_on <= self.due_on


class TermsOfReference(models.Model):
    """A version of a structure's terms of reference or regulation manual."""

    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="terms_of_reference"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_terms",
        verbose_name=_("approved at"),
    )

    class Meta:
        ordering = ["structure", "-version"]
        verbose_name = _("terms of reference")
        verbose_name_plural = _("terms of reference")
        constraints = [
            models.UniqueConstraint(fields=["structure", "version"], name="one_text_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.structure} v{self.version}"


class Presidency(models.Model):
    """Who chairs a coalition for a term (six months by default)."""

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="presidencies")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    # Set when the members chose another order than the computed rotation.
    overridden = models.BooleanField(_("set by the members"), default=False)

    class Meta:
        ordering = ["structure", "starts_on"]
        verbose_name = _("presidency")
        verbose_name_plural = _("presidencies")
        constraints = [
            models.UniqueConstraint(fields=["structure", "starts_on"], name="one_president_a_term")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.starts_on}"


class WorkPlan(models.Model):
    """A coalition's six-month work plan, adopted at a meeting."""

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="work_plans")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    adopted_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["structure", "-starts_on"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self) -> str:
        return f"{self.structure} {self.starts_on}"


class WorkPlanActivity(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(_("activity"), max_length=300)
    responsible = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))

    class Meta:
        ordering = ["plan", "due_on"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.activity
