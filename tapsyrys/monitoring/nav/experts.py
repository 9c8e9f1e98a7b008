from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.links import menu_url
from tapsyrys.core.permissions import is_authorized_body
from tapsyrys.monitoring.access import is_expert


def items(request):
    user = request.user
    if is_expert(user):
        return [
            {"label": _("Expert's desk"), "url": menu_url("monitoring:expert_desk"), "order": 10}
        ]
    if is_body_user(user) or is_authorized_body(user):
        return [
            {
                "label": _("Experts"),
                "url": menu_url("monitoring:needs_expert"),
                "order": 14,
            }
        ]
    return []
