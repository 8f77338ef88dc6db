"""What the demo network is made of: the kinds of public bodies in every region and
municipality, the real organisations the seed documents name, and patterns for invented
NGOs. Data only; ``tryeza.demo.builder`` turns it into rows.

Public bodies get the generic names such offices carry ("Prefektura e Qarkut Elbasan");
NGOs other than the named shelters are invented and deliberately generic.
"""

from dataclasses import dataclass

from tryeza.directory.models import InstitutionType as T
from tryeza.directory.models import Sector
from tryeza.directory.models import ServiceType as S

# (male form, female form) of a position; the first position of a body is its head.
Position = tuple[str, str]

DIRECTOR: Position = ("Drejtor", "Drejtoreshë")
SOCIAL_WORKER: Position = ("Punonjës social", "Punonjëse sociale")
EXECUTIVE_DIRECTOR: Position = ("Drejtor ekzekutiv", "Drejtore ekzekutive")


@dataclass(frozen=True)
class Body:
    """A kind of public body found once per region ({place}: the region's name) or once
    per municipality ({place}: the municipality's name)."""

    key: str
    type: str
    name: str
    name_en: str
    short: str
    positions: tuple[Position, ...]
    min_contacts: int = 1
    services: tuple[str, ...] = ()
    target_groups: str = ""


REGIONAL_BODIES: tuple[Body, ...] = (
    Body(
        "prefecture",
        T.PREFECTURE,
        "Prefektura e Qarkut {place}",
        "{place} Prefecture",
        "Prefektura {place}",
        (
            ("Prefekt", "Prefekte"),
            ("Specialist i Sekretariatit Teknik", "Specialiste e Sekretariatit Teknik"),
            ("Zëvendësprefekt", "Zëvendësprefekte"),
        ),
        min_contacts=2,
    ),
    Body(
        "council",
        T.QARK_COUNCIL,
        "Këshilli i Qarkut {place}",
        "{place} Regional Council",
        "KQ {place}",
        (
            ("Kryetar i Këshillit të Qarkut", "Kryetare e Këshillit të Qarkut"),
            ("Specialist për çështjet sociale", "Specialiste për çështjet sociale"),
        ),
    ),
    Body(
        "social_services",
        T.STATE_SOCIAL_SERVICES,
        "Drejtoria Rajonale e Shërbimit Social Shtetëror {place}",
        "Regional Directorate of State Social Services {place}",
        "DRSHSSH {place}",
        (DIRECTOR, ("Inspektor social", "Inspektore sociale"), SOCIAL_WORKER),
        services=(S.SOCIAL_ASSISTANCE,),
        target_groups="Familje në nevojë, viktima të trafikimit",
    ),
    Body(
        "employment",
        T.EMPLOYMENT_OFFICE,
        "Zyra Rajonale e Punësimit {place}",
        "Regional Employment Office {place}",
        "ZRP {place}",
        (DIRECTOR, ("Specialist i punësimit", "Specialiste e punësimit")),
        services=(S.EMPLOYMENT, S.VOCATIONAL),
        target_groups="Të rinj dhe gra të papuna, viktima të trafikimit",
    ),
    Body(
        "police",
        T.POLICE,
        "Drejtoria e Policisë së Qarkut {place}",
        "{place} Regional Police Directorate",
        "DPQ {place}",
        (
            ("Drejtor i Policisë së Qarkut", "Drejtoreshë e Policisë së Qarkut"),
            ("Zëvendësdrejtor", "Zëvendësdrejtoreshë"),
        ),
        services=(S.PHYSICAL_SECURITY,),
        target_groups="Viktima dhe dëshmitarë",
    ),
    Body(
        "anti_trafficking",
        T.ANTI_TRAFFICKING_POLICE,
        "Sektori kundër Trafikimit, Drejtoria e Policisë së Qarkut {place}",
        "Anti-trafficking Sector, {place} Regional Police Directorate",
        "Sektori KT {place}",
        (
            ("Shef i Sektorit kundër Trafikimit", "Shefe e Sektorit kundër Trafikimit"),
            ("Specialist kundër trafikimit", "Specialiste kundër trafikimit"),
            ("Oficer i policisë gjyqësore", "Oficere e policisë gjyqësore"),
        ),
        min_contacts=2,
    ),
    Body(
        "intelligence",
        T.INTELLIGENCE,
        "Shërbimi Informativ Shtetëror, Dega {place}",
        "State Informative Service, {place} branch",
        "SHISH {place}",
        (("Përgjegjës dege", "Përgjegjëse dege"),),
    ),
    Body(
        "education",
        T.EDUCATION,
        "Drejtoria Arsimore Rajonale {place}",
        "Regional Education Directorate {place}",
        "DAR {place}",
        (
            DIRECTOR,
            ("Specialist për braktisjen e shkollës", "Specialiste për braktisjen e shkollës"),
            ("Psikolog shkollor", "Psikologe shkollore"),
        ),
        services=(S.EDUCATION,),
        target_groups="Fëmijë që kanë braktisur shkollën, klasat «Shansi i Dytë»",
    ),
    Body(
        "health",
        T.PUBLIC_HEALTH,
        "Drejtoria Rajonale e Shëndetit Publik {place}",
        "Regional Public Health Directorate {place}",
        "DRSHP {place}",
        (DIRECTOR, ("Mjek epidemiolog", "Mjeke epidemiologe")),
        services=(S.HEALTH,),
        target_groups="Viktima dhe persona në rrezik trafikimi",
    ),
    Body(
        "prosecution",
        T.PROSECUTION,
        "Prokuroria pranë Gjykatës së Shkallës së Parë {place}",
        "District Prosecution Office {place}",
        "Prokuroria {place}",
        (("Drejtues i Prokurorisë", "Drejtuese e Prokurorisë"), ("Prokuror", "Prokurore")),
    ),
    Body(
        "borders",
        T.BORDERS_MIGRATION,
        "Drejtoria Rajonale e Kufirit dhe Migracionit {place}",
        "Regional Directorate of Borders and Migration {place}",
        "DRKM {place}",
        (DIRECTOR, ("Specialist i migracionit", "Specialiste e migracionit")),
    ),
)

MUNICIPAL_BODIES: tuple[Body, ...] = (
    Body(
        "social_protection",
        T.SOCIAL_PROTECTION,
        "Sektori i Ndihmës dhe Mbrojtjes Sociale, Bashkia {place}",
        "Social Assistance and Protection Office, {place} Municipality",
        "NjNMS {place}",
        (("Përgjegjës i Sektorit", "Përgjegjëse e Sektorit"), SOCIAL_WORKER),
        services=(S.SOCIAL_ASSISTANCE, S.HOUSING, S.FAMILY_MEDIATION),
        target_groups="Familje në nevojë, nëna kryefamiljare",
    ),
    Body(
        "child_protection",
        T.CHILD_PROTECTION,
        "Njësia e Mbrojtjes së Fëmijëve, Bashkia {place}",
        "Child Protection Unit, {place} Municipality",
        "NjMF {place}",
        (
            ("Punonjës për mbrojtjen e fëmijëve", "Punonjëse për mbrojtjen e fëmijëve"),
            SOCIAL_WORKER,
        ),
        services=(S.SOCIAL_ASSISTANCE, S.FAMILY_MEDIATION, S.PSYCHOSOCIAL, S.EDUCATION),
        target_groups="Fëmijë në rrezik dhe familjet e tyre",
    ),
)


@dataclass(frozen=True)
class Organisation:
    """A real organisation the seed documents name, used under its own name."""

    key: str
    name: str
    name_en: str
    short: str
    type: str
    sector: str
    region_code: str | None
    municipality: str | None
    positions: tuple[Position, ...]
    services: tuple[str, ...] = ()
    national_reach: bool = False


SHELTER_POSITIONS: tuple[Position, ...] = (
    EXECUTIVE_DIRECTOR,
    SOCIAL_WORKER,
    ("Psikolog", "Psikologe"),
    ("Administrator", "Administratore"),
)
SHELTER_SERVICES = (S.SAFE_ACCOMMODATION, S.PSYCHOSOCIAL, S.LEGAL, S.HEALTH, S.VOCATIONAL)
SHELTER_TARGET = "Gra dhe fëmijë, viktima ose viktima të mundshme të trafikimit"

# The National Coalition of Anti-trafficking Shelters, in the order the seeds list them.
SHELTERS: tuple[Organisation, ...] = (
    Organisation(
        "another_vision",
        "Tjetër Vizion",
        "Another Vision",
        "Tjetër Vizion",
        T.SHELTER,
        Sector.CIVIL_SOCIETY,
        "AL-03",
        "Elbasan",
        SHELTER_POSITIONS,
        # The seeds tell of its high-autonomy apartments and school registration.
        (*SHELTER_SERVICES, S.HOUSING, S.EDUCATION),
    ),
    Organisation(
        "different_equal",
        "Të Ndryshëm dhe të Barabartë",
        "Different & Equal",
        "D&E",
        T.SHELTER,
        Sector.CIVIL_SOCIETY,
        "AL-11",
        "Tiranë",
        SHELTER_POSITIONS,
        (*SHELTER_SERVICES, S.FAMILY_MEDIATION),
    ),
    Organisation(
        "life_and_hope",
        "Jeta dhe Shpresa",
        "Life and Hope",
        "Jeta dhe Shpresa",
        T.SHELTER,
        Sector.CIVIL_SOCIETY,
        "AL-05",
        "Gjirokastër",
        SHELTER_POSITIONS,
        SHELTER_SERVICES,
    ),
    Organisation(
        "national_reception_center",
        "Qendra Kombëtare e Pritjes për Viktimat e Trafikimit",
        "National Reception Center for Victims of Trafficking",
        "QKPVT",
        T.SHELTER,
        Sector.GOVERNMENT,
        "AL-11",
        "Tiranë",
        SHELTER_POSITIONS,
        (*SHELTER_SERVICES, S.PHYSICAL_SECURITY),
        national_reach=True,
    ),
    Organisation(
        "vatra",
        "Qendra Psiko-Sociale «Vatra»",
        "Vatra Psycho-Social Centre",
        "Vatra",
        T.SHELTER,
        Sector.CIVIL_SOCIETY,
        "AL-12",
        "Vlorë",
        SHELTER_POSITIONS,
        SHELTER_SERVICES,
    ),
)

INTERNATIONAL_POSITIONS: tuple[Position, ...] = (
    ("Shef i misionit", "Shefe e misionit"),
    ("Zyrtar programi", "Zyrtare programi"),
    ("Asistent programi", "Asistente programi"),
)

# Observers; committees take them in turn, in this order, by region code.
INTERNATIONALS: tuple[Organisation, ...] = tuple(
    Organisation(
        key, name, name_en, short, T.INTERNATIONAL, Sector.INTERNATIONAL, "AL-11", "Tiranë",
        INTERNATIONAL_POSITIONS,
    )
    for key, name, name_en, short in (
        ("unicef", "UNICEF Shqipëri", "UNICEF Albania", "UNICEF"),
        ("osce", "Prezenca e OSBE-së në Shqipëri", "OSCE Presence in Albania", "OSBE"),
        (
            "iom",
            "Organizata Ndërkombëtare për Migracionin (IOM), Misioni në Shqipëri",
            "International Organization for Migration (IOM), Mission in Albania",
            "IOM",
        ),
        ("ilo", "Organizata Ndërkombëtare e Punës (ILO)", "International Labour Organization (ILO)", "ILO"),  # noqa: E501
        ("tdh", "Terre des hommes Shqipëri", "Terre des hommes Albania", "Tdh"),
        ("save_the_children", "Save the Children në Shqipëri", "Save the Children in Albania", "SCiA"),  # noqa: E501
    )
)  # fmt: skip

ONAC = Organisation(
    "onac",
    "Zyra e Koordinatorit Kombëtar kundër Trafikimit",
    "Office of the National Anti-trafficking Coordinator",
    "ONAC",
    T.NATIONAL_COORDINATOR,
    Sector.GOVERNMENT,
    None,
    None,
    (
        ("Koordinator Kombëtar", "Koordinatore Kombëtare"),
        ("Specialist për koordinimin rajonal", "Specialiste për koordinimin rajonal"),
        ("Administrator i sistemit", "Administratore e sistemit"),
        ("Zyrtar për mbrojtjen e të dhënave", "Zyrtare për mbrojtjen e të dhënave"),
    ),
)


@dataclass(frozen=True)
class NgoPattern:
    """An invented, generic NGO; {place} is the municipality it works from."""

    name: str
    name_en: str
    services: tuple[str, ...]
    target_groups: str
    for_children: bool = False


NGO_POSITIONS: tuple[Position, ...] = (
    EXECUTIVE_DIRECTOR,
    SOCIAL_WORKER,
    ("Koordinator projekti", "Koordinatore projekti"),
)

NGO_PATTERNS: tuple[NgoPattern, ...] = (
    NgoPattern(
        "Qendra Komunitare për Gratë dhe Fëmijët – {place}",
        "Community Centre for Women and Children – {place}",
        (S.PSYCHOSOCIAL, S.VOCATIONAL, S.FAMILY_MEDIATION),
        "Gra dhe fëmijë në rrezik",
        for_children=True,
    ),
    NgoPattern(
        "Shoqata për të Drejtat e Fëmijëve – {place}",
        "Association for Children's Rights – {place}",
        (S.EDUCATION, S.PSYCHOSOCIAL, S.LEGAL),
        "Fëmijë në rrezik, fëmijë pa regjistrim civil",
        for_children=True,
    ),
    NgoPattern(
        "Qendra e Këshillimit për Gratë – {place}",
        "Women's Counselling Centre – {place}",
        (S.PSYCHOSOCIAL, S.LEGAL),
        "Gra që përjetojnë dhunë në familje",
    ),
    NgoPattern(
        "Klinika Ligjore Komunitare – {place}",
        "Community Legal Clinic – {place}",
        (S.LEGAL, S.DATA_PROTECTION),
        "Viktima të trafikimit dhe familjet e tyre",
    ),
    NgoPattern(
        "Qendra e Aftësimit Profesional për të Rinjtë – {place}",
        "Youth Vocational Training Centre – {place}",
        (S.VOCATIONAL, S.EMPLOYMENT),
        "Të rinj që kanë lënë shkollën",
    ),
    NgoPattern(
        "Fondacioni «Shansi i Dytë» – {place}",
        "Second Chance Foundation – {place}",
        (S.EDUCATION, S.VOCATIONAL),
        "Fëmijë dhe të rinj që kanë braktisur shkollën",
        for_children=True,
    ),
    NgoPattern(
        "Qendra për Integrim Social – {place}",
        "Centre for Social Integration – {place}",
        (S.PSYCHOSOCIAL, S.HOUSING, S.EMPLOYMENT),
        "Viktima të trafikimit në riintegrim",
    ),
    NgoPattern(
        "Qendra Rinore «Hapa të Rinj» – {place}",
        "New Steps Youth Centre – {place}",
        (S.EDUCATION, S.PSYCHOSOCIAL),
        "Adoleshentë dhe të rinj",
        for_children=True,
    ),
)

# Sub-areas of a region's table, by region code: municipality names (the seeds: Elbasan
# asked Peqin, Librazhd and Gramsh to set up mini tables).
MINI_TABLES: dict[str, tuple[str, ...]] = {"AL-03": ("Peqin", "Librazhd", "Gramsh")}

# Regions whose logins the command prints; every region gets the same five accounts.
FEATURED_REGIONS = ("AL-03", "AL-11", "AL-12", "AL-10")

# Landline prefixes by region, for institutions' switchboards.
AREA_CODES: dict[str, str] = {
    "AL-01": "32", "AL-02": "52", "AL-03": "54", "AL-04": "34", "AL-05": "84", "AL-06": "82",
    "AL-07": "24", "AL-08": "215", "AL-09": "218", "AL-10": "22", "AL-11": "4", "AL-12": "33",
}  # fmt: skip
