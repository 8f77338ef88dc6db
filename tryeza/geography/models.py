"""Regions, municipalities and the cluster groups drawn over them.

The rows come from a data file (``settings.TRYEZA_GEOGRAPHY_FILE``) loaded by
``manage.py load_geography``; nothing in code names a country's regions.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localised(name: str, name_en: str) -> str:
    """A name in the active language: the English one, where there is one, in English.
    The rule of every ``display_name`` (places, institutions, structures), for rows read
    without their model."""
    return name_en if name_en and (get_language() or "").startswith("en") else name


class LocalisedName(models.Model):
    """A place's official name and its English exonym, picked by the active language."""

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localised(self.name, self.name_en)


class Region(LocalisedName):
    """A first-level region (in Albania a *qark*), keyed by its ISO 3166-2 code."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=10, unique=True)
    # Two or three letters that begin case codes, e.g. "EL" in EL-2026-0042.
    abbreviation = models.CharField(_("abbreviation"), max_length=3, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Municipality(LocalisedName):
    """A municipality, keyed by its Eurostat LAU code."""

    code = models.CharField(_("LAU code"), max_length=12, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class ClusterGroup(LocalisedName):
    """Regions grouped for joint work. Membership is by municipality, not by region."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="cluster_groups", verbose_name=_("municipalities")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("cluster group")
        verbose_name_plural = _("cluster groups")
