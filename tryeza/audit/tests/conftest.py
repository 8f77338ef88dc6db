import pytest

from tryeza.accounts.models import Role
from tryeza.factories import UserFactory


@pytest.fixture
def data_protection_officer(network):
    return UserFactory.create(
        username="dpo",
        institution=network["onac"],
        role=Role.objects.get(code="data_protection_officer"),
    )
