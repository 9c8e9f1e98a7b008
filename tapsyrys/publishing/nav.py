from django.utils.translation import gettext as _

from tapsyrys.core.links import menu_url


def items(request):
    """The public ledger, for everyone (signed in or not)."""
    return [{"label": _("Ledger"), "url": menu_url("ledger:index"), "order": 90}]
