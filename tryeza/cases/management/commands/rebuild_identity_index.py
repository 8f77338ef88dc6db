from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from tryeza.audit.services import audit_record
from tryeza.cases.crypto import decrypt_identity
from tryeza.cases.models import CaseIdentity
from tryeza.cases.services import identity_reindex


class Command(BaseCommand):
    help = "Recompute the blind index of every identity (after changing TRYEZA_BLIND_INDEX_KEY)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            for identity in CaseIdentity.objects.select_related("case").iterator(chunk_size=500):
                identity_reindex(case=identity.case, document=decrypt_identity(identity.ciphertext))
                count += 1
            audit_record(actor=None, action="identity.rebuild_index", detail=str(count))
        self.stdout.write(f"Rebuilt the index of {count} identities.")
