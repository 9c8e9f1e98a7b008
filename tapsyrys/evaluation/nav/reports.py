from django.urls import reverse
from django.utils.translation import gettext as _


def items(request):
    """The public list of the posted Annex 8 reports."""
    return [{"label": _("Evaluation reports"), "url": reverse("evaluation:reports"), "order": 40}]
