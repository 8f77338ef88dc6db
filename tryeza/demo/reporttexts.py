"""The data the demo's situational analysis is drawn from: ONAC's expected ranges, the size
of each region's "true" figures, what each kind of institution reports on (its mandate), the
weights that break totals down by sex, age, exploitation and the rest, and the short Albanian
answers, narratives, explanations and comments the reports carry.

``reporting.py`` draws each region's half-years from these; ``reportbulk.py`` takes the
explanations and ONAC's comment from here too. No text names a person (``test_reporting_demo``
checks every word against every name part the demo can draw).
"""

from __future__ import annotations

from tryeza.directory.models import InstitutionType as T

# Durrës, Elbasan, Tiranë and Vlorë see most cases; elsewhere most counts are below five.
BIG_REGIONS = {"AL-02", "AL-03", "AL-11", "AL-12"}
# (element, minimum, maximum, tolerance %) set by ONAC.
BOUNDS = (
    ("victims_identified", 0, 60, 10),
    ("at_risk_identified", 0, 150, 20),
    ("migration_departures", 0, 5000, 25),
    ("school_abandonment", 0, 1500, 15),
    ("awareness_reached", 0, 20000, 30),
)
# The true regional figure per value period: (small region, big region) ranges.
SIZES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "victims_identified": ((0, 5), (6, 16)),
    "at_risk_identified": ((2, 10), (8, 25)),
    "migration_departures": ((60, 250), (250, 900)),
    "school_abandonment": ((20, 120), (100, 260)),
    "violence_signals": ((8, 40), (30, 110)),
    "recruitment_reports": ((1, 8), (5, 20)),
    "vulnerable_communities": ((2, 6), (4, 10)),
    "communities_with_programme": ((0, 3), (2, 6)),
    "awareness_reached": ((150, 900), (600, 3000)),
    "investigations_open": ((0, 4), (3, 12)),
    "investigations_five_years": ((4, 20), (20, 60)),
    "prosecutions_open": ((0, 3), (2, 8)),
    "prosecutions_five_years": ((2, 12), (12, 40)),
    "projects_done": ((1, 4), (3, 8)),
    "projects_planned": ((1, 3), (2, 6)),
    "trainings_held": ((0, 3), (1, 4)),
}
# What each kind of institution reports on (count and text elements).
MANDATES: dict[str, tuple[str, ...]] = {
    T.PREFECTURE: ("vulnerable_communities", "communities_with_programme", "projects_done",
                   "projects_planned", "trainings_held", "projects_notes", "capacity_notes"),
    T.POLICE: ("migration_departures", "violence_signals", "investigations_open",
               "investigations_five_years", "migration_notes", "justice_notes"),
    T.ANTI_TRAFFICKING_POLICE: ("victims_identified", "recruitment_reports",
                                "recruitment_notes", "identification_notes"),
    T.CHILD_PROTECTION: ("at_risk_identified", "victims_identified", "school_abandonment",
                         "school_abandonment_notes", "violence_notes"),
    T.NGO: ("victims_identified", "at_risk_identified", "recruitment_reports",
            "awareness_reached", "vulnerable_communities", "identification_notes",
            "awareness_notes", "projects_notes"),
    T.STATE_SOCIAL_SERVICES: ("victims_identified", "at_risk_identified", "identification_notes"),
    T.EDUCATION: ("school_abandonment", "awareness_reached", "school_abandonment_notes"),
    T.PUBLIC_HEALTH: ("violence_signals", "violence_notes"),
    T.PROSECUTION: ("prosecutions_open", "prosecutions_five_years", "justice_notes"),
    T.SOCIAL_PROTECTION: ("at_risk_identified", "violence_signals", "violence_notes"),
    T.BORDERS_MIGRATION: ("migration_departures", "migration_notes"),
    T.EMPLOYMENT_OFFICE: ("projects_done", "projects_notes"),
}  # fmt: skip
MANDATES[T.SHELTER] = MANDATES[T.NGO]
OTHER_MANDATE = ("trainings_held", "capacity_notes")
POLICE = {T.POLICE, T.ANTI_TRAFFICKING_POLICE}
# Breakdown weights by dimension, then by (element, dimension); categories not named: 1.
WEIGHTS: dict[str, dict[str, float]] = {
    "sex": {"female": 7, "male": 3, "other": 0, "unknown": 0.2},
    "age": {"0-17": 4, "18+": 5.5, "unknown": 0.5},
    "exploitation": {"sexual": 45, "labour": 20, "begging": 15, "forced_marriage": 8,
                     "criminality": 4, "other": 3, "unknown": 5},
    "reason": {"poverty": 35, "migration": 25, "family": 20, "distance": 12, "other": 8},
    "technique": {"job_offer": 35, "romance": 25, "marriage": 10, "family": 10, "online": 15,
                  "study": 3, "other": 2},
    "group": {"roma_egyptian": 3, "street_children": 2, "school_leavers": 2, "other": 0.5},
    "audience": {"children": 3, "adolescents": 4.5, "adults": 2.5},
}  # fmt: skip
ELEMENT_WEIGHTS: dict[tuple[str, str], dict[str, float]] = {
    ("migration_departures", "sex"): {"female": 45, "male": 55, "other": 0, "unknown": 0},
    ("migration_departures", "age"): {"0-17": 2, "18+": 8, "unknown": 0},
    ("school_abandonment", "sex"): {"female": 48, "male": 52, "other": 0, "unknown": 0},
    ("at_risk_identified", "age"): {"0-17": 7, "18+": 3, "unknown": 0},
    ("at_risk_identified", "sex"): {"female": 6, "male": 4, "other": 0, "unknown": 0},
}
ONLY_CHILDREN = {"0-17": 1.0, "18+": 0.0, "unknown": 0.0}

# Short answers in Albanian; none names a person (a test checks them against every name
# part the demo can draw).
TEXTS: dict[str, tuple[str, ...]] = {
    "migration_notes": (
        "Migrim sezonal drejt Greqisë për punë në bujqësi; shpesh largohen familje të tëra.",
        "Të rinjtë largohen drejt Italisë dhe Gjermanisë; ka ndërmjetës që premtojnë punë.",
        "Rriten largimet e të miturve të pashoqëruar, disa me «kujdestarë» që s'janë të afërm.",
    ),
    "school_abandonment_notes": (
        "Shumica punojnë me familjen ose në rrugë. Ndihmojnë transporti falas dhe «Shansi i Dytë».",
        "Braktisja është më e lartë në fshatrat e largët dhe në komunitetet rome e egjiptiane.",
        "Disa fëmijë nuk janë regjistruar në shkollë sepse familja nuk ka dokumente.",
    ),
    "violence_notes": (
        "Shpesh janë të njëjtat familje me migrim të lartë dhe me fëmijë jashtë shkollës.",
        "Raportimet u rritën pas fushatës në shkolla; shumë familje nuk raportojnë nga frika.",
    ),
    "recruitment_notes": (
        "Oferta të rreme pune jashtë vendit dhe lidhje të rreme dashurie në rrjetet sociale.",
        "Rekrutuesit janë shpesh të afërm ose të njohur; rrallë denoncohen.",
        "Martesa të rregulluara për vajza të mitura në zonat rurale.",
    ),
    "awareness_notes": (
        "Adoleshentët e njohin rrezikun pas seancave në shkolla; të rriturit në fshatra dinë pak.",
        "Për fëmijët e vegjël duhen materiale më të thjeshta se fletëpalosjet.",
    ),
    "identification_notes": (
        "Shumica janë vajza dhe gra të reja, të shfrytëzuara brenda vendit; disa fëmijë në lypje.",
        "Vijnë nga familje të varfra me dhunë në familje; rritet shfrytëzimi për punë.",
        "Më pak raste jashtë vendit se më parë; më shumë në qytetet bregdetare gjatë verës.",
    ),
    "justice_notes": (
        "Lidhje me shfrytëzimin e prostitucionit dhe kalimin e paligjshëm të kufirit.",
        "Hetimet zgjasin; nevojiten përkthyes dhe prova përtej dëshmisë së viktimës.",
    ),
    "projects_notes": (
        "Kurse profesionale për gra nga një organizatë partnere, të lidhura me referimin kombëtar.",
        "Fushatë në shkolla me arsimin; strehëza ofron këshillim psiko-social.",
    ),
    "capacity_notes": (
        "Anëtarët e rinj të tryezës kanë nevojë për trajnim mbi identifikimin dhe referimin.",
        "Qarkullimi i stafit në njësitë e mbrojtjes së fëmijëve kërkon trajnime të përsëritura.",
    ),
}
NARRATIVE: dict[str, tuple[str, ...]] = {
    "summary": (
        "Trafikimi brenda vendit mbetet forma kryesore; shumica e viktimave janë vajza dhe gra.",
        "Rritet numri i personave në rrezik të identifikuar nga njësitë e mbrojtjes së fëmijëve.",
        "Situata është e qëndrueshme; institucionet raportuan më rregullisht se më parë.",
    ),
    "context": (
        "Papunësi e lartë ndër të rinjtë dhe migrim sezonal; braktisje shkollore në fshatra.",
        "Varfëri në periferi dhe në zonat rurale; shumë familje varen nga remitancat.",
    ),
    "response": (
        "Tryeza u mblodh rregullisht dhe referoi raste te strehëzat. Mungon strehimi afatgjatë.",
        "Policia dhe organizatat bënë identifikime të përbashkëta; mungon një psikolog për fëmijë.",
    ),
    "action_plan": (
        "Fushata në shkolla u krye; kurset profesionale për gratë u shtynë për mungesë fondesh.",
        "Dy nga tri aktivitetet e planit u kryen; trajnimi i tryezës mbetet për më vonë.",
    ),
}
BASELINE = "Vlerësimi bazë i situatës në qark. "
EXPLANATIONS: dict[str, tuple[str, ...]] = {
    "victims_identified": (
        "Strehëza numëron edhe viktimat që nuk shkuan në polici; policia vetëm rastet zyrtare.",
        "Njësia numëron vetëm fëmijët; pas krahasimit rast pas rasti mbajmë shifrën më të plotë.",
        "Dy raste u numëruan në tremujorë të ndryshëm; shifra e rënë dakord i numëron një herë.",
        "Disa viktima u ndihmuan pa u regjistruar si raste të tryezës.",
    ),
    "at_risk_identified": (
        "Organizatat numërojnë çdo kontakt në terren; njësia vetëm ata me vlerësim nevojash.",
        "Disa persona u raportuan nga dy institucione; komiteti i numëroi një herë.",
    ),
    "": (
        "Burime të ndryshme: policia regjistron denoncimet, të tjerët kontaktet në terren.",
        "Periudhat e raportimit nuk përputhen plotësisht; mbajmë shifrën e verifikuar në mbledhje.",
    ),
}
SENT_BACK = "Ju lutem plotësoni ndarjen sipas bashkive dhe shpjegoni rritjen e rasteve."
ONAC_COMMENT = "Mungon progresi i planit të veprimit; shpjegoni rritjen e shfrytëzimit për punë."
