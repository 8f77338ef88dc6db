"""Writing to and checking the audit chain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from tryeza.audit.models import GENESIS, AuditEntry, AuditHead

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

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def audit_verify() -> ChainCheck:
    """Walk the chain in order; report the first entry whose links or hash do not hold."""
    previous = GENESIS
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
            return ChainCheck(count, entry.pk)
        previous = entry.entry_hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        # Entries were removed from the end.
        return ChainCheck(count, -1)
    return ChainCheck(count, None)
