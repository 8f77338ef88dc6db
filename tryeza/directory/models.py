"""The network's directory: institutions, their structures, people and services.

Everything here is professional information. Vulnerable people never appear in this app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tryeza.geography.models import ClusterGroup, Municipality, Region, localised


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL = "international", _("International")


class InstitutionType(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", _("National Anti-trafficking Coordinator")
    PREFECTURE = "prefecture", _("Prefecture")
    QARK_COUNCIL = "qark_council", _("Regional council")
    STATE_SOCIAL_SERVICES = "social_services", _("State Social Services")
    EMPLOYMENT_OFFICE = "employment_office", _("Regional Employment Office")
    POLICE = "police", _("Regional Police Directorate")
    ANTI_TRAFFICKING_POLICE = "anti_trafficking_police", _("Anti-trafficking police sector")
    INTELLIGENCE = "intelligence", _("State Informative Service")
    EDUCATION = "education", _("Regional Education Directorate")
    PUBLIC_HEALTH = "public_health", _("Regional Public Health Directorate")
    SOCIAL_PROTECTION = "social_protection", _("Municipal Social Assistance and Protection")
    CHILD_PROTECTION = "child_protection", _("Child Protection Unit")
    PROSECUTION = "prosecution", _("District Prosecution Office")
    BORDERS_MIGRATION = "borders_migration", _("Regional Directorate of Borders and Migration")
    MUNICIPALITY = "municipality", _("Municipality")
    NGO = "ngo", _("Non-governmental organisation")
    SHELTER = "shelter", _("Shelter")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class ServiceType(models.TextChoices):
    SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial counselling")
    HEALTH = "health", _("Health and medical care")
    LEGAL = "legal", _("Legal assistance")
    EDUCATION = "education", _("Education")
    VOCATIONAL = "vocational", _("Vocational training")
    EMPLOYMENT = "employment", _("Employment and job placement")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    HOUSING = "housing", _("Housing")
    FAMILY_MEDIATION = "family_mediation", _("Family mediation and reconciliation")
    PHYSICAL_SECURITY = "physical_security", _("Physical security")
    DATA_PROTECTION = "data_protection", _("Personal data protection")


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=40, choices=InstitutionType.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    # Empty for institutions that work nationally (the coordinator's office, coalitions' NGOs).
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localised(self.name, self.name_en)


class Contact(models.Model):
    """A professional at an institution: a representative, an account holder, a contact."""

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    position = models.CharField(_("position"), max_length=120, blank=True)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("institution"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Demo people are invented; the flag keeps them recognisable everywhere.
    is_fictional = models.BooleanField(_("fictional"), default=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StructureKind(models.TextChoices):
    NATIONAL_OFFICE = "national_office", _("National coordinator's office")
    COMMITTEE = "committee", _("Regional Anti-trafficking Committee")
    TECHNICAL_TABLE = "technical_table", _("Technical Working Table")
    MINI_TABLE = "mini_table", _("Mini technical table")
    LOCAL_NETWORK = "local_network", _("Local network")
    COALITION = "coalition", _("Coalition")
    CLUSTER_GROUP = "cluster_group", _("Regional cluster group")


class Structure(models.Model):
    """A body where institutions work together: a committee, a table, a coalition…"""

    kind = models.CharField(_("kind"), max_length=20, choices=StructureKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    # Regional structures have a region; national ones (office, coalitions, clusters) do not.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name=_("region"),
    )
    # A table belongs to its committee, a mini table to its table.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    # The sub-area of a mini table or local network.
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="structures", verbose_name=_("area")
    )
    cluster = models.OneToOneField(
        ClusterGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structure",
        verbose_name=_("cluster group area"),
    )
    established = models.DateField(_("established"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # How often the structure is expected to meet; empty means the usual for its kind.
    meeting_interval_months = models.PositiveSmallIntegerField(
        _("meets every (months)"), null=True, blank=True
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localised(self.name, self.name_en)

    @property
    def cadence_months(self) -> int:
        """Committees meet at least quarterly, tables about every two months."""
        return self.meeting_interval_months or USUAL_CADENCE_MONTHS[self.kind]


# The usual interval between meetings, in months, by kind of structure.
USUAL_CADENCE_MONTHS: dict[str, int] = {
    StructureKind.NATIONAL_OFFICE: 6,
    StructureKind.COMMITTEE: 3,
    StructureKind.TECHNICAL_TABLE: 2,
    StructureKind.MINI_TABLE: 2,
    StructureKind.LOCAL_NETWORK: 1,
    StructureKind.COALITION: 1,
    StructureKind.CLUSTER_GROUP: 6,
}


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARIAT = "secretariat", _("Technical secretariat")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("structure")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    representatives = models.ManyToManyField(
        Contact, blank=True, related_name="memberships", verbose_name=_("representatives")
    )
    since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        ordering = ["structure", "role", "institution__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "institution"], name="one_membership_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.structure}"


class ServiceOffering(models.Model):
    """An institution provides a service in an area: one municipality, a region, or nationally."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("institution"),
    )
    service = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("municipality"),
    )
    target_groups = models.CharField(_("for whom"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["service", "institution__name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "service", "region", "municipality"],
                name="one_offering_per_area",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} — {self.institution}"
