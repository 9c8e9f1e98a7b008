"""Navigation entries of each monitoring part (see tapsyrys/monitoring/parts.py)."""

from django.utils.translation import gettext_lazy

from tapsyrys.monitoring.parts import present

GROUP = gettext_lazy("Monitoring")  # the menu shows this app's entries as one group


def items(request):
    return [item for part in present("nav") for item in part.items(request)]
