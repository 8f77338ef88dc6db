"""The standard categories of a case. Anonymous profile values follow the CTDC
(Counter Trafficking Data Collaborative) categories so that statistics add up later;
"unknown" is always an explicit answer, never an empty field."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    AT_RISK = "at_risk", _("At risk")
    POTENTIAL = "potential_victim", _("Potential victim")
    PRESUMED = "presumed_victim", _("Presumed victim")
    IDENTIFIED = "identified_victim", _("Formally identified victim")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PENDING = "pending", _("Pending")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated")
    MOVED_AWAY = "moved_away", _("Moved away")
    REFUSED_ASSISTANCE = "refused_assistance", _("Refused assistance")
    TRANSFERRED = "transferred", _("Transferred to another region")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class IdentificationKind(models.TextChoices):
    FORMAL = "formal", _("Formal (police or prosecutor interview)")
    INFORMAL = "informal", _("Informal")


class IdentifiedBy(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    NGO = "ngo", _("NGO worker")
    SELF = "self", _("The person")
    FAMILY = "family", _("Family")
    FRIENDS = "friends", _("Friends")
    TEACHER = "teacher", _("Teacher or school")
    SHELTER = "shelter", _("Shelter")
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    RELIGIOUS_GROUP = "religious_group", _("Religious group")
    HEALTH_WORKER = "health_worker", _("Health worker")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class AgeBand(models.TextChoices):
    A0_8 = "0-8", "0–8"
    A9_17 = "9-17", "9–17"
    A18_20 = "18-20", "18–20"
    A21_23 = "21-23", "21–23"
    A24_26 = "24-26", "24–26"
    A27_29 = "27-29", "27–29"
    A30_38 = "30-38", "30–38"
    A39_47 = "39-47", "39–47"
    A48 = "48+", "48+"
    UNKNOWN = "unknown", _("Unknown")

    @classmethod
    def minors(cls) -> list[str]:
        return [cls.A0_8, cls.A9_17]

    @classmethod
    def for_age(cls, age: int) -> "AgeBand":
        for band in cls:
            if band == cls.UNKNOWN:
                continue
            low, _sep, high = band.value.partition("-")
            top = int(high) if high else 200
            if int(low.rstrip("+")) <= age <= top:
                return band
        return cls.UNKNOWN


class Exploitation(models.TextChoices):
    NONE_YET = "none_yet", _("Not exploited (at risk)")
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Forced labour")
    BEGGING = "begging", _("Forced begging")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    CRIMINALITY = "criminality", _("Forced criminal activity")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class LabourKind(models.TextChoices):
    NOT_APPLICABLE = "n/a", _("Not applicable")
    AGRICULTURE = "agriculture", _("Agriculture")
    CONSTRUCTION = "construction", _("Construction")
    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    HOSPITALITY = "hospitality", _("Hospitality")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class RecruiterRelation(models.TextChoices):
    FAMILY = "family", _("Family member")
    PARTNER = "partner", _("Intimate partner")
    FRIEND = "friend", _("Friend or acquaintance")
    EMPLOYER = "employer", _("Employer")
    STRANGER = "stranger", _("Stranger")
    NOT_APPLICABLE = "n/a", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


class Where(models.TextChoices):
    DOMESTIC = "domestic", _("In the country")
    ABROAD = "abroad", _("Abroad")
    BOTH = "both", _("Both")
    NOT_APPLICABLE = "n/a", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


class Duration(models.TextChoices):
    UNDER_MONTH = "under_1m", _("Less than a month")
    MONTHS_1_6 = "1-6m", _("1 to 6 months")
    MONTHS_6_12 = "6-12m", _("6 to 12 months")
    OVER_YEAR = "over_1y", _("More than a year")
    NOT_APPLICABLE = "n/a", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


class Purpose(models.TextChoices):
    """Why someone opens a person's identifiers. Stated at every reveal."""

    CASE_MANAGEMENT = "case_management", _("Case management")
    SERVICE_PROVISION = "service_provision", _("Service provision")
    CRIMINAL_INVESTIGATION = "criminal_investigation", _("Criminal investigation")


class Channel(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    EXPORT = "export", _("Export")


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    DELIVERED = "delivered", _("Delivered")
    DECLINED = "declined", _("Declined by the person")
    STOPPED = "stopped", _("Stopped")


class Cooperation(models.TextChoices):
    """The person's cooperation with police. Recorded for the investigation's sake only:
    nothing in case work reads it."""

    NOT_DISCUSSED = "not_discussed", _("Not discussed")
    CONSIDERING = "considering", _("Considering")
    COOPERATING = "cooperating", _("Cooperating")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CasePart(models.TextChoices):
    """Parts of a case a person may consent to share with a receiving institution."""

    PROFILE = "profile", _("Anonymous profile")
    SCREENING = "screening", _("Vulnerability screening")
    NEEDS = "needs", _("Needs assessment and plan")
    FOLLOW_UP = "follow_up", _("Follow-up")


class FollowUpKind(models.TextChoices):
    VISIT = "visit", _("Home visit")
    SCHOOL = "school", _("School")
    WORK = "work", _("Work")
    FAMILY = "family", _("Family and community")
    HEALTH = "health", _("Health")
    PHONE = "phone", _("Phone call")
    OTHER = "other", _("Other")


class SchoolStatus(models.TextChoices):
    NOT_APPLICABLE = "n/a", _("Not applicable")
    ENROLLED = "enrolled", _("Enrolled and attending")
    IRREGULAR = "irregular", _("Enrolled, attending irregularly")
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")
    SECOND_CHANCE = "second_chance", _("In a Second Chance class")
    VOCATIONAL = "vocational", _("In vocational training")


class EscalationReason(models.TextChoices):
    NO_PROVIDER = "no_provider", _("No provider for a needed service")
    INTER_INSTITUTION = "inter_institution", _("Institutions cannot agree")
    SAFETY = "safety", _("Safety risk")
    RESOURCES = "resources", _("Resources missing")
    LEGAL = "legal", _("Legal obstacle")
    OTHER = "other", _("Other")
