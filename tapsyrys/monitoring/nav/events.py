from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.links import menu_url
from tapsyrys.core.permissions import is_authorized_body
from tapsyrys.monitoring.access import is_expert


def items(request):
    user = request.user
    if is_body_user(user) or is_expert(user) or is_authorized_body(user):
        return [{"label": _("Monitoring plans"), "url": menu_url("monitoring:plans"), "order": 30}]
    return []
