"""The NGO rating of the pilot (004, E-8): per NGO and year, from its projects' report
timeliness and completeness (M-7) and their evaluation scores (E-5). Recomputed set-based;
a past year's row is its history."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.fields import NullsLastIndex
from tapsyrys.core.models import Organisation

__all__ = ["NgoRating"]


def _component(label):
    return models.DecimalField(label, max_digits=5, decimal_places=2, null=True, blank=True)


class NgoRating(models.Model):
    """One NGO's rating for one financial year (the contracts of that year). A component is
    None when there is nothing to rate it on yet (no reports due, no evaluation)."""

    ngo = models.ForeignKey(
        Organisation, verbose_name=_("NGO"), on_delete=models.PROTECT, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    projects = models.PositiveIntegerField(_("projects"), default=0)
    evaluated = models.PositiveIntegerField(_("projects evaluated"), default=0)
    timeliness = _component(_("timeliness of reports"))
    completeness = _component(_("completeness of reports"))
    effectiveness = _component(_("effectiveness (criteria 1–2)"))
    sustainability = _component(_("sustainability (criterion 3)"))
    long_term_effect = _component(_("long-term effect and replication (criterion 4)"))
    score = _component(_("rating"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["ngo_id", "year"]
        verbose_name = _("NGO rating")
        verbose_name_plural = _("NGO ratings")
        constraints = [models.UniqueConstraint(fields=["ngo", "year"], name="ev_rating_ngo_year")]
        indexes = [
            # the ratings list's order (best first, unrated last): a page is read off the index
            NullsLastIndex(
                F("year"), F("score").desc(nulls_last=True), F("ngo"), name="ev_rating_rank_idx"
            ),
        ]

    def __str__(self):
        return f"{self.ngo} · {self.year}"

    def owner_org_ids(self):
        return {self.ngo_id}
