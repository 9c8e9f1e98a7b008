"""The public menu entry of the NGO ratings (E-8)."""

from django.utils.translation import gettext as _

from tapsyrys.core.links import menu_url


def items(request):
    return [{"label": _("NGO ratings"), "url": menu_url("evaluation:ratings"), "order": 23}]
