"""The audit chain holds after ordinary activity and breaks on any tampering."""

import pytest
from django.core.management import CommandError, call_command

from tryeza.audit.models import AuditEntry
from tryeza.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_entries(secretariat_officer):
    for action in ("case.create", "case.reveal", "case.update"):
        audit_record(
            actor=secretariat_officer,
            action=action,
            object_type="case",
            object_ref="EL-2026-0001",
            fields=["first_name", "last_name"],
        )
    return list(AuditEntry.objects.order_by("id"))


def test_an_untouched_chain_verifies(three_entries, capsys):
    assert audit_verify().ok
    call_command("verify_audit")
    assert "intact: 3 entries" in capsys.readouterr().out


def test_entries_name_fields_not_values(three_entries):
    assert three_entries[0].fields == ["first_name", "last_name"]
    assert three_entries[0].actor_username == "arben"


def test_changing_one_entry_breaks_the_chain(three_entries):
    AuditEntry.objects.filter(pk=three_entries[1].pk).update(action="case.view")
    check = audit_verify()
    assert not check.ok
    assert check.first_broken_id == three_entries[1].pk
    with pytest.raises(CommandError, match="broken after 1 good entries"):
        call_command("verify_audit")


def test_removing_an_entry_in_the_middle_breaks_the_chain(three_entries):
    AuditEntry.objects.filter(pk=three_entries[1].pk).delete()
    assert audit_verify().first_broken_id == three_entries[2].pk


def test_removing_the_last_entry_is_noticed(three_entries):
    AuditEntry.objects.filter(pk=three_entries[2].pk).delete()
    assert not audit_verify().ok


def test_rehashing_a_changed_entry_still_breaks_the_next_link(three_entries):
    entry = three_entries[0]
    entry.fields = []
    entry.entry_hash = entry.compute_hash()
    entry.save()
    assert audit_verify().first_broken_id == three_entries[1].pk
