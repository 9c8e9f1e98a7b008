from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.links import menu_url
from tapsyrys.core.models import Role


def items(request):
    user = request.user
    if getattr(user, "is_authenticated", False) and user.has_role(Role.COUNCIL_MEMBER):
        return [{"label": _("My expert councils"), "url": menu_url("evaluation:my_councils"),
                 "order": 16}]  # fmt: skip
    if is_body_user(user):
        return [{"label": _("Expert councils"), "url": menu_url("evaluation:councils"),
                 "order": 16}]  # fmt: skip
    return []
