from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.models import Role
from tapsyrys.core.permissions import is_authorized_body

GROUP = gettext_lazy("Formation")  # the menu shows this app's entries as one group


def items(request):
    user = request.user
    entries = [
        {"label": _("Public discussions"), "url": reverse("formation:discussions"), "order": 10}
    ]
    if not user.is_authenticated:
        return entries
    if user.has_role(Role.CITIZEN):
        entries.append(
            {"label": _("My comments"), "url": reverse("formation:my_comments"), "order": 13}
        )
    org = user.organisation
    if org is not None and org.is_state_body and user.has_role(Role.STATE_BODY):
        entries.append({"label": _("Formation"), "url": reverse("formation:index"), "order": 11})
        entries.append({"label": _("Sources"), "url": reverse("formation:evidence"), "order": 12})
    if is_authorized_body(user):
        entries.append(
            {"label": _("National formation"), "url": reverse("formation:national"), "order": 11}
        )
    return entries
