"""Lookups of reference data (X-MCI, X-AREA, X-EDITION)."""

from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError
from .models import Edition, EditionArea, MCIRate


def mci_on(day) -> int:
    """MCI in tenge in force on `day` among the rows that apply to all payments (X-MCI).

    2022 had a higher value from 1 April for social payments only; it is not used here.
    """
    return mci_rate_on(day).value_tenge


def mci_rate_on(day) -> MCIRate:
    """The MCI row (value and the date it is in force from) that applies on `day` (X-MCI)."""
    rate = (
        MCIRate.objects.filter(applies_to=MCIRate.AppliesTo.ALL, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )
    if rate is None:
        raise ApplicationError(
            _("No MCI value is known for %(date)s.") % {"date": day.strftime("%d.%m.%Y")},
            field="on",
        )
    return rate


def edition_on(day) -> Edition:
    edition = Edition.in_force_on(day)
    if edition is None:
        raise ApplicationError(_("No edition of the Rules was in force on that date."))
    return edition


def edition_areas(edition):
    """The areas of an edition as EditionArea rows (number + area), in the edition's order."""
    return list(
        EditionArea.objects.filter(edition=edition).select_related("area").order_by("number")
    )


def area_in_edition(area_id, edition) -> bool:
    return EditionArea.objects.filter(edition=edition, area_id=area_id).exists()
