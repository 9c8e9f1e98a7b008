"""Ways to join offered on the sign-up page (core accounts): an NGO registers itself."""

from django.urls import reverse
from django.utils.translation import gettext as _


def options(request):
    return [
        {
            "label": _("Register an NGO"),
            "url": reverse("contracting:register"),
            "hint": _("For NGOs: the NGO's card and its administrator's account in one step."),
            "order": 20,
        }
    ]
