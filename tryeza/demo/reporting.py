"""Situational-analysis figures for the demo: every region's institutions report for the
last half-years, the secretariat explains the differences and approves, ONAC accepts.

The figures are drawn around one "true" regional figure per element and period, which each
institution sees in its own way: the police count fewer victims than the shelters, the
child protection unit counts only children. Totals always equal their breakdowns.

Only institutions with a demo account that may enter figures report (``rules.may_enter``),
so the others of a committee and table count as missing. At ``--scale`` 1 everything goes
through ``tryeza.reporting.services`` (validation, leak guard, audit) and the timestamps are
then moved back to the story's day; from 2 on, ten half-years are written in bulk.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import DateTimeField
from django.utils import timezone

from tryeza.accounts.models import User
from tryeza.audit.services import audit_record
from tryeza.demo.cases import stamp
from tryeza.demo.context import Demo, region_slug
from tryeza.directory.models import Institution
from tryeza.directory.models import InstitutionType as T
from tryeza.geography.models import Region
from tryeza.reporting import rules, selectors, services
from tryeza.reporting.casework import case_figures
from tryeza.reporting.catalogue import (
    BY_CODE,
    DIMENSIONS,
    FROM_CASES,
    QUARTER,
    categories,
    value_periods,
)
from tryeza.reporting.discrepancies import Discrepancy, find_discrepancies
from tryeza.reporting.models import (
    DataReturn,
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    ReviewAction,
    ReviewEvent,
    Value,
)
from tryeza.reporting.periods import Period, half_years
from tryeza.reporting.validation import Cell

ENDED_HALF_YEARS = 4
BULK_HALF_YEARS = 10
BATCH = 2000
VALUE_FIELDS = ("data_return", "element", "period", "dimension", "category", "number", "text")
# Durrës, Elbasan, Tiranë and Vlorë see most cases; elsewhere most counts are below five.
BIG_REGIONS = {"AL-02", "AL-03", "AL-11", "AL-12"}
RETURNED = "returned"  # approved, then returned by ONAC with a comment
# The current half-year's outcome by region, in the order regions are drawn, so that even
# a few regions show each outcome.
CURRENT_FATES = (
    RETURNED, "accepted", "approved", "open",
    "accepted", "approved", "open", "accepted", "approved", "open", "accepted", "open",
)  # fmt: skip
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


@dataclass
class Entry:
    """One institution's return as the demo plays it."""

    institution: Institution
    user: User
    status: str
    on: datetime.datetime
    numbers: dict[Cell, int]
    texts: dict[tuple[str, str], str]
    # When the secretariat returned it, and why.
    returned_at: datetime.datetime | None = None
    comment: str = ""


@dataclass
class Plan:
    """What happens to one region's report for one half-year."""

    region: Region
    period: Period
    secretary: User
    status: str
    entries: list[Entry] = field(default_factory=list)
    baseline: bool = False
    narrative: dict[str, str] = field(default_factory=dict)
    approved_at: datetime.datetime | None = None
    accepted_at: datetime.datetime | None = None
    # ONAC returned the approved report with a comment; it is open again.
    reopened_at: datetime.datetime | None = None


def build_reports(demo: Demo) -> list[Plan]:
    """ONAC's ranges, then the returns and reports of every region: the last four
    half-years and the running one at scale 1, the last ten in bulk above."""
    onac = demo.user("onac.coordinator")
    if onac is None:
        return []
    for element, low, high, tolerance in BOUNDS:
        services.bounds_set(
            user=onac, element=element, minimum=low, maximum=high, tolerance_percent=tolerance
        )
    today = timezone.localdate()
    count = BULK_HALF_YEARS if demo.scale >= 2 else ENDED_HALF_YEARS + 1
    plans = draw_plans(demo, half_years(Period.half_of(today), count), today)
    if demo.scale >= 2:
        _write_bulk(demo.rng, plans, onac)
    else:
        for plan in plans:
            _play(demo.rng, plan, onac)
    demo.counts["data_returns"] += sum(len(plan.entries) for plan in plans)
    demo.counts["figures"] += sum(len(e.numbers) for plan in plans for e in plan.entries)
    demo.counts["region_reports"] += len(plans)
    return plans


def draw_plans(demo: Demo, periods: list[Period], today: datetime.date) -> list[Plan]:
    """Every region's half-years, oldest first; the last is running, the one before it is
    the current half-year, whose outcome differs by region."""
    rng = demo.rng
    accounts: dict[int, User] = {}
    for user in sorted(demo.users, key=lambda u: u.username):
        if user.role is not None and user.role.code in rules.ENTERING_ROLES:
            accounts.setdefault(user.institution_id or 0, user)
    order = rng.sample(demo.regions, len(demo.regions))
    fates = {region.pk: CURRENT_FATES[i % len(CURRENT_FATES)] for i, region in enumerate(order)}
    plans = []
    for region in demo.regions:
        secretary = demo.user(f"{region_slug(region)}.secretariat")
        reporters = [
            (institution, accounts[institution.pk])
            for institution in selectors.expected_reporters(region.pk)
            if institution.pk in accounts
        ]
        if secretary is None or not reporters:
            continue
        # Category codes by dimension; the region's municipalities with its seat (the one
        # that carries the region's name) first.
        places = sorted(selectors.municipalities_of(region.pk), key=lambda m: m[1] != region.name)
        cats = {code: [c for c, _l in categories(d, places)] for code, d in DIMENSIONS.items()}
        for step, period in enumerate(periods):
            if period == periods[-1]:
                fate = "draft"
            elif period == periods[-2]:
                fate = fates[region.pk]
            else:
                fate = "accepted"
            plan = Plan(region, period, secretary, ReportStatus.OPEN, baseline=step == 0)
            _draw(rng, plan, fate, reporters, cats, step, today)
            plans.append(plan)
    return plans


def _draw(
    rng: random.Random,
    plan: Plan,
    fate: str,
    reporters: list[tuple[Institution, User]],
    cats: dict[str, list[str]],
    step: int,
    today: datetime.date,
) -> None:
    period, latest = plan.period, today - datetime.timedelta(days=1)
    truth = _truth(rng, plan.region.code in BIG_REGIONS, period, today)

    def day(after: datetime.date, low: int, high: int) -> datetime.date:
        return min(after + datetime.timedelta(days=rng.randint(low, high)), latest)

    def entry(institution: Institution, user: User, status: str, on: datetime.date) -> None:
        numbers = _figures(rng, institution, truth, period, cats, step)
        texts = (
            {}
            if status == ReturnStatus.DRAFT and fate == "draft"
            else _texts(rng, institution, period)
        )
        if numbers or texts:
            plan.entries.append(Entry(institution, user, status, stamp(rng, on), numbers, texts))

    if fate == "draft":
        for institution, user in rng.sample(reporters, rng.randint(0, min(3, len(reporters)))):
            entry(
                institution,
                user,
                ReturnStatus.DRAFT,
                day(max(period.start, latest - datetime.timedelta(days=40)), 0, 30),
            )
        return
    approved = day(period.due, -20, -1) if rng.random() < 0.75 else day(period.due, 3, 45)
    for index, (institution, user) in enumerate(reporters):
        on = day(period.end, 2, max(2, (approved - period.end).days - 1))
        if fate == "open" and institution != plan.secretary.institution and rng.random() < 0.45:
            if rng.random() < 0.5:
                entry(institution, user, ReturnStatus.DRAFT, on)
            continue
        if fate == "accepted" and step > 0 and index and rng.random() < 0.08:
            continue  # an institution that did not report that half-year
        entry(institution, user, ReturnStatus.SUBMITTED, on)
    if fate == "open":
        submitted = [e for e in plan.entries if e.status == ReturnStatus.SUBMITTED]
        if len(submitted) > 1 and rng.random() < 0.5:
            sent_back = submitted[-1]
            sent_back.status, sent_back.comment = ReturnStatus.RETURNED, SENT_BACK
            sent_back.returned_at = stamp(rng, day(sent_back.on.date(), 1, 6))
        if rng.random() < 0.5:
            plan.narrative = {"summary": rng.choice(NARRATIVE["summary"])}
        return
    plan.narrative = {name: rng.choice(texts) for name, texts in NARRATIVE.items()}
    plan.approved_at = stamp(rng, approved)
    if fate == RETURNED:
        plan.reopened_at = stamp(rng, day(approved, 5, 20))
    elif fate == "accepted":
        plan.status, plan.accepted_at = ReportStatus.ACCEPTED, stamp(rng, day(approved, 4, 30))
    else:
        plan.status = ReportStatus.APPROVED
    if plan.baseline:
        plan.narrative["summary"] = BASELINE + plan.narrative["summary"]


def _truth(
    rng: random.Random, big: bool, period: Period, today: datetime.date
) -> dict[tuple[str, str], int]:
    """The region's figure per element and value period, for periods that have ended."""
    truth = {}
    for code, sizes in SIZES.items():
        low, high = sizes[big]
        for value_period in value_periods(BY_CODE[code], period.code):
            if Period.parse(value_period).end < today:
                truth[code, value_period] = rng.randint(low, high)
    return truth


def _figures(
    rng: random.Random,
    institution: Institution,
    truth: dict[tuple[str, str], int],
    period: Period,
    cats: dict[str, list[str]],
    step: int,
) -> dict[Cell, int]:
    """The institution's view of the truth, broken down by every dimension it reports."""
    kind = institution.type
    numbers: dict[Cell, int] = {}
    for code in MANDATES.get(kind, OTHER_MANDATE):
        element = BY_CODE[code]
        for value_period in value_periods(element, period.code):
            if (code, value_period) not in truth:
                continue
            total = _seen(rng, kind, code, truth[code, value_period])
            numbers[code, value_period, "", ""] = total
            for dimension in element.dimensions:
                # Police statistics break victims down by sex and age only.
                quarter = element.period_type == QUARTER
                if kind in POLICE and quarter and dimension.code not in ("sex", "age"):
                    continue
                codes = cats[dimension.code]
                weights = _weights(code, dimension.code, codes, kind, step)
                for category, n in zip(codes, _split(rng, total, weights), strict=True):
                    numbers[code, value_period, dimension.code, category] = n
    return numbers


def _seen(rng: random.Random, kind: str, code: str, true: int) -> int:
    if code not in FROM_CASES:
        return max(0, round(true * rng.uniform(0.85, 1.1)))
    if kind in POLICE:
        return max(0, true - rng.randint(0, max(1, true // 3)))
    if kind in (T.NGO, T.SHELTER):
        return true + rng.randint(0, 2)
    if kind == T.CHILD_PROTECTION:
        return sum(rng.random() < 0.45 for _ in range(true))
    return max(0, true + rng.randint(-1, 1))


def _weights(code: str, dimension: str, cats: list[str], kind: str, step: int) -> list[float]:
    if dimension == "municipality":
        # The seat, first, sees most.
        return [4.0 if i == 0 else 1.0 for i, _c in enumerate(cats)]
    if dimension == "destination":
        # Exploitation abroad falls over the years, at home it grows.
        table = {"domestic": 55.0 + 3 * step, "abroad": max(10.0, 35.0 - 2 * step), "unknown": 10.0}
    elif dimension == "age" and kind == T.CHILD_PROTECTION and code in FROM_CASES:
        table = ONLY_CHILDREN
    else:
        table = ELEMENT_WEIGHTS.get((code, dimension), WEIGHTS.get(dimension, {}))
    return [table.get(c, 1.0) for c in cats]


def _split(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """``total`` drawn into categories by weight: the parts add up to the total."""
    counts = [0] * len(weights)
    for i in rng.choices(range(len(weights)), weights=weights, k=total):
        counts[i] += 1
    return counts


def _texts(
    rng: random.Random, institution: Institution, period: Period
) -> dict[tuple[str, str], str]:
    return {
        (code, period.code): rng.choice(TEXTS[code])
        for code in MANDATES.get(institution.type, OTHER_MANDATE)
        if code in TEXTS
    }


def _explain(rng: random.Random, found: Discrepancy) -> tuple[str, int]:
    """Why sources differ, and the figure the committee stands by: usually the highest
    (people some institutions never met), sometimes the middle one after checking."""
    text = rng.choice(EXPLANATIONS.get(found.element, EXPLANATIONS[""]))
    figures = sorted(n for _source, n in found.figures)
    return text, found.high if rng.random() < 0.7 else figures[len(figures) // 2]


def _play(rng: random.Random, plan: Plan, onac: User) -> None:
    """One region's half-year through the services, then its days moved back."""
    region_id, code, secretary = plan.region.pk, plan.period.code, plan.secretary
    for entry in plan.entries:
        data_return = selectors.return_for(region_id, entry.institution, code)
        data_return = services.return_save(
            user=entry.user,
            data_return=data_return,
            numbers=entry.numbers,
            texts=entry.texts,
            version=data_return.version,
        )
        if entry.status != ReturnStatus.DRAFT:
            data_return = services.return_submit(user=entry.user, data_return=data_return)
        if entry.status == ReturnStatus.RETURNED:
            services.return_send_back(
                user=secretary, data_return=data_return, comment=entry.comment
            )
    report = selectors.report_for(region_id, code)
    if plan.narrative or plan.baseline:
        report = services.report_save(
            user=secretary,
            report=report,
            texts=plan.narrative,
            is_baseline=plan.baseline,
            version=report.version,
        )
    if plan.approved_at:
        for found, explanation in selectors.discrepancies(report):
            if explanation is None:
                text, agreed = _explain(rng, found)
                services.explanation_record(
                    user=secretary,
                    report=report,
                    element=found.element,
                    period=found.period,
                    text=text,
                    agreed=agreed,
                )
        report = services.report_approve(user=secretary, report=report)
        if plan.reopened_at:
            report = services.report_send_back(user=onac, report=report, comment=ONAC_COMMENT)
        elif plan.accepted_at:
            report = services.report_accept(user=onac, report=report)
    _restamp(plan, report)


def _restamp(plan: Plan, report: RegionReport) -> None:
    """The services stamp "now"; the demo's story happened on other days."""
    events = ReviewEvent.objects.filter(region_id=plan.region.pk, period=plan.period.code)
    for entry in plan.entries:
        submitted = None if entry.status == ReturnStatus.DRAFT else entry.on
        DataReturn.objects.filter(
            region_id=plan.region.pk, institution=entry.institution, period=plan.period.code
        ).update(updated_at=entry.returned_at or entry.on, submitted_at=submitted)
        mine = events.filter(institution=entry.institution)
        mine.filter(action=ReviewAction.SUBMITTED).update(at=entry.on)
        mine.filter(action=ReviewAction.RETURNED).update(at=entry.returned_at)
    for action, at in (
        (ReviewAction.APPROVED, plan.approved_at),
        (ReviewAction.ACCEPTED, plan.accepted_at),
        (ReviewAction.REOPENED, plan.reopened_at),
    ):
        if at is not None:
            events.filter(action=action).update(at=at)
    if plan.approved_at:
        Explanation.objects.filter(report=report).update(
            at=plan.approved_at - datetime.timedelta(hours=2)
        )
    if report.status != ReportStatus.OPEN:
        RegionReport.objects.filter(pk=report.pk).update(
            approved_at=plan.approved_at, accepted_at=plan.accepted_at
        )


def _write_bulk(rng: random.Random, plans: list[Plan], onac: User) -> None:
    """The same story as rows, one half-year at a time: no per-row services, one audit
    entry per region."""
    tolerances = selectors.tolerances()
    periods = list(dict.fromkeys(plan.period for plan in plans))
    with _stamped_by_hand():
        for period in periods:
            group = [plan for plan in plans if plan.period == period]
            _bulk_period(rng, group, onac, tolerances)
    for region in dict.fromkeys(plan.region for plan in plans):
        mine = [plan for plan in plans if plan.region == region]
        audit_record(
            actor=None,
            action="demo.bulk_reports",
            object_type="region",
            object_ref=region.code,
            detail=f"{sum(len(p.entries) for p in mine)} data returns over {len(mine)} "
            "half-years written in bulk by the demo",
        )


def _bulk_period(
    rng: random.Random, group: list[Plan], onac: User, tolerances: dict[str, int]
) -> None:
    code = group[0].period.code
    pairs = [(plan, entry) for plan in group for entry in plan.entries]
    returns = [
        DataReturn(
            region=plan.region,
            institution=entry.institution,
            period=code,
            status=entry.status,
            comment=entry.comment,
            version=1 if entry.status == ReturnStatus.DRAFT else 2,
            updated_by=entry.user,
            updated_at=entry.returned_at or entry.on,
            submitted_at=None if entry.status == ReturnStatus.DRAFT else entry.on,
        )
        for plan, entry in pairs
    ]
    DataReturn.objects.bulk_create(returns, batch_size=BATCH)
    _insert_values(pairs, returns)
    reports = [
        RegionReport(
            region=plan.region,
            period=code,
            status=plan.status,
            is_baseline=plan.baseline,
            comment=ONAC_COMMENT if plan.reopened_at else "",
            approved_at=plan.approved_at if plan.status != ReportStatus.OPEN else None,
            approved_by=plan.secretary if plan.status != ReportStatus.OPEN else None,
            accepted_at=plan.accepted_at,
            accepted_by=onac if plan.accepted_at else None,
            **plan.narrative,
        )
        for plan in group
    ]
    RegionReport.objects.bulk_create(reports, batch_size=BATCH)
    approved = [
        (plan, report) for plan, report in zip(group, reports, strict=True) if plan.approved_at
    ]
    cases = case_figures(group[0].period, [plan.region.pk for plan, _r in approved])
    explanations = []
    for plan, report in approved:
        sources: dict[str, dict[Cell, int | None]] = {
            str(e.institution.pk): dict(e.numbers)
            for e in plan.entries
            if e.status == ReturnStatus.SUBMITTED
        }
        sources["casework"] = dict(cases.get(plan.region.pk, {}))
        for found in find_discrepancies(sources, tolerances):
            text, agreed = _explain(rng, found)
            explanations.append(
                Explanation(
                    report=report,
                    element=found.element,
                    period=found.period,
                    text=text,
                    agreed=agreed,
                    by=plan.secretary,
                    at=(plan.approved_at or timezone.now()) - datetime.timedelta(hours=2),
                )
            )
    Explanation.objects.bulk_create(explanations, batch_size=BATCH)
    ReviewEvent.objects.bulk_create(_events(group, pairs, onac), batch_size=BATCH)


def _insert_values(pairs: list[tuple[Plan, Entry]], returns: list[DataReturn]) -> None:
    """Half a million figures at the benchmark scale go in through the cursor: a model
    instance per figure (``bulk_create``) costs ten times the insert itself. PostgreSQL
    takes them as one COPY stream, since a statement per row waits on the server."""
    rows: list[tuple[int | str | None, ...]] = []
    for (_plan, entry), data_return in zip(pairs, returns, strict=True):
        rows += [(data_return.pk, *cell, n, "") for cell, n in entry.numbers.items()]
        rows += [(data_return.pk, e, p, "", "", None, t) for (e, p), t in entry.texts.items()]
    quote = connection.ops.quote_name
    fields = {f.name: f.column for f in Value._meta.concrete_fields}
    # Table and column names come from the model; the values never enter the SQL text.
    into = "{} ({})".format(
        quote(Value._meta.db_table), ", ".join(quote(fields[name]) for name in VALUE_FIELDS)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(VALUE_FIELDS))
            cursor.executemany(f"INSERT INTO {into} VALUES ({marks})", rows)  # noqa: S608


def _events(group: list[Plan], pairs: list[tuple[Plan, Entry]], onac: User) -> list[ReviewEvent]:
    events = []
    for plan, entry in pairs:
        if entry.status == ReturnStatus.DRAFT:
            continue
        common = {
            "region": plan.region,
            "period": plan.period.code,
            "institution": entry.institution,
        }
        events.append(
            ReviewEvent(action=ReviewAction.SUBMITTED, by=entry.user, at=entry.on, **common)
        )
        if entry.returned_at:
            events.append(
                ReviewEvent(
                    action=ReviewAction.RETURNED,
                    by=plan.secretary,
                    at=entry.returned_at,
                    comment=entry.comment,
                    **common,
                )
            )
    for plan in group:
        for action, by, at, comment in (
            (ReviewAction.APPROVED, plan.secretary, plan.approved_at, ""),
            (ReviewAction.ACCEPTED, onac, plan.accepted_at, ""),
            (ReviewAction.REOPENED, onac, plan.reopened_at, ONAC_COMMENT),
        ):
            if at is not None:
                events.append(
                    ReviewEvent(
                        region=plan.region,
                        period=plan.period.code,
                        action=action,
                        by=by,
                        at=at,
                        comment=comment,
                    )
                )
    return events


@contextmanager
def _stamped_by_hand() -> Iterator[None]:
    """Rows written in bulk carry their story's time, not the time of the insert."""
    fields = [
        DataReturn._meta.get_field("updated_at"),
        Explanation._meta.get_field("at"),
        ReviewEvent._meta.get_field("at"),
    ]
    saved = []
    for f in fields:
        assert isinstance(f, DateTimeField)
        saved.append((f, f.auto_now, f.auto_now_add))
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
