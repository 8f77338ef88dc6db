"""Case pages from the team's side and from every outsider's side."""

import datetime

import pytest
from django.urls import reverse

from tryeza.cases.models import Case, CaseAccess, CaseIdentity

from .conftest import PLANTED_FIRST, PLANTED_LAST, PLANTED_VALUES

OUTSIDERS = [
    "committee_member",
    "secretariat_officer",
    "national_coordinator",
    "other_region_officer",
    "observer",
    "system_admin",
    "outsider",
]


def assert_no_identifier(response):
    body = response.content.decode()
    for value in PLANTED_VALUES:
        assert value not in body


def test_the_team_lists_and_opens_the_case_without_seeing_the_name(
    client, planted_case, ngo_worker
):
    client.force_login(ngo_worker)
    listing = client.get(reverse("cases:list"))
    assert planted_case.code in listing.content.decode()
    assert_no_identifier(listing)
    detail = client.get(reverse("cases:detail", args=[planted_case.code]))
    assert detail.status_code == 200
    assert_no_identifier(detail)
    assert "no-store" in detail["Cache-Control"]
    assert CaseAccess.objects.filter(case=planted_case, user=ngo_worker, fields=[]).exists()


def test_a_reveal_shows_the_name_for_that_page_view_only(client, planted_case, ngo_worker):
    client.force_login(ngo_worker)
    url = reverse("cases:detail", args=[planted_case.code])
    shown = client.post(
        url,
        {"action": "reveal", "purpose": "service_provision", "show": ["first_name", "last_name"]},
    )
    assert PLANTED_FIRST in shown.content.decode()
    access = CaseAccess.objects.get(case=planted_case, user=ngo_worker)
    assert access.purpose == "service_provision"
    assert access.fields == ["first_name", "last_name"]
    assert_no_identifier(client.get(url))


def test_a_reveal_for_a_purpose_not_allowed_shows_nothing(client, planted_case, ngo_worker):
    client.force_login(ngo_worker)
    response = client.post(
        reverse("cases:detail", args=[planted_case.code]),
        {"action": "reveal", "purpose": "criminal_investigation"},
    )
    assert response.status_code == 200
    assert_no_identifier(response)
    assert not CaseAccess.objects.exclude(purpose="").exists()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_the_same_404_for_a_real_and_a_missing_case(
    client, request, planted_case, persona
):
    client.force_login(request.getfixturevalue(persona))
    for path in (
        reverse("cases:detail", args=[planted_case.code]),
        reverse("cases:access-log", args=[planted_case.code]),
    ):
        real = client.get(path)
        missing = client.get(path.replace(planted_case.code, "EL-1999-0999"))
        assert real.status_code == missing.status_code == 404
        assert real.content == missing.content
        assert_no_identifier(real)
    posted = client.post(
        reverse("cases:detail", args=[planted_case.code]),
        {"action": "reveal", "purpose": "case_management"},
    )
    assert posted.status_code == 404


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_see_counts_not_cases_in_the_list(client, request, planted_case, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert planted_case.code not in response.content.decode()
    assert_no_identifier(response)


def test_the_committee_sees_its_region_count(client, planted_case, committee_member):
    client.force_login(committee_member)
    response = client.get(reverse("cases:list"))
    assert "Elbasan" in response.content.decode()
    assert response.context["rows"][0]["open"] == 1


def test_the_counts_move_with_the_cases_at_once(
    client, network, planted_case, cpu_worker, national_coordinator
):
    """The counts are kept between visits (``figures_cache``) and follow every case
    registered or moved at the next visit."""
    from tryeza.cases.choices import ClosureReason, Stage, Status
    from tryeza.cases.services import case_change_status, case_register

    from .conftest import elbasan_draft, planted_identity

    def elbasan() -> dict:
        client.force_login(national_coordinator)
        [row] = client.get(reverse("cases:list")).context["rows"]
        return {key: row[key] for key in ("open", "resolved", "closed")}

    assert elbasan() == {"open": 1, "resolved": 0, "closed": 0}
    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    assert elbasan() == {"open": 2, "resolved": 0, "closed": 0}
    case_change_status(
        actor=cpu_worker,
        case=planted_case,
        expected_version=planted_case.version,
        stage=Stage.PRESUMED,
        status=Status.CLOSED,
        closure_reason=ClosureReason.values[0],
    )
    assert elbasan() == {"open": 1, "resolved": 0, "closed": 1}


def test_the_list_runs_a_constant_number_of_queries(
    client, network, cpu_worker, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tryeza.cases.services import case_register

    from .conftest import elbasan_draft, planted_identity

    client.force_login(cpu_worker)
    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    client.get(reverse("cases:list"))  # warm the session
    with CaptureQueriesContext(connection) as one_case:
        client.get(reverse("cases:list"))
    for _ in range(30):
        case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    with django_assert_num_queries(len(one_case.captured_queries)):
        client.get(reverse("cases:list"))


def registration(network, **changes):
    data = {
        "first_name": "Arta",
        "last_name": "Kola",
        "date_of_birth": "2012-05-01",
        "guardian": "Mother, Lule Kola",
        "stage": "at_risk",
        "identification_kind": "informal",
        "identified_by": "teacher",
        "identified_on": "2026-09-01",
        "municipality": network["elbasan"].municipalities.get(name="Peqin").pk,
        "sex": "female",
        "age_band": "unknown",
        "citizenship": "AL",
        "exploitation": "none_yet",
        "labour_kind": "n/a",
        "recruiter_relation": "n/a",
        "exploited_where": "n/a",
        "duration": "n/a",
        "team": [network["shelter_el"].pk, network["police_el"].pk],
    }
    data.update(changes)
    return data


def test_a_cpu_worker_registers_a_child_with_her_team(client, network, cpu_worker):
    client.force_login(cpu_worker)
    response = client.post(reverse("cases:register"), registration(network))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.code])
    assert case.age_band == "9-17"  # worked out from the date of birth
    assert case.lead_institution == network["cpu_el"]
    assert set(case.team.values_list("institution__name", flat=True)) == {
        network["cpu_el"].name,
        network["shelter_el"].name,
        network["police_el"].name,
    }
    assert b"Kola" not in bytes(CaseIdentity.objects.get(case=case).ciphertext)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"guardian": ""}, "guardian", "A child needs a guardian"),
        ({"identified_on": "2099-01-01"}, "identified_on", "cannot be in the future"),
        ({"date_of_birth": "2026-12-31"}, "date_of_birth", "cannot be in the future"),
        (
            {"date_of_birth": "2026-10-01", "identified_on": "2026-09-01"},
            "date_of_birth",
            "before birth",
        ),
        ({"identified_on": "2026-02-30"}, "identified_on", "Enter a valid date"),
        ({"age_band": "30-38"}, "age_band", "does not match the date of birth"),
        ({"citizenship": "Albania"}, "citizenship", "two-letter country code"),
        ({"first_name": "x" * 81}, "first_name", "at most 80 characters"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    client, network, cpu_worker, changes, field, message
):
    client.force_login(cpu_worker)
    response = client.post(reverse("cases:register"), registration(network, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Case.objects.exists()


def test_a_possible_earlier_record_is_shown_before_a_second_is_created(
    client, network, planted_case, cpu_worker
):
    client.force_login(cpu_worker)
    data = registration(
        network, first_name=PLANTED_FIRST.upper(), last_name=PLANTED_LAST, date_of_birth=""
    )
    data["age_band"] = "9-17"
    response = client.post(reverse("cases:register"), data)
    assert response.status_code == 200
    assert planted_case.code in response.content.decode()
    assert Case.objects.count() == 1
    confirmed = client.post(reverse("cases:register"), {**data, "confirm_new": "1"})
    assert confirmed.status_code == 302
    assert Case.objects.count() == 2


def test_committee_members_cannot_register(client, network, committee_member):
    client.force_login(committee_member)
    assert client.get(reverse("cases:register")).status_code == 404
    assert client.post(reverse("cases:register"), registration(network)).status_code == 404


def test_a_stale_status_change_says_so_and_keeps_the_other_edit(
    client, planted_case, cpu_worker, ngo_worker
):
    url = reverse("cases:detail", args=[planted_case.code])
    client.force_login(ngo_worker)
    client.post(
        url, {"action": "status", "version": 1, "stage": "potential_victim", "status": "pending"}
    )
    client.force_login(cpu_worker)
    response = client.post(
        url, {"action": "status", "version": 1, "stage": "at_risk", "status": "resolved"}
    )
    assert "Someone else saved this case" in response.content.decode()
    planted_case.refresh_from_db()
    assert (planted_case.stage, planted_case.status) == ("potential_victim", "pending")


def test_the_lead_reads_who_looked(client, planted_case, cpu_worker, ngo_worker):
    client.force_login(ngo_worker)
    client.get(reverse("cases:detail", args=[planted_case.code]))
    assert client.get(reverse("cases:access-log", args=[planted_case.code])).status_code == 404
    client.force_login(cpu_worker)
    log = client.get(reverse("cases:access-log", args=[planted_case.code]))
    assert log.status_code == 200
    assert "elira" in log.content.decode() or "Elira" in log.content.decode()
    assert_no_identifier(log)


def test_identification_dates_are_dates(planted_case):
    assert isinstance(planted_case.identified_on, datetime.date)


def test_the_list_filters_by_risk_and_overdue_follow_up(client, planted_case, cpu_worker):
    from tryeza.cases.services import followup_record, screening_record

    screening_record(
        actor=cpu_worker,
        case=planted_case,
        screened_on=datetime.date(2026, 10, 3),
        indicators=["blood_feud", "documents_held", "school_abandonment"],
    )
    followup_record(
        actor=cpu_worker,
        case=planted_case,
        on=datetime.date(2026, 10, 5),
        kind="visit",
        retrafficking_risk="medium",
        next_due=datetime.date(2026, 10, 20),
    )
    client.force_login(cpu_worker)

    def codes(**filters):
        rows = client.get(reverse("cases:list"), filters).context["rows"]
        return [case.code for case in rows]

    assert codes(risk_level="high", overdue="on", region="AL-03") == [planted_case.code]
    assert codes(risk_level="low") == []
    assert codes(region="AL-12") == []
    bad = client.get(reverse("cases:list"), {"region": "XX-99"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["region"]


def test_the_case_page_lists_its_team_referrals_and_history_in_words(
    client, network, planted_case, cpu_worker
):
    from tryeza.cases.services import case_change_status, referral_send

    referral_send(
        actor=cpu_worker,
        case=planted_case,
        to=[network["prefecture_el"]],
        service="",
        consent_given_on=datetime.date.today(),
        consent_parts=["profile"],
    )
    case_change_status(
        actor=cpu_worker,
        case=planted_case,
        expected_version=planted_case.version,
        stage=planted_case.stage,
        status="closed",
        closure_reason="moved_away",
        note="Left with the family.",
    )
    client.force_login(cpu_worker)
    body = client.get(reverse("cases:detail", args=[planted_case.code])).content.decode()
    assert f"<li>{network['cpu_el'].display_name} (lead)</li>" in body
    assert f"<li>{network['shelter_el'].display_name}</li>" in body
    assert f"<td>{network['prefecture_el'].display_name}</td><td>Notification</td><td>Sent" in body
    assert "waiting for" in body
    assert "Closed — Moved away" in body
    assert "<td>Drita Punonjëse</td><td>Left with the family.</td>" in body


def test_a_filtered_list_counts_only_the_teams_cases(client, network, cpu_worker, ngo_worker):
    """A filter beyond status counts from the team's list (``cases_visible_to``): the
    count and the rows are those of the viewer's institution, whichever way they are
    asked, on the page and through the API."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tryeza.cases.choices import Sex
    from tryeza.cases.services import case_register

    from .conftest import elbasan_draft, planted_identity

    def register(worker, team=(), **profile):
        draft = elbasan_draft(network, **profile)
        return case_register(actor=worker, draft=draft, identity=planted_identity(), team=team)

    shared = register(cpu_worker, team=[network["shelter_el"]])
    own = register(cpu_worker)
    register(cpu_worker, sex=Sex.MALE)
    shelters = register(ngo_worker)

    def listed(worker, **filters):
        client.force_login(worker)
        page = client.get(reverse("cases:list"), filters).context["page"]
        api = client.get("/api/v1/cases/", filters).json()
        assert api["count"] == page.paginator.count
        return page.paginator.count, {row.code for row in page.object_list}

    assert listed(cpu_worker, sex="female") == (2, {shared.code, own.code})
    assert listed(cpu_worker, sex="male", status="registered")[0] == 1
    assert listed(cpu_worker, status="registered")[0] == 3
    assert listed(ngo_worker, sex="female") == (2, {shared.code, shelters.code})
    assert listed(ngo_worker, q=own.code) == (0, set())
    assert listed(cpu_worker, q=own.code.lower()) == (1, {own.code})

    client.force_login(cpu_worker)
    # Counted from the team's list where no index narrows the cases; pages never.
    shapes = (
        ({"sex": "female"}, True),
        ({"status": "registered"}, False),
        ({"q": shared.code[-4:]}, False),  # the trigram index
        ({"q": shared.code[-2:]}, True),  # too short for it
        ({"q": shared.code[-4:], "sex": "female"}, False),
    )
    for filters, from_the_list in shapes:
        with CaptureQueriesContext(connection) as asked:
            client.get(reverse("cases:list"), filters)
        count, page = [q["sql"] for q in asked.captured_queries if "cases_case" in q["sql"]]
        assert "COUNT(" in count
        assert "= ANY(ARRAY(" not in page
        if connection.vendor == "postgresql":
            assert ("= ANY(ARRAY(" in count) is from_the_list


@pytest.mark.django_db
def test_a_code_is_searched_by_its_trigram_index_on_postgresql():
    """The index the case list's code search needs on PostgreSQL (migration 0005), on
    the expression Django's ``icontains`` asks there."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no trigram index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'case_code_trigram'")
        (definition,) = cursor.fetchone()
    assert "gin (upper((code)::text) gin_trgm_ops)" in definition
    from tryeza.cases.models import Case

    searched = str(Case.objects.filter(code__icontains="0123").query)
    assert 'UPPER("cases_case"."code"::text)' in searched
