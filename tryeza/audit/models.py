"""The append-only audit log. Entries are chained by hash so that a changed, removed or
inserted entry breaks every hash after it; ``manage.py verify_audit`` walks the chain.

An entry names who, what, which object (by code) and which fields — never a value of a
person's identifier.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too: the chain must verify even if an account is renamed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_ref = models.CharField(_("object"), max_length=60, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_ref}"

    def compute_hash(self) -> str:
        payload = json.dumps(
            [
                self.previous_hash,
                self.at.isoformat(),
                self.actor_username,
                self.action,
                self.object_type,
                self.object_ref,
                sorted(self.fields),
                self.detail,
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode()).hexdigest()


class AuditHead(models.Model):
    """One row holding the newest hash; locking it serialises writers of the chain."""

    last_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash


class VerificationStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Verification(models.Model):
    """One walk of the whole chain: asked for on the audit page (the task worker walks it)
    or run by ``manage.py verify_audit``. The page itself checks only the entries after
    the newest walk that held, so that viewing it costs the same at any size of the log."""

    status = models.CharField(
        max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    # Empty for the command (a scheduled check).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The entries that held, and the last of them: where the page's own check starts.
    entries = models.PositiveIntegerField(default=0)
    last_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    # The first entry that did not hold; -1: entries were removed from the end.
    first_broken_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("verification of the audit chain")
        verbose_name_plural = _("verifications of the audit chain")

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (VerificationStatus.DONE, VerificationStatus.FAILED)

    @property
    def holds(self) -> bool:
        return self.status == VerificationStatus.DONE and self.first_broken_id is None
