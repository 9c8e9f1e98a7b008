"""Menu entries of Annex 9 and the national summary."""

from django.utils.translation import gettext as _

from tapsyrys.core.links import menu_url
from tapsyrys.core.permissions import check


def items(request):
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    if check(user, "monitoring.annex9.overview", None):
        return [
            {"label": _("Annex 9 submissions"), "url": menu_url("monitoring:annex9_overview"),
             "order": 40},
            {"label": _("Information for the Government"), "url": menu_url("monitoring:summary"),
             "order": 41},
        ]  # fmt: skip
    if check(user, "monitoring.annex9.list", None):
        return [{"label": _("Annex 9"), "url": menu_url("monitoring:annex9_list"), "order": 40}]
    return []
