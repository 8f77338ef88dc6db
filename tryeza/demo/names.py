"""Common Albanian first names and surnames for the demo's invented people.

Every person built from these lists is fictional (``Contact.is_fictional``). Names of the
people the seed documents mention are left out on purpose.
"""

FEMALE_FIRST_NAMES = (
    "Alketa", "Anila", "Arta", "Besiana", "Blerina", "Brunilda", "Dorina", "Elda", "Elona",
    "Enkeleda", "Entela", "Eriona", "Ermira", "Fatjona", "Gentiana", "Ilda", "Irena", "Jonida",
    "Juliana", "Klodiana", "Lindita", "Lorena", "Majlinda", "Manjola", "Marsela", "Migena",
    "Mimoza", "Mirela", "Nertila", "Orjeta", "Ornela", "Rezarta", "Rovena", "Silvana",
    "Sonila", "Teuta", "Valbona", "Vjollca", "Xhensila", "Zamira",
)  # fmt: skip

MALE_FIRST_NAMES = (
    "Agron", "Altin", "Ardian", "Arlind", "Artan", "Bledar", "Besnik", "Dritan", "Edmond",
    "Elton", "Endrit", "Erion", "Ervin", "Fation", "Fatmir", "Florian", "Gazmend", "Genci",
    "Gentian", "Gerti", "Ilir", "Indrit", "Julian", "Klodian", "Kristi", "Kujtim", "Lulzim",
    "Marjan", "Mentor", "Nderim", "Olsi", "Pëllumb", "Redi", "Saimir", "Sokol", "Taulant",
    "Valbon", "Ylli", "Zamir", "Arben",
)  # fmt: skip

SURNAMES = (
    "Bajrami", "Bregu", "Bushati", "Cani", "Çeliku", "Dedja", "Dema", "Dervishi", "Dhima",
    "Doda", "Duka", "Dushku", "Gjika", "Gjini", "Gjoka", "Halili", "Hasani", "Hoxha", "Hysa",
    "Kaçi", "Kapllani", "Keta", "Koçi", "Kola", "Kovaçi", "Laçi", "Leka", "Lika", "Lleshi",
    "Llazari", "Lushi", "Mara", "Marku", "Mema", "Muça", "Mullaj", "Nika", "Paja", "Pali",
    "Pepa", "Prifti", "Qose", "Rexha", "Rrapaj", "Selimi", "Shehu", "Shkurti", "Sula", "Tafa",
    "Tanushi", "Toska", "Vata", "Xhafa", "Ymeri", "Zeneli", "Zyka",
)  # fmt: skip
