from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user, is_ngo_user
from tapsyrys.core.links import menu_url
from tapsyrys.core.permissions import is_authorized_body
from tapsyrys.monitoring.access import is_expert


def items(request):
    user = request.user
    entries = []
    if is_body_user(user) or is_ngo_user(user) or is_expert(user):
        entries.append(
            {
                "label": _("Information requests"),
                "url": menu_url("monitoring:requests"),
                "order": 32,
            }
        )
        entries.append(
            {
                "label": _("Special control"),
                "url": menu_url("monitoring:special_control"),
                "order": 33,
            }
        )
    if is_authorized_body(user):
        entries.append(
            {
                "label": _("Special control"),
                "url": menu_url("monitoring:special_control_national"),
                "order": 33,
            }
        )
    return entries
