"""The demo's case work and meetings: the seeds' Elbasan figures, identities encrypted and
findable, nothing identifying in the audit log or in meeting texts, meetings that carry
their tasks over, and the bulk path of the benchmark scale.

The small demo is built once for the module by the command (committed, then cleared at
the end); tests that add to it do so inside their own transaction, which is rolled back.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tryeza.audit.models import AuditEntry
from tryeza.audit.services import audit_verify
from tryeza.cases.choices import AgeBand, Cooperation, ReferralStatus, ServiceStatus, Stage
from tryeza.cases.crypto import blind_index, decrypt_identity, name_tokens
from tryeza.cases.models import (
    Case,
    Escalation,
    FollowUp,
    IdentityIndex,
    PlannedService,
    PoliceCooperation,
    Referral,
    StatusChange,
)
from tryeza.cases.services import Identity
from tryeza.cases.services.case import _index_entries
from tryeza.cases.services.leaks import text_names_a_person
from tryeza.demo import names, texts
from tryeza.demo.builder import build_demo
from tryeza.demo.bulk import build_bulk_cases
from tryeza.demo.cases import build_cases
from tryeza.demo.context import Demo
from tryeza.demo.management.commands import demo as demo_command
from tryeza.demo.reset import demo_clear
from tryeza.directory.models import ServiceOffering, Structure, StructureKind
from tryeza.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presidency,
    Task,
    TaskStatus,
    TermsOfReference,
    WorkPlan,
)

from .support import network_digest

SEED = 2006


@pytest.fixture(scope="module")
def _built(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[Demo, str, datetime.datetime]]:
    """`manage.py demo`, keeping what its builder returns (the tests look it up), what it
    printed and when it was built (the demo's dates count back from that day)."""
    made: list[Demo] = []

    def build_and_keep(**options: Any) -> Demo:
        made.append(build_demo(**options))
        return made[-1]

    out = StringIO()
    built_at = timezone.now()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_command, "build_demo", build_and_keep)
        # In English, as the tests read it (their language is set per test, after this).
        with translation.override("en"):
            call_command("demo", "--seed", str(SEED), stdout=out)
    yield made[0], out.getvalue(), built_at
    with django_db_blocker.unblock():
        demo_clear()


@pytest.fixture
def demo(_built: tuple[Demo, str, datetime.datetime], db: None) -> Demo:
    """The small demo (seed 2006), present for the test."""
    return _built[0]


@pytest.fixture
def printed(_built: tuple[Demo, str, datetime.datetime]) -> str:
    """What the command printed when it built the demo."""
    return _built[1]


def case_digest() -> str:
    rows = Case.objects.order_by("code").values_list(
        "code", "stage", "status", "sex", "age_band", "exploitation", "identified_on"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def this_year() -> int:
    return timezone.localdate().year


def test_elbasan_has_the_seeds_twenty_at_risk_cases_six_resolved(demo: Demo) -> None:
    at_risk = Case.objects.filter(
        region__code="AL-03", stage=Stage.AT_RISK, year__in=[this_year(), this_year() - 1]
    )
    assert at_risk.count() == 20
    assert Counter(at_risk.values_list("status", flat=True)) == {"resolved": 6, "pending": 14}
    identified = set(at_risk.values_list("identified_on__year", flat=True))
    assert identified <= {this_year(), this_year() - 1}


def test_every_region_has_cases_at_several_stages(demo: Demo) -> None:
    per_region = Counter(Case.objects.values_list("region__code", flat=True))
    assert len(per_region) == 12
    assert all(5 <= n <= 15 for code, n in per_region.items() if code != "AL-03")
    assert set(Case.objects.values_list("stage", flat=True)) == set(Stage.values)
    sexes = Counter(Case.objects.values_list("sex", flat=True))
    assert sexes["female"] > sexes["male"]
    assert Case.objects.filter(age_band=AgeBand.A9_17).count() > Case.objects.count() / 4
    exploited = Case.objects.exclude(stage=Stage.AT_RISK)
    where = Counter(exploited.values_list("exploited_where", flat=True))
    assert where["domestic"] > where["abroad"]


def test_every_case_has_an_encrypted_identity_its_index_finds(demo: Demo) -> None:
    cases = Case.objects.select_related("identity")
    assert cases.count() == len(demo.cases) > 100
    for case in cases:
        document = decrypt_identity(case.identity.ciphertext)
        assert document["first_name"].encode() not in bytes(case.identity.ciphertext)
        identity = Identity.from_document(document)
        stored = set(IdentityIndex.objects.filter(case=case).values_list("kind", "digest"))
        assert _index_entries(identity) == stored
        token = name_tokens(identity.last_name)[0]
        found = IdentityIndex.objects.filter(digest=blind_index("name", token))
        assert case.pk in set(found.values_list("case_id", flat=True))
        if case.is_minor:
            assert identity.guardian


def test_no_identifier_reaches_the_audit_log(demo: Demo) -> None:
    values = set()
    for case in Case.objects.select_related("identity"):
        document = decrypt_identity(case.identity.ciphertext)
        values |= {document[f] for f in ("last_name", "id_number", "phone", "date_of_birth")}
    values.discard("")
    logged = " ".join(
        f"{e.object_ref} {e.detail} {' '.join(e.fields)} {e.actor_username}"
        for e in AuditEntry.objects.all()
    )
    assert not [value for value in values if value in logged]


def test_the_audit_chain_verifies_after_the_demo(demo: Demo) -> None:
    check = audit_verify()
    assert check.ok
    assert check.entries > 1000


def test_meeting_texts_name_nobody(demo: Demo) -> None:
    meeting_texts = [
        *Meeting.objects.values_list("minutes_summary", flat=True),
        *AgendaItem.objects.values_list("title", flat=True),
        *AgendaItem.objects.values_list("discussion", flat=True),
        *Decision.objects.values_list("text", flat=True),
        *Task.objects.values_list("description", flat=True),
        *Escalation.objects.values_list("note", flat=True),
    ]
    assert not [t for t in meeting_texts if t and text_names_a_person(t, region_id=None)]


def test_no_demo_text_could_be_read_as_a_name() -> None:
    """Every name part the demo can draw, against every word of its fixed texts."""
    parts = set()
    for name in (*names.FEMALE_FIRST_NAMES, *names.MALE_FIRST_NAMES, *names.SURNAMES):
        parts |= set(name_tokens(name))

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, tuple | list):
            for item in value:
                yield from strings(item)

    words = {
        token
        for constant in vars(texts).values()
        for text in strings(constant)
        for token in name_tokens(text)
        if len(token) >= 3
    }
    assert words
    assert not words & parts


def test_case_work_happened_in_the_past(demo: Demo) -> None:
    today, now = timezone.localdate(), timezone.now()
    assert not Case.objects.filter(identified_on__gt=today).exists()
    assert not Case.objects.filter(created_at__gt=now).exists()
    assert not StatusChange.objects.filter(at__gt=now).exists()
    assert not Referral.objects.filter(sent_at__gt=now).exists()
    assert not FollowUp.objects.filter(on__gt=today).exists()
    assert Case.objects.filter(created_at__year=this_year() - 1).exists()
    # Numbered in the year they were registered.
    for case in Case.objects.all():
        assert case.code.split("-")[1] == str(case.year) == str(case.created_at.year)


def test_services_come_from_providers_that_offer_them(demo: Demo) -> None:
    offered = set(ServiceOffering.objects.values_list("institution_id", "service"))
    planned = PlannedService.objects.values_list("provider_id", "service")
    assert planned.count() > 200
    assert set(planned) <= offered
    statuses = set(PlannedService.objects.values_list("status", flat=True))
    assert {ServiceStatus.DELIVERED, ServiceStatus.STARTED} <= statuses


def test_referrals_are_accepted_or_declined_with_a_reason(demo: Demo) -> None:
    answered = Counter(Referral.objects.values_list("status", flat=True))
    assert answered[ReferralStatus.ACCEPTED] > answered[ReferralStatus.DECLINED] > 0
    declined = Referral.objects.filter(status=ReferralStatus.DECLINED)
    assert all(r.response_reason for r in declined)
    assert all(r.responded_at and r.responded_at > r.sent_at for r in declined)
    # The seeds' story: one notification to several institutions at once.
    batches = Counter(Referral.objects.values_list("batch", flat=True))
    assert max(batches.values()) >= 3


def test_services_are_delivered_to_people_who_declined_police_cooperation(demo: Demo) -> None:
    declined = PoliceCooperation.objects.filter(status=Cooperation.DECLINED).values("case")
    assert PlannedService.objects.filter(case__in=declined, status=ServiceStatus.DELIVERED).exists()


def test_some_follow_ups_are_overdue(demo: Demo) -> None:
    open_cases = Case.objects.open()
    assert open_cases.filter(next_follow_up__lt=timezone.localdate()).exists()
    assert open_cases.filter(next_follow_up__gte=timezone.localdate()).exists()


def test_every_committee_and_table_met_and_has_a_meeting_ahead(demo: Demo) -> None:
    now = timezone.now()
    for kind, held in ((StructureKind.COMMITTEE, 4), (StructureKind.TECHNICAL_TABLE, 6)):
        for structure in Structure.objects.filter(kind=kind):
            meetings = Meeting.objects.filter(structure=structure)
            past = meetings.filter(status=MeetingStatus.HELD)
            assert past.count() == held
            assert not past.filter(starts_at__gt=now).exists()
            assert past.filter(starts_at__gt=now - datetime.timedelta(days=370)).count() == held
            assert meetings.filter(status=MeetingStatus.PLANNED, starts_at__gt=now).count() == 1
            assert all(m.attendance.exists() and m.decisions.exists() for m in past)


def test_open_tasks_carry_over_to_the_next_agenda(demo: Demo) -> None:
    tasks = Task.objects.select_related("meeting")
    assert tasks.filter(status=TaskStatus.DONE, done_on__lte=datetime.date.today()).exists()
    assert tasks.overdue().exists()
    for task in tasks.outstanding():
        following = Meeting.objects.filter(
            structure=task.structure_id, starts_at__gt=task.meeting.starts_at
        ).order_by("starts_at")
        assert following.exists()
        assert all(m.items.filter(task=task, kind=ItemKind.TASK_FOLLOW_UP) for m in following)


def test_escalated_cases_wait_on_the_tables_next_agenda_by_code(demo: Demo) -> None:
    escalations = Escalation.objects.select_related("case", "structure")
    assert escalations.exists()
    for escalation in escalations:
        assert escalation.structure.kind == StructureKind.TECHNICAL_TABLE
        upcoming = Meeting.objects.get(structure=escalation.structure, status=MeetingStatus.PLANNED)
        assert upcoming.items.filter(case_code=escalation.case.code).exists()


def test_elbasan_table_approved_its_manual_at_its_second_meeting(demo: Demo) -> None:
    table = Structure.objects.get(kind=StructureKind.TECHNICAL_TABLE, region__code="AL-03")
    terms = TermsOfReference.objects.get(structure=table, version=1)
    second = Meeting.objects.filter(structure=table).order_by("starts_at")[1]
    assert terms.approved_at == second


def test_the_shelters_coalition_has_a_president_and_a_work_plan(demo: Demo) -> None:
    coalition = Structure.objects.get(name_en="National Coalition of Anti-trafficking Shelters")
    president = Presidency.objects.get(structure=coalition)
    assert president.starts_on <= timezone.localdate() <= president.ends_on
    plan = WorkPlan.objects.get(structure=coalition)
    assert plan.activities.count() == 4
    assert plan.adopted_at is not None and plan.adopted_at.status == MeetingStatus.HELD


def test_the_same_seed_gives_the_same_cases(
    demo: Demo, printed: str, _built: tuple[Demo, str, datetime.datetime], monkeypatch: Any
) -> None:
    """Cases are drawn right after the network, so rebuilding those two layers (not the
    meetings and reports after them) is enough to compare them. The clock is set back to
    the first build's: the demo's dates count back from today, which may have changed
    since (local midnight)."""
    monkeypatch.setattr(timezone, "now", lambda: _built[2])
    network, before = network_digest(), case_digest()
    demo_clear()
    again = build_demo(seed=SEED, network_only=True)
    # What the tests of the network build (test_demo) is how a whole demo starts.
    assert network_digest() == network
    build_cases(again)
    assert case_digest() == before
    assert f"{len(demo.cases)} cases" in printed


def test_a_larger_scale_writes_cases_in_bulk_with_unique_codes(demo: Demo) -> None:
    entries = AuditEntry.objects.count()
    bigger = dataclasses.replace(demo, scale=2, counts=Counter())
    report = build_bulk_cases(bigger, total=240)
    assert report.cases == 240
    assert Case.objects.count() == len(demo.cases) + 240
    codes = list(Case.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    numbers = list(Case.objects.values_list("region", "year", "number"))
    assert len(numbers) == len(set(numbers))
    assert report.events > 240 * 5
    # One summary entry per region, none per case.
    summaries = AuditEntry.objects.filter(action="demo.bulk_cases")
    assert summaries.count() == 12 == AuditEntry.objects.count() - entries
    assert audit_verify().ok
    bulk = Case.objects.exclude(pk__in=[case.pk for case in demo.cases])
    assert len(set(bulk.values_list("year", flat=True))) >= 4
    for case in bulk.select_related("identity")[:50]:
        identity = Identity.from_document(decrypt_identity(case.identity.ciphertext))
        stored = set(case.index_entries.values_list("kind", "digest"))
        assert _index_entries(identity) == stored
        assert case.status_history.exists()
