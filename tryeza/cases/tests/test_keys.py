"""Key rotation re-encrypts every identity; a key change of the blind index is rebuilt."""

import base64

import pytest
from django.core.management import CommandError, call_command

from tryeza.cases.choices import Purpose
from tryeza.cases.crypto import _fernet
from tryeza.cases.models import CaseIdentity, IdentityIndex
from tryeza.cases.services import Identity, identity_find_matches, identity_reveal

from .conftest import PLANTED_FIRST

NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture(autouse=True)
def _fresh_fernet():
    _fernet.cache_clear()
    yield
    _fernet.cache_clear()


def test_rotation_reencrypts_under_the_new_key(settings, planted_case, cpu_worker):
    old_keys = list(settings.ENCRYPTION_KEYS)
    before = bytes(CaseIdentity.objects.get(case=planted_case).ciphertext)
    settings.ENCRYPTION_KEYS = [NEW_KEY, *old_keys]
    call_command("rotate_identity_keys", verbosity=0)
    after = bytes(CaseIdentity.objects.get(case=planted_case).ciphertext)
    assert after != before
    # The old key can now be dropped: the identity opens with the new key alone.
    settings.ENCRYPTION_KEYS = [NEW_KEY]
    planted_case.refresh_from_db()
    shown = identity_reveal(actor=cpu_worker, case=planted_case, purpose=Purpose.CASE_MANAGEMENT)
    assert shown["first_name"] == PLANTED_FIRST


def test_rotation_without_the_old_key_changes_nothing(settings, planted_case):
    before = bytes(CaseIdentity.objects.get(case=planted_case).ciphertext)
    settings.ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(CommandError, match="none of the configured keys"):
        call_command("rotate_identity_keys", verbosity=0)
    assert bytes(CaseIdentity.objects.get(case=planted_case).ciphertext) == before


def test_a_new_blind_index_key_is_rebuilt(settings, planted_case, cpu_worker):
    before = set(IdentityIndex.objects.values_list("digest", flat=True))
    settings.BLIND_INDEX_KEY = "another-index-key"
    call_command("rebuild_identity_index", verbosity=0)
    assert set(IdentityIndex.objects.values_list("digest", flat=True)).isdisjoint(before)
    matches = identity_find_matches(
        actor=cpu_worker, identity=Identity(first_name=PLANTED_FIRST, last_name="Zyberaj")
    )
    assert matches.visible == [planted_case.code]
