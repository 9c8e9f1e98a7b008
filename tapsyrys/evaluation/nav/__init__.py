"""Navigation entries of each evaluation part (see tapsyrys/evaluation/parts.py)."""

from django.utils.translation import gettext_lazy

from tapsyrys.evaluation.parts import present

GROUP = gettext_lazy("Evaluation")  # the menu shows this app's entries as one group


def items(request):
    return [item for part in present("nav") for item in part.items(request)]
