from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tryeza.audit.services import audit_record
from tryeza.cases.crypto import IdentityUnreadable, reencrypt_identity
from tryeza.cases.models import CaseIdentity


class Command(BaseCommand):
    help = (
        "Re-encrypt every identity under the newest key. Put the new key first in "
        "TRYEZA_ENCRYPTION_KEY (keeping the old ones after it), run this, then remove the "
        "old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        try:
            with transaction.atomic():
                for identity in CaseIdentity.objects.select_for_update().iterator(chunk_size=500):
                    identity.ciphertext = reencrypt_identity(identity.ciphertext)
                    identity.save(update_fields=["ciphertext"])
                    count += 1
                audit_record(actor=None, action="identity.rotate_keys", detail=str(count))
        except IdentityUnreadable as exc:
            raise CommandError(
                f"Identity {identity.pk} opens with none of the configured keys; nothing "
                "was changed. Put back the key it was written with."
            ) from exc
        self.stdout.write(f"Re-encrypted {count} identities under the newest key.")
