"""The directory's CSV and XLSX columns; the file machinery is ``tryeza.spreadsheets``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from tryeza.spreadsheets import Column

if TYPE_CHECKING:
    from tryeza.directory.models import Institution, ServiceOffering


def _place(obj: Institution | ServiceOffering, field: str) -> str:
    place = getattr(obj, field)
    return place.display_name if place is not None else ""


def _services(institution: Any) -> str:
    """The services an institution offers, once each (``offerings`` is prefetched)."""
    names = dict.fromkeys(str(offering.get_service_display()) for offering in institution.offerings)
    return "; ".join(names)


def _area_region(offering: ServiceOffering) -> str:
    """The region an offering covers, or that it covers the whole country."""
    if offering.region is not None:
        return offering.region.display_name
    if offering.municipality is not None:
        return offering.municipality.region.display_name
    return str(_("Nationwide"))


INSTITUTION_COLUMNS: tuple[Column, ...] = (
    Column(_("Name"), lambda i: i.display_name),
    Column(_("Type"), lambda i: i.get_type_display()),
    Column(_("Sector"), lambda i: i.get_sector_display()),
    Column(_("Region"), lambda i: _place(i, "region")),
    Column(_("Municipality"), lambda i: _place(i, "municipality")),
    Column(_("Address"), lambda i: i.address),
    Column(_("Phone"), lambda i: i.phone),
    Column(_("E-mail"), lambda i: i.email),
    Column(_("Website"), lambda i: i.website),
    Column(_("Services"), _services),
)

SERVICE_COLUMNS: tuple[Column, ...] = (
    Column(_("Service"), lambda o: o.get_service_display()),
    Column(_("Institution"), lambda o: o.institution.display_name),
    Column(_("Type"), lambda o: o.institution.get_type_display()),
    Column(_("Sector"), lambda o: o.institution.get_sector_display()),
    Column(_("Region"), _area_region),
    Column(_("Municipality"), lambda o: _place(o, "municipality")),
    Column(_("For whom"), lambda o: o.target_groups),
    Column(_("Address"), lambda o: o.institution.address),
    Column(_("Phone"), lambda o: o.institution.phone),
    Column(_("E-mail"), lambda o: o.institution.email),
    Column(_("Website"), lambda o: o.institution.website),
)
