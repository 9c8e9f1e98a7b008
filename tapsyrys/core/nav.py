from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import is_admin


def items(request):
    entries = []
    if is_admin(request.user):
        entries.append({"label": _("Administration"), "url": reverse("admin:index"), "order": 99})
    return entries
