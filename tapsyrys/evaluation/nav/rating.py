"""The public menu entry of the NGO ratings (E-8)."""

from django.urls import reverse
from django.utils.translation import gettext as _


def items(request):
    return [{"label": _("NGO ratings"), "url": reverse("evaluation:ratings"), "order": 23}]
