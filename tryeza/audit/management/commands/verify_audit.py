from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tryeza.audit.models import Verification
from tryeza.audit.services import audit_verify, verification_record


class Command(BaseCommand):
    help = (
        "Check that the audit log's hash chain is intact, and record the walk for the audit "
        "page (run it daily: the page then checks only the entries written since)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        check = audit_verify()
        verification_record(Verification(), check)
        if not check.ok:
            where = (
                "entries are missing at the end"
                if check.first_broken_id == -1
                else f"entry {check.first_broken_id} was changed, removed or inserted"
            )
            raise CommandError(f"Audit chain broken after {check.entries} good entries: {where}.")
        self.stdout.write(f"Audit chain intact: {check.entries} entries.")
