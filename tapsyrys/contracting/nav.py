from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.links import menu_url
from tapsyrys.core.permissions import is_authorized_body

from .permissions import is_body_user, is_ngo_user

GROUP = gettext_lazy("Procurement")  # the menu shows this app's entries as one group


def items(request):
    user = request.user
    entries = [
        {"label": _("NGO registry"), "url": menu_url("contracting:registry"), "order": 20},
        {"label": _("Competitions"), "url": menu_url("contracting:competitions"), "order": 21},
    ]
    if is_ngo_user(user):
        entries.append({"label": _("My NGO"), "url": menu_url("contracting:my_ngo"), "order": 10})
        entries.append(
            {"label": _("My contracts"), "url": menu_url("contracting:contracts"), "order": 11}
        )
    elif is_body_user(user) or is_authorized_body(user):
        entries.append(
            {"label": _("Contracts"), "url": menu_url("contracting:contracts"), "order": 10}
        )
        entries.append({"label": _("Reports"), "url": menu_url("contracting:reports"), "order": 11})
        entries.append({"label": _("Import"), "url": menu_url("contracting:import"), "order": 12})
        if is_authorized_body(user):
            entries.append(
                {
                    "label": _("Verification"),
                    "url": menu_url("contracting:verification"),
                    "order": 13,
                }
            )
    return entries
