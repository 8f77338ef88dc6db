"""Accounts and roles. A role's reach (national, one region, one institution) is a row,
so what a person may see is decided by data read in ``tryeza.accounts.reach``."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.directory.models import Contact, Institution


class Reach(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("One region")
    INSTITUTION = "institution", _("One institution")


class RoleCode(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    SECRETARIAT_OFFICER = "secretariat_officer", _("Technical secretariat officer")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    CASE_WORKER = "case_worker", _("Case worker")
    INSTITUTION_ADMIN = "institution_admin", _("Institution administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    OBSERVER = "observer", _("Observer")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class Role(models.Model):
    code = models.CharField(_("role"), max_length=30, choices=RoleCode.choices, unique=True)
    reach = models.CharField(_("reach"), max_length=20, choices=Reach.choices)
    # Within its reach: may edit institutions, contacts, memberships and services.
    can_edit_directory = models.BooleanField(_("may edit the directory"), default=False)
    # May be on a case team, and so register cases and see identifiers for a stated purpose.
    can_work_cases = models.BooleanField(_("may work on cases"), default=False)
    # May read the audit log and every case's access log (never the identifiers).
    can_read_audit = models.BooleanField(_("may read the audit log"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(self.get_code_display())


class User(AbstractUser):
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("institution"),
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("role"),
    )
    contact = models.OneToOneField(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def reach(self) -> str | None:
        return self.role.reach if self.role_id and self.role else None
