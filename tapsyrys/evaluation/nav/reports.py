from django.utils.translation import gettext as _

from tapsyrys.core.links import menu_url


def items(request):
    """The public list of the posted Annex 8 reports."""
    return [{"label": _("Evaluation reports"), "url": menu_url("evaluation:reports"), "order": 40}]
