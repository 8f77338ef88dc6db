"""The data elements of the situational analysis, drawn from the mapping questions that
committees were asked to answer (seed 002). Each element is counted per reporting
institution, so police, social services, education and NGO figures for the same element
sit side by side; "why" and "how" questions are narrative elements.

A count element has a total and, per disaggregation, one figure per category. The
catalogue is code, not data: its codes are what DHIS2 exports and XLSX templates carry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tryeza.cases.choices import Exploitation, Sex

COUNT = "count"
TEXT = "text"

# Period types: the element is counted per half-year or per quarter of the half-year.
HALF = "S"
QUARTER = "Q"


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    # (code, label); municipality categories come from the region, so they are empty here.
    categories: tuple[tuple[str, Promise | str], ...] = ()


SEX = Dimension(
    "sex",
    _("sex"),
    tuple((c.value, c.label) for c in Sex),
)
AGE = Dimension(
    "age",
    _("age band"),
    (("0-17", _("children (0–17)")), ("18+", _("adults (18+)")), ("unknown", _("unknown age"))),
)
MINORS = "0-17"
EXPLOITATION = Dimension(
    "exploitation",
    _("exploitation type"),
    tuple((c.value, c.label) for c in Exploitation if c != Exploitation.NONE_YET),
)
DESTINATION = Dimension(
    "destination",
    _("where exploited"),
    (("domestic", _("in the country")), ("abroad", _("abroad")), ("unknown", _("unknown"))),
)
MUNICIPALITY = Dimension("municipality", _("municipality"))
REASON = Dimension(
    "reason",
    _("reason"),
    (
        ("poverty", _("poverty, work to support the family")),
        ("migration", _("family migrated")),
        ("family", _("family problems or violence")),
        ("distance", _("school too far")),
        ("other", _("other")),
    ),
)
TECHNIQUE = Dimension(
    "technique",
    _("recruitment technique"),
    (
        ("job_offer", _("false job offer")),
        ("romance", _("false romance or engagement")),
        ("marriage", _("arranged marriage")),
        ("family", _("by a family member")),
        ("online", _("online contact")),
        ("study", _("false study offer")),
        ("other", _("other")),
    ),
)
GROUP = Dimension(
    "group",
    _("vulnerable group"),
    (
        ("roma_egyptian", _("Roma and Egyptian communities")),
        ("street_children", _("children in street situation")),
        ("school_leavers", _("school leavers")),
        ("returned_migrants", _("returned migrants")),
        ("women_alone", _("women heading households alone")),
        ("other", _("other")),
    ),
)
AUDIENCE_AGE = Dimension(
    "audience",
    _("audience"),
    (("children", _("children")), ("adolescents", _("adolescents")), ("adults", _("adults"))),
)

DIMENSIONS = {
    d.code: d for d in (SEX, AGE, EXPLOITATION, DESTINATION, MUNICIPALITY, REASON, TECHNIQUE, GROUP)
}
DIMENSIONS[AUDIENCE_AGE.code] = AUDIENCE_AGE


@dataclass(frozen=True)
class Section:
    code: str
    label: Promise


SECTIONS = (
    Section("migration", _("Migration")),
    Section("school", _("School abandonment")),
    Section("violence", _("Domestic violence")),
    Section("recruitment", _("Recruitment")),
    Section("groups", _("Vulnerable groups")),
    Section("awareness", _("Awareness")),
    Section("identification", _("Victims and persons at risk identified")),
    Section("justice", _("Investigations and prosecutions")),
    Section("services", _("Services and projects")),
    Section("capacity", _("Capacity of the committee and table")),
)


@dataclass(frozen=True)
class Element:
    code: str
    section: str
    label: Promise
    kind: str = COUNT
    period_type: str = HALF
    dimensions: tuple[Dimension, ...] = ()
    # Figures that name a victim count are disclosive when small; others (schools, projects)
    # are not about identifiable people in the same way but are treated alike when they leave.
    help: Promise | str = ""

    @property
    def is_count(self) -> bool:
        return self.kind == COUNT


ELEMENTS: tuple[Element, ...] = (
    Element(
        "migration_departures",
        "migration",
        _("People who migrated"),
        dimensions=(MUNICIPALITY, SEX, AGE),
        help=_("Departures known in the half-year, by municipality of origin."),
    ),
    Element(
        "migration_notes",
        "migration",
        _("Migration: seasonal? families together? who enabled it? are “tutors” involved?"),
        kind=TEXT,
    ),
    Element(
        "school_abandonment",
        "school",
        _("Children who abandoned school"),
        dimensions=(MUNICIPALITY, SEX, REASON),
    ),
    Element(
        "school_abandonment_notes",
        "school",
        _("Why did they leave school, where are they, what would help them return?"),
        kind=TEXT,
    ),
    Element(
        "violence_signals",
        "violence",
        _("Families with signs of domestic violence"),
        dimensions=(MUNICIPALITY,),
    ),
    Element(
        "violence_notes",
        "violence",
        _("How do these families compare with those of high migration and school abandonment?"),
        kind=TEXT,
    ),
    Element(
        "recruitment_reports",
        "recruitment",
        _("Reports of recruitment, by technique"),
        dimensions=(TECHNIQUE,),
    ),
    Element(
        "recruitment_notes",
        "recruitment",
        _("Which recruitment techniques do you see? Why might others see different ones?"),
        kind=TEXT,
    ),
    Element(
        "vulnerable_communities",
        "groups",
        _("Vulnerable communities identified"),
        dimensions=(GROUP,),
    ),
    Element(
        "communities_with_programme",
        "groups",
        _("Vulnerable communities with a community development programme"),
        dimensions=(GROUP,),
    ),
    Element(
        "awareness_reached",
        "awareness",
        _("People reached by awareness activities"),
        dimensions=(AUDIENCE_AGE,),
    ),
    Element(
        "awareness_notes",
        "awareness",
        _("How aware are adults, adolescents and children, and is it right for their age?"),
        kind=TEXT,
    ),
    Element(
        "victims_identified",
        "identification",
        _("Victims of trafficking identified"),
        period_type=QUARTER,
        dimensions=(SEX, AGE, EXPLOITATION, DESTINATION, MUNICIPALITY),
    ),
    Element(
        "at_risk_identified",
        "identification",
        _("Persons at risk identified"),
        period_type=QUARTER,
        dimensions=(SEX, AGE, MUNICIPALITY),
    ),
    Element(
        "identification_notes",
        "identification",
        _("What do the victims' profiles tell about trafficking here (no names)?"),
        kind=TEXT,
    ),
    Element("investigations_open", "justice", _("Trafficking cases under investigation")),
    Element(
        "investigations_five_years",
        "justice",
        _("Trafficking cases investigated in the past five years"),
    ),
    Element("prosecutions_open", "justice", _("Trafficking cases under prosecution")),
    Element(
        "prosecutions_five_years",
        "justice",
        _("Trafficking cases prosecuted in the past five years"),
    ),
    Element(
        "justice_notes",
        "justice",
        _("Is trafficking linked to other crime here? What do police and prosecutors need?"),
        kind=TEXT,
    ),
    Element("projects_done", "services", _("Anti-trafficking projects carried out")),
    Element("projects_planned", "services", _("Anti-trafficking projects planned for next year")),
    Element(
        "projects_notes",
        "services",
        _("Which projects, by whom; are services linked to the national referral mechanism?"),
        kind=TEXT,
    ),
    Element("trainings_held", "capacity", _("Trainings for committee and table members")),
    Element(
        "capacity_notes", "capacity", _("What training and support do members need?"), kind=TEXT
    ),
)

BY_CODE = {e.code: e for e in ELEMENTS}

# Case work fills these in from the cases; institutions type them too, for comparison.
FROM_CASES = ("victims_identified", "at_risk_identified")


def element(code: str) -> Element:
    return BY_CODE[code]


def categories(
    dimension: Dimension, municipalities: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The categories of a dimension for one region (municipalities are the region's)."""
    if dimension is MUNICIPALITY:
        return municipalities
    return [(code, str(label)) for code, label in dimension.categories]


def value_periods(element: Element, half: str) -> list[str]:
    """Periods an element is counted in within a half-year return."""
    from tryeza.reporting.periods import Period

    period = Period.parse(half)
    if element.period_type == QUARTER:
        return [q.code for q in period.quarters]
    return [period.code]
