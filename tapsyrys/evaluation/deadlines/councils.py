"""The self-nomination window of an expert council as a due item (§16, E-1).

`evaluation.council_window` on each `ExpertCouncil`: the last day of the window, D+10 (the
announcement on D), 23:59:59 Asia/Almaty, opened by `council_announce` and met when the
composition is formed. When it falls due with the council still announced, the body is told
once that it may now form the composition (from the nominations, or by itself if there are
none)."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.due import due_kind
from tapsyrys.core.events import record_many

from ..models import ExpertCouncil

COUNCIL_WINDOW = "evaluation.council_window"


@due_kind(
    COUNCIL_WINDOW,
    model="evaluation.ExpertCouncil",
    notifies=("evaluation.council.window_closed",),
    rule=_("§16 of the Rules: self-nomination within 10 calendar days after the announcement"),
)
def window_closed(items, *, now):
    councils = ExpertCouncil.objects.filter(
        pk__in=[i.object_id for i in items], status=ExpertCouncil.Status.ANNOUNCED
    ).select_related("body")
    record_many(councils, "evaluation.council.window_closed", now=now)
