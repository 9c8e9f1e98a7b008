"""The control panel on the contract page: overall rating, open special-control case, open
information requests (M-5, M-7)."""

from django.utils import timezone

from tapsyrys.core.permissions import check

from ..models import InformationRequest, SpecialControlCase
from ..selectors import control as selectors


def panel(request, contract):
    if not check(request.user, "monitoring.control.view", contract):
        return None
    _rows, overall = selectors.control_form(contract, today=timezone.localdate())
    return {
        "template": "monitoring/control/_panel.html",
        "overall": overall,
        "open_case": SpecialControlCase.objects.filter(
            contract=contract, closed_at__isnull=True
        ).first(),
        "open_requests": InformationRequest.objects.filter(
            contract=contract, status=InformationRequest.Status.OPEN
        ).count(),
        "can_ask": bool(check(request.user, "monitoring.request.create", contract)),
    }
