from django.urls import reverse
from django.utils.translation import gettext as _


def items(request):
    entries = [
        {"label": _("Home"), "url": reverse("portal:home"), "order": 0},
        {"label": _("Deadline calculator"), "url": reverse("portal:calculator"), "order": 90},
    ]
    if request.user.is_authenticated:
        entries.append({"label": _("My desk"), "url": reverse("portal:dashboard"), "order": 1})
    return entries
