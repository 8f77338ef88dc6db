"""Writing to and checking the audit chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from tryeza.audit.models import (
    GENESIS,
    AuditEntry,
    AuditHead,
    Verification,
    VerificationStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    object_type: str = "",
    object_ref: str = "",
    fields: Iterable[str] = (),
    detail: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records, so the
    change and its entry commit or roll back together."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        user = actor if actor is not None and actor.is_authenticated else None
        entry = AuditEntry(
            at=timezone.now(),
            actor=user,
            actor_username=user.get_username() if user else "",
            action=action,
            object_type=object_type,
            object_ref=object_ref,
            fields=sorted(set(fields)),
            detail=detail,
            previous_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None
    # The last entry that held, and its hash: where a later check may start.
    last_id: int | None = None
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def audit_verify(
    *, after: ChainCheck | None = None, progress: Callable[[int], None] | None = None
) -> ChainCheck:
    """Walk the chain in order, from its start or from the last entry of ``after`` (a walk
    that held); report the first entry whose links or hash do not hold. ``progress`` is
    told the percentage walked now and then.

    Starting from ``after`` trusts the entries before it: one changed since is found by
    the next walk from the start, not by this one."""
    previous = after.last_hash if after else GENESIS
    count = after.entries if after else 0
    last_id = after.last_id if after else None
    entries = AuditEntry.objects.order_by("id")
    if last_id is not None:
        entries = entries.filter(id__gt=last_id)
    total = entries.count() if progress else 0
    for walked, entry in enumerate(entries.iterator(chunk_size=2000), 1):
        if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
            return ChainCheck(count, entry.pk, last_id, previous)
        previous, last_id = entry.entry_hash, entry.pk
        count += 1
        if progress and walked % 2000 == 0:
            progress(min(walked * 100 // total, 99))  # entries written meanwhile: not 100
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        # Entries were removed from the end, unless the head is an entry written after
        # the walk read its last one (a long walk runs while people work).
        since = AuditEntry.objects.filter(entry_hash=head.last_hash, id__gt=last_id or 0)
        if not since.exists():
            return ChainCheck(count, -1, last_id, previous)
    return ChainCheck(count, None, last_id, previous)


def verification_record(verification: Verification, check: ChainCheck) -> None:
    """Store a finished walk on its verification."""
    verification.status = VerificationStatus.DONE
    verification.progress = 100
    verification.finished_at = timezone.now()
    verification.entries = check.entries
    verification.last_id = check.last_id
    verification.last_hash = check.last_hash
    verification.first_broken_id = check.first_broken_id
    verification.save()


def unfinished_verification() -> Verification | None:
    """The walk asked for and not finished, if any."""
    return Verification.objects.filter(
        status__in=[VerificationStatus.QUEUED, VerificationStatus.RUNNING]
    ).first()


def verification_ask(actor: User) -> Verification:
    """Ask the task worker to walk the whole chain, unless a walk is already waiting or
    under way (that one is returned): one at a time, however often it is asked for."""
    from tryeza.audit.tasks import verify_chain  # the task walks with this module

    with transaction.atomic():
        waiting = unfinished_verification()
        if waiting is not None:
            return waiting
        verification = Verification.objects.create(requested_by=actor)
        transaction.on_commit(lambda: verify_chain.enqueue(verification.pk))
    return verification


# The most entries the audit page checks itself, after the newest walk that held (or from
# the start before any walk). Beyond, it asks for a walk: the task worker takes it.
PAGE_CHECKS_AT_MOST = 5_000


@dataclass(frozen=True)
class ChainState:
    """What the audit page says of the chain."""

    walked: Verification | None  # the newest finished walk of the whole chain
    running: Verification | None  # a walk asked for and not finished
    newer: ChainCheck | None  # the entries after ``walked``, checked on this visit
    unchecked: int  # entries after ``walked`` left for the next walk (too many to check here)

    @property
    def ok(self) -> bool:
        return (self.walked is None or self.walked.holds) and (self.newer is None or self.newer.ok)

    @property
    def entries(self) -> int:
        if self.newer is not None:
            return self.newer.entries
        return self.walked.entries if self.walked else 0


def chain_state() -> ChainState:
    done = Verification.objects.filter(status=VerificationStatus.DONE)
    walked = done.order_by("-finished_at", "-pk").first()
    running = unfinished_verification()
    if walked is not None and not walked.holds:
        return ChainState(walked, running, None, 0)
    after = ChainCheck(walked.entries, None, walked.last_id, walked.last_hash) if walked else None
    left = AuditEntry.objects.filter(id__gt=walked.last_id or 0) if walked else AuditEntry.objects
    waiting = left.count()
    if waiting > PAGE_CHECKS_AT_MOST:
        return ChainState(walked, running, None, waiting)
    return ChainState(walked, running, audit_verify(after=after), 0)
