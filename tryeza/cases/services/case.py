"""Writes to cases, and the reveal of identifiers. Each function is atomic and writes its
audit entry; views, API and commands call these and hold no rule of their own."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.cases.access import reveal_purposes, works_cases
from tryeza.cases.choices import Channel, ClosureReason, Purpose, Stage, Status
from tryeza.cases.crypto import (
    blind_index,
    decrypt_identity,
    encrypt_identity,
    name_tokens,
    normalise,
)
from tryeza.cases.models import (
    IDENTITY_FIELDS,
    Case,
    CaseAccess,
    CaseIdentity,
    IdentityIndex,
    Referral,
    StatusChange,
    TeamMember,
)

if TYPE_CHECKING:
    from tryeza.accounts.models import User
    from tryeza.directory.models import Institution
    from tryeza.geography.models import Municipality


class CaseError(Exception):
    """A rule refused the change; the message is for the person who asked."""


class VersionConflict(CaseError):
    """Someone else saved the case since this edit began."""


@dataclass
class Identity:
    """A person's identifiers as typed by a worker. Never logged, never printed."""

    first_name: str = ""
    last_name: str = ""
    other_names: str = ""
    date_of_birth: datetime.date | None = None
    id_number: str = ""
    address: str = ""
    phone: str = ""
    family_members: str = ""
    # A child's guardian or legal representative: name and relation.
    guardian: str = ""

    def as_document(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in IDENTITY_FIELDS}
        if self.date_of_birth:
            values["date_of_birth"] = self.date_of_birth.isoformat()
        else:
            values["date_of_birth"] = ""
        return values

    @classmethod
    def from_document(cls, document: dict[str, str]) -> Identity:
        born = document.get("date_of_birth")
        texts = {n: document.get(n, "") for n in IDENTITY_FIELDS if n != "date_of_birth"}
        return cls(date_of_birth=datetime.date.fromisoformat(born) if born else None, **texts)

    def __repr__(self) -> str:
        # Identifiers must not reach logs or error reports through a repr.
        return "Identity(<hidden>)"


def _index_entries(identity: Identity) -> set[tuple[str, str]]:
    entries = set()
    for text in (identity.first_name, identity.last_name, identity.other_names):
        for token in name_tokens(text):
            entries.add(("name", blind_index("name", token)))
    if identity.date_of_birth:
        entries.add(("birth", blind_index("birth", identity.date_of_birth.isoformat())))
    if identity.id_number.strip():
        entries.add(("id", blind_index("id", normalise(identity.id_number).replace(" ", ""))))
    if identity.phone.strip():
        digits = "".join(c for c in identity.phone if c.isdigit())[-8:]
        entries.add(("phone", blind_index("phone", digits)))
    return entries


def _store_identity(case: Case, identity: Identity) -> None:
    CaseIdentity.objects.update_or_create(
        case=case, defaults={"ciphertext": encrypt_identity(identity.as_document())}
    )
    _write_index(case, identity)


def identity_reindex(*, case: Case, document: dict[str, str]) -> None:
    """Recompute one case's blind index from its decrypted document (key change)."""
    _write_index(case, Identity.from_document(document))


def _write_index(case: Case, identity: Identity) -> None:
    IdentityIndex.objects.filter(case=case).delete()
    IdentityIndex.objects.bulk_create(
        IdentityIndex(case=case, kind=kind, digest=digest)
        for kind, digest in sorted(_index_entries(identity))
    )


@dataclass
class CaseDraft:
    """The anonymous facts of a new case (validated by the form or serializer)."""

    region_id: int
    stage: str
    identification_kind: str
    identified_by: str
    identified_on: datetime.date
    municipality: Municipality | None = None
    identifying_institution: Institution | None = None
    identified_in: Municipality | None = None
    profile: dict[str, Any] = field(default_factory=dict)


def case_register(
    *, actor: User, draft: CaseDraft, identity: Identity, team: Iterable[Institution] = ()
) -> Case:
    """Open a case with the actor's institution as lead. The code is the region's
    abbreviation, the year and the next number in that region and year."""
    lead = actor.institution
    if not works_cases(actor) or lead is None:
        raise CaseError(_("Your role cannot register cases."))
    today = timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _create_case(actor, lead, draft, identity, team, today.year)
        except IntegrityError:
            # Two registrations took the same number at once; take the next one.
            continue
    raise CaseError(_("The case could not be numbered. Please try again."))


def _create_case(
    actor: User,
    lead: Institution,
    draft: CaseDraft,
    identity: Identity,
    team: Iterable[Institution],
    year: int,
) -> Case:
    from tryeza.geography.models import Region

    region = Region.objects.get(pk=draft.region_id)
    last = Case.objects.filter(region=region, year=year).aggregate(n=Max("number"))["n"] or 0
    case = Case.objects.create(
        code=Case.make_code(region.abbreviation, year, last + 1),
        region=region,
        year=year,
        number=last + 1,
        municipality=draft.municipality,
        stage=draft.stage,
        lead_institution=lead,
        identification_kind=draft.identification_kind,
        identified_by=draft.identified_by,
        identifying_institution=draft.identifying_institution,
        identified_on=draft.identified_on,
        identified_in=draft.identified_in,
        created_by=actor,
        **draft.profile,
    )
    _store_identity(case, identity)
    members = {lead.pk: lead, **{i.pk: i for i in team}}
    TeamMember.objects.bulk_create(
        TeamMember(case=case, institution=inst, is_lead=inst.pk == lead.pk)
        for inst in members.values()
    )
    StatusChange.objects.create(case=case, by=actor, stage=case.stage, status=case.status)
    audit_record(
        actor=actor,
        action="case.register",
        object_type="case",
        object_ref=case.code,
        fields=[name for name, value in identity.as_document().items() if value],
    )
    return case


def case_record_view(*, actor: User, case: Case, channel: str = Channel.PAGE) -> None:
    """Note that someone looked at the case (page, API answer, export row)."""
    CaseAccess.objects.create(case=case, user=actor, channel=channel)


def cases_record_export(*, actor: User, cases: QuerySet[Case]) -> int:
    """Note every case in an export in its access log, and the export in the audit.

    One ``INSERT … SELECT``: the ids stay in the database. A national export of 100k
    cases took about 15 s building and sending the rows from Python, and 1 s this way."""
    log = CaseAccess._meta
    columns = ", ".join(
        connection.ops.quote_name(name)
        for name in ("case_id", "user_id", "at", "channel", "fields", "purpose")
    )
    try:
        chosen, params = cases.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing can match: no statement to run
        chosen = ""
    with transaction.atomic():
        count = 0
        if chosen:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {connection.ops.quote_name(log.db_table)} ({columns}) "  # noqa: S608 — names from the model
                    f"SELECT exported.pk, %s, %s, %s, %s, %s FROM ({chosen}) exported",
                    [
                        actor.pk,
                        log.get_field("at").get_db_prep_value(timezone.now(), connection),
                        Channel.EXPORT.value,
                        log.get_field("fields").get_db_prep_value([], connection),
                        "",
                        *params,
                    ],
                )
                count = cursor.rowcount
        audit_record(actor=actor, action="case.export", object_type="case", detail=str(count))
    return count


def identity_reveal(
    *,
    actor: User,
    case: Case,
    purpose: str,
    fields: Iterable[str] = IDENTITY_FIELDS,
    channel: str = Channel.PAGE,
) -> dict[str, str]:
    """Decrypt and return the asked fields, logged with the purpose. The caller has
    already obtained ``case`` through ``access.get_case_for_user``."""
    if purpose not in reveal_purposes(actor):
        raise CaseError(_("You cannot see identifiers for that purpose."))
    wanted = [name for name in IDENTITY_FIELDS if name in set(fields)]
    with transaction.atomic():
        CaseAccess.objects.create(
            case=case, user=actor, channel=channel, fields=wanted, purpose=purpose
        )
        audit_record(
            actor=actor,
            action="case.reveal",
            object_type="case",
            object_ref=case.code,
            fields=wanted,
            detail=Purpose(purpose).value,
        )
    document = decrypt_identity(case.identity.ciphertext)
    return {name: document.get(name, "") for name in wanted}


def identity_reveal_referred(
    *,
    actor: User,
    referral: Referral,
    purpose: str,
    fields: Iterable[str] = IDENTITY_FIELDS,
    channel: str = Channel.PAGE,
) -> dict[str, str]:
    """The receiver's reveal: only the identifiers the person consented to share with the
    receiving institution. The caller obtained ``referral`` through
    ``access.get_referral_for_user``."""
    allowed = set(referral.consent_identity_fields)
    return identity_reveal(
        actor=actor,
        case=referral.case,
        purpose=purpose,
        fields=[name for name in fields if name in allowed],
        channel=channel,
    )


def identity_update(*, actor: User, case: Case, identity: Identity, expected_version: int) -> Case:
    with transaction.atomic():
        case = _bump_version(case, expected_version)
        _store_identity(case, identity)
        audit_record(
            actor=actor,
            action="case.identity.update",
            object_type="case",
            object_ref=case.code,
            fields=[name for name, value in identity.as_document().items() if value],
        )
    return case


def _bump_version(case: Case, expected_version: int) -> Case:
    """Claim the next version, or refuse if someone saved since ``expected_version``."""
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=expected_version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise VersionConflict(
            _(
                "Someone else saved this case while you were editing it. "
                "Your changes were not saved: reload the case, then make them again."
            )
        )
    case.refresh_from_db()
    return case


def case_change_status(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    stage: str,
    status: str,
    closure_reason: str = "",
    note: str = "",
) -> Case:
    """Move the case to a stage and status, keeping the history. Closing needs a reason;
    any other status has none."""
    if status == Status.CLOSED and not closure_reason:
        raise CaseError(_("Say why the case is closed."))
    if status != Status.CLOSED:
        closure_reason = ""
    elif closure_reason not in ClosureReason.values:
        raise CaseError(_("Unknown reason for closing."))
    if stage not in Stage.values or status not in Status.values:
        raise CaseError(_("Unknown stage or status."))
    with transaction.atomic():
        case = _bump_version(case, expected_version)
        Case.objects.filter(pk=case.pk).update(
            stage=stage, status=status, closure_reason=closure_reason
        )
        case.refresh_from_db()
        StatusChange.objects.create(
            case=case,
            by=actor,
            stage=stage,
            status=status,
            closure_reason=closure_reason,
            note=note,
        )
        audit_record(
            actor=actor,
            action="case.status",
            object_type="case",
            object_ref=case.code,
            fields=["stage", "status"],
            detail=f"{stage}/{status}",
        )
    return case


@dataclass(frozen=True)
class PossibleMatches:
    visible: list[str]  # codes of cases on the user's teams
    elsewhere: int  # matches on other teams: only a count, to be raised with the table


def identity_find_matches(*, actor: User, identity: Identity) -> PossibleMatches:
    """Cases whose blind index shares a date of birth, an ID number or a phone with the
    identity, or at least two name parts. Nothing is decrypted."""
    from tryeza.cases.access import cases_visible_to

    entries = _index_entries(identity)
    if not entries:
        return PossibleMatches([], 0)
    hits: dict[int, set[str]] = {}
    names: dict[int, int] = {}
    for case_id, kind in IdentityIndex.objects.filter(
        digest__in=[digest for _kind, digest in entries]
    ).values_list("case_id", "kind"):
        if kind == "name":
            names[case_id] = names.get(case_id, 0) + 1
        else:
            hits.setdefault(case_id, set()).add(kind)
    strong = {case_id for case_id in hits} | {c for c, n in names.items() if n >= 2}
    visible = list(
        cases_visible_to(actor)
        .filter(pk__in=strong)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return PossibleMatches(visible, len(strong) - len(visible))
