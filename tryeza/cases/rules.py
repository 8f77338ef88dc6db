"""Rules a new or edited case must satisfy, shared by the form and the API serializer so
that both refuse the same input with the same message."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.cases.choices import AgeBand


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def registration_problems(
    *,
    identified_on: datetime.date | None,
    date_of_birth: datetime.date | None,
    age_band: str,
    guardian: str,
) -> dict[str, str]:
    """Field name -> message for each broken rule; empty when the case may be registered.
    Call ``age_band_for`` first so a band derived from the birth date is checked too."""
    problems: dict[str, str] = {}
    today = timezone.localdate()
    if identified_on and identified_on > today:
        problems["identified_on"] = _("The identification date cannot be in the future.")
    if date_of_birth:
        if date_of_birth > today:
            problems["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif identified_on and date_of_birth > identified_on:
            problems["date_of_birth"] = _("The person cannot be identified before birth.")
        elif age_on(date_of_birth, today) > 120:
            problems["date_of_birth"] = _("This date of birth is not plausible.")
        elif age_band != AgeBand.UNKNOWN and identified_on:
            expected = AgeBand.for_age(age_on(date_of_birth, identified_on))
            if expected != age_band:
                problems["age_band"] = _(
                    "The age band does not match the date of birth (expected %(band)s)."
                ) % {"band": expected.label}
    if age_band in AgeBand.minors() and not guardian.strip():
        problems["guardian"] = _("A child needs a guardian or legal representative on record.")
    return problems


def age_band_for(
    *, age_band: str, date_of_birth: datetime.date | None, identified_on: datetime.date | None
) -> str:
    """The age band to store: derived from the birth date when the band was left unknown."""
    if age_band != AgeBand.UNKNOWN or not date_of_birth or not identified_on:
        return age_band
    if date_of_birth > identified_on:
        return age_band  # refused by registration_problems
    return AgeBand.for_age(age_on(date_of_birth, identified_on))
