"""The NGO rating in the daily job (E-8): `evaluation.rating` has no deadline of its own; its
`sync` step, which the due-item runner calls at the start of every run (`core.due.run`),
recomputes every rating set-based. No item is ever opened for it."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.due import due_kind

RATING = "evaluation.rating"


def _recompute(*, now):
    from ..services.rating import recompute_ratings

    return recompute_ratings(now=now, actor_label="run_deadlines")


@due_kind(
    RATING,
    model="evaluation.NgoRating",
    rule=_("NGO rating: recomputed every day (E-8)"),
    sync=_recompute,
)
def ratings_due(items, *, now):  # pragma: no cover - no item of this kind is opened
    return None
