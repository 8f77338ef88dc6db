"""Fingerprints of the demo's network, shared by the tests that rebuild it."""

import hashlib
from typing import Any

from tryeza.accounts.models import User
from tryeza.directory.models import Contact, Institution, Membership, ServiceOffering, Structure


def network_digest() -> str:
    """A fingerprint of the network the demo builds, by name rather than by id."""
    rows: list[Any] = [
        *Institution.objects.values_list("name", "name_en", "type", "region__code", "phone"),
        *Contact.objects.values_list(
            "first_name", "last_name", "position", "institution__name", "phone", "email"
        ),
        *Structure.objects.values_list("kind", "name", "parent__name", "established"),
        *Membership.objects.values_list(
            "structure__name", "institution__name", "role", "representatives__email"
        ),
        *ServiceOffering.objects.values_list(
            "institution__name", "service", "region__code", "municipality__code"
        ),
        *User.objects.values_list("username", "role__code", "institution__name", "contact__email"),
    ]
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()


def network_counts() -> tuple[int, ...]:
    models = (Institution, Contact, Structure, Membership, ServiceOffering, User)
    return tuple(model.objects.count() for model in models)
