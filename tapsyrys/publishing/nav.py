from django.urls import reverse
from django.utils.translation import gettext as _


def items(request):
    """The public ledger, for everyone (signed in or not)."""
    return [{"label": _("Ledger"), "url": reverse("ledger:index"), "order": 90}]
