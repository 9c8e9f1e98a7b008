from django.utils.translation import gettext as _

from tapsyrys.core.links import menu_url

from .permissions import is_admin


def items(request):
    entries = []
    if is_admin(request.user):
        entries.append({"label": _("Administration"), "url": menu_url("admin:index"), "order": 99})
    return entries
