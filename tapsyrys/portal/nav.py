from django.utils.translation import gettext as _

from tapsyrys.core.links import menu_url


def items(request):
    entries = [
        {"label": _("Home"), "url": menu_url("portal:home"), "order": 0},
        {"label": _("Deadline calculator"), "url": menu_url("portal:calculator"), "order": 90},
    ]
    if request.user.is_authenticated:
        entries.append({"label": _("My desk"), "url": menu_url("portal:dashboard"), "order": 1})
    return entries
