from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.links import menu_url
from tapsyrys.core.models import Role
from tapsyrys.core.permissions import is_authorized_body

GROUP = gettext_lazy("Formation")  # the menu shows this app's entries as one group


def items(request):
    user = request.user
    entries = [
        {"label": _("Public discussions"), "url": menu_url("formation:discussions"), "order": 10}
    ]
    if not user.is_authenticated:
        return entries
    if user.has_role(Role.CITIZEN):
        entries.append(
            {"label": _("My comments"), "url": menu_url("formation:my_comments"), "order": 13}
        )
    org = user.organisation
    if org is not None and org.is_state_body and user.has_role(Role.STATE_BODY):
        entries.append({"label": _("Formation"), "url": menu_url("formation:index"), "order": 11})
        entries.append({"label": _("Sources"), "url": menu_url("formation:evidence"), "order": 12})
    if is_authorized_body(user):
        entries.append(
            {"label": _("National formation"), "url": menu_url("formation:national"), "order": 11}
        )
    return entries
