"""Emptying the database for a fresh demo: everything except the geography, the roles and
the superusers someone created by hand."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from tryeza.accounts.models import Role, User
from tryeza.demo.people import NATIONAL_ACCOUNTS

# Apps whose rows are reference data, not demo data.
KEPT_APPS = {"geography"}
KEPT_MODELS: set[type[models.Model]] = {Role}


def demo_clear() -> None:
    """Delete the directory, cases, meetings, audit log and every account but hand-made
    superusers, in whatever order the foreign keys allow.

    Models are found by app rather than listed, so a capability added later (with rows that
    point at institutions or users) is cleared too without touching this function.
    """
    demo_accounts = [username for username, *_ in NATIONAL_ACCOUNTS]
    with transaction.atomic():
        kept = User.objects.filter(is_superuser=True).exclude(username__in=demo_accounts)
        kept.update(institution=None, role=None, contact=None)
        pending: list[models.QuerySet] = [
            model._default_manager.all()
            for model in apps.get_models()
            if model.__module__.startswith("tryeza.")
            and model._meta.app_label not in KEPT_APPS
            and model not in KEPT_MODELS
            and model is not User
        ]
        pending.append(User.objects.exclude(pk__in=kept.values("pk")))
        while pending:
            blocked = [queryset for queryset in pending if not _delete(queryset)]
            if len(blocked) == len(pending):
                names = ", ".join(queryset.model._meta.label for queryset in blocked)
                raise RuntimeError(f"cannot clear {names}: rows elsewhere point at them")
            pending = blocked


def _delete(queryset: models.QuerySet, depth: int = 0) -> bool:
    """Delete the rows, children first where a model points at itself (a table's mini
    tables before the table); False while rows of another model still protect them."""
    while True:
        try:
            with transaction.atomic():
                queryset.delete()
            return True
        except ProtectedError as error:
            blockers = error.protected_objects
        except RestrictedError as error:
            blockers = error.restricted_objects
        own = {obj.pk for obj in blockers if isinstance(obj, queryset.model)}
        children = queryset.model._default_manager.filter(pk__in=own)
        if not own or depth > 20 or not _delete(children, depth + 1):
            return False
