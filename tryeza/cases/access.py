"""The one door to cases. Every page, API route, export and report that touches a case
asks here; nothing else filters cases by user.

- A case is visible to the case workers (roles with ``can_work_cases``) of the
  institutions on its team. Nobody else sees the case as such: not committee members,
  not the national coordinator, not other regions or institutions. They see counts.
- Seeing a case is not seeing the person: identifiers are revealed one page view at a time
  for a stated purpose (``services.identity_reveal``). Police and prosecutors reveal for
  criminal investigation; everyone else on the team for case management or service
  provision.
- A referral opens a case to the receiving institution only partly: its workers see the
  parts and identifiers the person consented to share with them (``get_referral_for_user``,
  ``Referral.consent_parts``), while the referral is open or accepted.
- A case outside the user's reach and a case that does not exist raise the same Http404.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.db.models.lookups import In
from django.http import Http404

from tryeza.accounts.models import Reach
from tryeza.accounts.reach import reach_of
from tryeza.cases.choices import Purpose, ReferralStatus, Stage
from tryeza.cases.models import Case, Escalation, Referral, TeamMember
from tryeza.directory.models import InstitutionType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

    from tryeza.accounts.models import User

INVESTIGATING: set[str] = {
    InstitutionType.POLICE,
    InstitutionType.ANTI_TRAFFICKING_POLICE,
    InstitutionType.PROSECUTION,
}


def _case_worker(user: User | AnonymousUser) -> User | None:
    """The user as a case worker with an institution, or None."""
    if reach_of(user) is None or not user.is_authenticated:
        return None
    if user.role is None or not user.role.can_work_cases or user.institution is None:
        return None
    return user


def works_cases(user: User | AnonymousUser) -> bool:
    return _case_worker(user) is not None


class _OnTheList(In):
    """``id IN (subquery)``, asked of PostgreSQL as ``id = ANY(ARRAY(subquery))``: the
    list is read first, then each case by its key."""

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, Sequence[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def cases_visible_to(user: User | AnonymousUser, *, from_team_list: bool = False) -> QuerySet[Case]:
    """The cases on the teams of the user's institution.

    ``from_team_list``: the same cases asked from the other end, the team's list of cases
    first and then each case by its key. An institution's cases are a few thousand of a
    hundred thousand, and under a filter no index serves PostgreSQL would otherwise read
    every case to count them: so they are counted this way then
    (``CaseFilterForm.unindexed``; three to five times sooner at 100k cases,
    ``docs/PERFORMANCE.md``). Pages are read the usual way, newest first along the
    index, which stops once the page is full."""
    worker = _case_worker(user)
    if worker is None:
        return Case.objects.none()
    team = TeamMember.objects.filter(institution=worker.institution).values("case_id")
    if from_team_list:
        return Case.objects.filter(_OnTheList(F("pk"), team))
    return Case.objects.filter(pk__in=team)


def get_case_for_user(user: User | AnonymousUser, code: str) -> Case:
    try:
        return (
            cases_visible_to(user)
            .select_related("region", "municipality", "identified_in", "lead_institution")
            .get(code=code.strip().upper())
        )
    except Case.DoesNotExist:
        raise Http404 from None


def referrals_received_by(user: User | AnonymousUser) -> QuerySet[Referral]:
    """Referrals to the user's institution that still open the case to it."""
    worker = _case_worker(user)
    if worker is None:
        return Referral.objects.none()
    return Referral.objects.filter(
        to_institution=worker.institution,
        status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ).select_related("case", "case__region", "from_institution")


def get_referral_for_user(user: User | AnonymousUser, pk: int) -> Referral:
    try:
        return referrals_received_by(user).get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404 from None


def escalations_visible_to(user: User | AnonymousUser) -> QuerySet[Escalation]:
    """Cases escalated to a table or committee, for that structure's member institutions:
    code, reason and note only — the case itself stays with its team. National users see
    counts, like every other figure about cases."""
    from tryeza.directory.selectors import structures_visible_to

    if reach_of(user) is None or not user.is_authenticated:
        return Escalation.objects.none()
    structures = structures_visible_to(user).filter(memberships__institution=user.institution)
    return Escalation.objects.filter(structure__in=structures).select_related("case", "structure")


def reveal_purposes(user: User | AnonymousUser) -> list[Purpose]:
    """The purposes this user may state to see identifiers of a case visible to them."""
    worker = _case_worker(user)
    if worker is None or worker.institution is None:
        return []
    if worker.institution.type in INVESTIGATING:
        return [Purpose.CRIMINAL_INVESTIGATION]
    return [Purpose.CASE_MANAGEMENT, Purpose.SERVICE_PROVISION]


def can_read_access_log(user: User | AnonymousUser, case: Case) -> bool:
    """The lead institution's workers and data-protection officers."""
    if reach_of(user) is None or not user.is_authenticated or user.role is None:
        return False
    if user.role.can_read_audit:
        return True
    worker = _case_worker(user)
    return worker is not None and worker.institution_id == case.lead_institution_id


def get_case_log_for_user(user: User | AnonymousUser, code: str) -> Case:
    """The case whose access log the user may read. Data-protection officers are on no
    team, so they reach a log by its code; they still see no identifier."""
    case = Case.objects.filter(code=code.strip().upper()).first()
    if case is None or not can_read_access_log(user, case):
        raise Http404
    return case


def case_counts_by_region(user: User | AnonymousUser) -> dict[int, dict[str, int]]:
    """Counts of cases per region and status, for the regions in the user's reach; no
    case is named. Small counts are the report layer's to suppress before they leave.
    Kept until a case changes (``figures_cache``): nationally they count every case."""
    from tryeza.reporting.figures_cache import cached  # reporting builds on cases

    reach = reach_of(user)
    if reach is None or not user.is_authenticated:
        return {}
    region_id = None
    if reach != Reach.NATIONAL:
        region_id = user.institution.region_id if user.institution else None
        if region_id is None:
            return {}
    return cached("case_counts", lambda: _counts_by_region(region_id), region_id)


def _counts_by_region(region_id: int | None) -> dict[int, dict[str, int]]:
    cases = Case.objects.all() if region_id is None else Case.objects.filter(region_id=region_id)
    counts: dict[int, dict[str, int]] = {}
    # COUNT(*) rather than COUNT(id): the (region, status, stage) index answers it alone,
    # without reading the table (four times faster at 100k cases).
    for row in cases.values("region_id", "status").annotate(n=Count("*")).order_by():
        counts.setdefault(row["region_id"], {})[row["status"]] = row["n"]
    return counts


# The fields a report may group cases by: anonymous facts, never an identifier, a code or a
# free text. Grouped counts leave through disclosure control (tryeza/reporting).
GROUPABLE = frozenset(
    {
        "region_id",
        "year",
        "stage",
        "status",
        "sex",
        "age_band",
        "citizenship",
        "exploitation",
        "means_of_control",
        "recruiter_relation",
        "exploited_where",
        "municipality__code",
    }
)


def case_counts(
    fields: Iterable[str],
    *,
    identified_from: datetime.date | None = None,
    identified_to: datetime.date | None = None,
    region_ids: Iterable[int] | None = None,
    victims_only: bool = False,
    by_quarter: bool = False,
) -> Iterator[dict[str, Any]]:
    """Counts of cases grouped by anonymous ``fields`` (``n``; with ``by_quarter`` also
    the year ``y`` and quarter ``q`` of identification), for reports and statistical
    exports, whoever asks: callers check their own rules and suppress small counts before
    anything leaves. One grouped query, read in chunks."""
    fields = list(fields)
    if not set(fields) <= GROUPABLE:
        raise ValueError(f"cases cannot be grouped by {sorted(set(fields) - GROUPABLE)}")
    cases = Case.objects.all()
    if identified_from is not None:
        cases = cases.filter(identified_on__gte=identified_from)
    if identified_to is not None:
        cases = cases.filter(identified_on__lte=identified_to)
    if region_ids is not None:
        cases = cases.filter(region_id__in=list(region_ids))
    if victims_only:
        cases = cases.exclude(stage=Stage.AT_RISK)
    if by_quarter:
        cases = cases.annotate(y=ExtractYear("identified_on"), q=ExtractQuarter("identified_on"))
        fields += ["y", "q"]
    # COUNT(*): no column to read, and no NULL to skip (the id is never NULL).
    return cases.values(*fields).annotate(n=Count("*")).order_by().iterator(chunk_size=2000)
