"""Regions and municipalities as form choices: (code, name in the active language), kept
in the cache per language. The case list's filter offers all of them on every request,
and places change only with ``manage.py load_geography``, which forgets them (a server
process started before it, with its own local-memory cache, keeps its list until it is
restarted, as a deployment does)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from tryeza.geography.models import Municipality, Region

_MODELS = (Region, Municipality)


def region_choices() -> list[tuple[str, str]]:
    return _choices(Region)


def municipality_choices() -> list[tuple[str, str]]:
    return _choices(Municipality)


def _key(model: type[Region] | type[Municipality], language: str) -> str:
    return f"tryeza:places:{model.__name__}:{language}"


def _choices(model: type[Region] | type[Municipality]) -> list[tuple[str, str]]:
    key = _key(model, get_language() or "")
    found: list[tuple[str, str]] | None = cache.get(key)
    if found is None:
        found = [(place.code, place.display_name) for place in model.objects.all()]
        cache.set(key, found, None)
    return found


def forget() -> None:
    cache.delete_many([_key(m, code) for m in _MODELS for code, _name in settings.LANGUAGES])
