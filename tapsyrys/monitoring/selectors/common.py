"""What the parts' pages and APIs share."""

from django.shortcuts import get_object_or_404

from tapsyrys.contracting.models import Contract


def contract_or_404(pk):
    """The contract of a URL, with the body, the NGO and the lot its pages show; else 404."""
    return get_object_or_404(Contract.objects.select_related("body", "supplier", "lot"), pk=pk)


def positive_id(value):
    """An id from a query parameter, or None for junk (a filter then does not apply)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
