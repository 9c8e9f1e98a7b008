from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.links import menu_url
from tapsyrys.core.models import Role
from tapsyrys.core.permissions import is_authorized_body, is_signed_in


def items(request):
    user = request.user
    if not is_signed_in(user):
        return []
    if user.has_role(Role.COUNCIL_MEMBER):
        return [{"label": _("My evaluations"), "url": menu_url("evaluation:my"), "order": 20}]
    if is_body_user(user) or is_authorized_body(user):
        return [
            {
                "label": _("Waiting for evaluation"),
                "url": menu_url("evaluation:pending"),
                "order": 21,
            }  # fmt: skip
        ]
    return []
