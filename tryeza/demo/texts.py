"""The free text of the demo's case work and meetings, in Albanian as the network writes
it. Data only.

None of it names a person: minutes, decisions, tasks and escalation notes pass the leak
guard (``cases.services.leaks``), and a test checks that no word here could be read as a
name part from ``names.py``.
"""

STREETS = (
    "Rruga e Shkollës", "Rruga e Kalasë", "Rruga e Ujësjellësit", "Rruga Dëshmorët",
    "Rruga e Stacionit", "Rruga e Tregut", "Rruga e Spitalit", "Rruga e Lumit",
)  # fmt: skip

# (relation of a guardian, whether a woman holds it).
GUARDIANS = (("nëna", True), ("babai", False), ("gjyshja", True), ("xhaxhai", False))

SCREENING_NOTES = ("Vlerësim fillestar", "Rivlerësim gjatë ndjekjes", "")

ASSESSORS = (
    "Punonjës/e sociale e licencuar",
    "Psikolog/e me licencë",
    "Punonjës/e për mbrojtjen e fëmijëve",
)

ASSESSMENT_SUMMARIES = (
    "Nevojë për mbështetje psiko-sociale dhe për rikthim në shkollë.",
    "Familja ka nevojë për ndihmë ekonomike dhe ndërmjetësim.",
    "Kërkohet strehim i sigurt i menjëhershëm dhe ndihmë ligjore.",
    "Nevojë për kurs profesional dhe ndërmjetësim për punësim.",
    "Kujdes shëndetësor dhe këshillim; rreziku ulet me mbështetjen e familjes.",
)

FOLLOW_UP_NOTES = (
    "Situata familjare e qëndrueshme.",
    "Ndjek rregullisht mësimin; mësuesja raporton përparim.",
    "Mungesa në shkollë gjatë muajit; planifikohet vizitë në familje.",
    "Ka filluar kursin profesional.",
    "Punon me kontratë; ndjekja vazhdon me telefon.",
    "Familja kërkon ndihmë për dokumentet e gjendjes civile.",
    "Nuk u gjet në adresë; rilidhje me telefon.",
)

DECLINE_REASONS = (
    "Nuk ka vende të lira për momentin.",
    "Personi banon jashtë zonës ku ofrojmë shërbimin.",
    "Shërbimi nuk i përshtatet moshës së personit.",
    "Personi zgjodhi një ofrues tjetër.",
)

ESCALATION_NOTES = {
    "no_provider": "Nuk ka ofrues strehimi afatgjatë në bashki.",
    "inter_institution": "Institucionet nuk bien dakord se kush e mbulon shërbimin.",
    "safety": "Rrezik sigurie pas kthimit në familje.",
    "resources": "Mungojnë fondet për ndihmën ekonomike të familjes.",
    "legal": "Shkolla kërkon dokumente që familja nuk i ka.",
}

# Meetings: (agenda item, its discussion, a decision, a task, the kind of member given it:
# a regional body's catalogue key, "cpu" for the seat's unit, "partner" for a shelter or NGO).
COMMITTEE_ITEMS = (
    (
        "Raporti gjashtëmujor për Zyrën e Koordinatorit Kombëtar",
        "U diskutuan shifrat e institucioneve dhe dallimet ndërmjet tyre.",
        "Raporti dërgohet pas plotësimit me të dhënat e policisë.",
        "Dërgon të dhënat e gjashtëmujorit për raportin",
        "police",
    ),
    (
        "Plani rajonal i veprimit: ecuria e aktiviteteve",
        "Dy aktivitete janë vonuar për mungesë fondesh.",
        "Aktivitetet e vonuara shtyhen për tremujorin e ardhshëm.",
        "Përgatit buxhetin e aktiviteteve të shtyra",
        "council",
    ),
    (
        "Analiza e situatës: braktisja e shkollës",
        "Drejtoria Arsimore paraqiti numrin e nxënësve që kanë lënë shkollën.",
        "Ngrihet grup pune për braktisjen e fshehur të shkollës.",
        "Mbledh të dhënat e braktisjes për çdo shkollë",
        "education",
    ),
    (
        "Fushata ndërgjegjësuese në shkolla",
        "U propozuan seanca sipas moshës dhe fletëpalosje.",
        "Fushata zhvillohet në shkollat e mesme të qarkut.",
        "Organizon seancat ndërgjegjësuese në shkolla",
        "education",
    ),
    (
        "Trajnimi i anëtarëve të tryezës teknike",
        "Nevojë për trajnim mbi identifikimin dhe referimin.",
        "Kërkohet mbështetje nga organizatat partnere për trajnimin.",
        "Harton programin e trajnimit",
        "social_services",
    ),
)

TABLE_ITEMS = (
    (
        "Rastet në ndjekje: përditësim nga njësitë e mbrojtjes së fëmijëve",
        "Rastet u shqyrtuan sipas kodit; disa kërkojnë vizitë në familje.",
        "Vizitat në familje kryhen brenda muajit.",
        "Kryen vizitat në familje për rastet në pritje",
        "cpu",
    ),
    (
        "Regjistrimi në shkollë i fëmijëve në rrezik",
        "Disa familje nuk kanë dokumente të gjendjes civile.",
        "Zyra e gjendjes civile njoftohet për rastet pa dokumente.",
        "Koordinon regjistrimin në shkollë me drejtoritë e shkollave",
        "education",
    ),
    (
        "Koordinimi i referimeve me strehëzat",
        "Koha e përgjigjes ndaj referimeve u diskutua.",
        "Referimet përgjigjen brenda tri ditëve pune.",
        "Përditëson listën e kontakteve për referimet urgjente",
        "partner",
    ),
    (
        "Shërbimet e punësimit për gratë në rrezik",
        "Zyra e punësimit paraqiti kurset e këtij sezoni.",
        "Gratë në rrezik kanë përparësi në kurset profesionale.",
        "Njofton për kurset profesionale të sezonit",
        "employment",
    ),
    (
        "Rreziku i migrimit sezonal në zonat rurale",
        "U raportuan largime sezonale të familjeve me fëmijë.",
        "Rritet ndjekja në shkollat e zonave rurale.",
        "Harton listën e familjeve që largohen sezonalisht",
        "cpu",
    ),
)

COALITION_ITEMS = (
    (
        "Standardet e përbashkëta të strehimit",
        "U krahasuan procedurat e pranimit të strehëzave.",
        "Miratohet procedura e përbashkët e pranimit.",
        "Përgatit draftin e procedurës së pranimit",
        "partner",
    ),
    (
        "Të dhënat anonime për Zyrën e Koordinatorit Kombëtar",
        "Të dhënat e tremujorit u përmblodhën pa emra.",
        "Të dhënat anonime dërgohen çdo tremujor.",
        "Përmbledh të dhënat anonime të tremujorit",
        "partner",
    ),
)

FOLLOW_UP_DISCUSSION = "Institucioni raportoi për ecurinë e detyrës."

MINUTES = {
    "committee": "Mbledhja u hap nga Prefekti. U shqyrtuan detyrat e mbledhjes së kaluar.",
    "technical_table": (
        "Mbledhja u drejtua nga Sekretariati Teknik. Rastet u përmendën vetëm me kod."
    ),
    "coalition": "Mbledhja u drejtua nga strehëza që kryeson koalicionin në gjashtëmujorin aktual.",
}

TERMS_OF_REFERENCE = {
    "committee": (
        "Rregullorja e Komitetit Rajonal kundër Trafikimit. Komiteti mblidhet të paktën një "
        "herë në tremujor, dërgon raport gjashtëmujor te Koordinatori Kombëtar dhe nuk "
        "diskuton emra personash, vetëm të dhëna anonime."
    ),
    "technical_table": (
        "Rregullorja e Tryezës Teknike të Punës. Tryeza mblidhet çdo dy muaj, menaxhon rastet "
        "e fëmijëve dhe grave në rrezik dhe të viktimave. Identiteti zbulohet vetëm për "
        "menaxhimin e rastit, ofrimin e shërbimit ose hetimin penal."
    ),
}

WORK_PLAN_ACTIVITIES = (
    "Takim i përbashkët për standardet e strehimit",
    "Trajnim për punonjësit socialë të strehëzave",
    "Përmbledhje anonime e rasteve për Koordinatorin Kombëtar",
    "Vizitë shkëmbimi ndërmjet strehëzave",
    "Rishikim i procedurës së referimit ndërmjet strehëzave",
)

PLACES = {
    "committee": "Prefektura e Qarkut {region}, salla e mbledhjeve",
    "technical_table": "Prefektura e Qarkut {region}, salla e Sekretariatit Teknik",
    "coalition": "Zyrat e {institution}",
}
