"""`{% ngo_rating org %}`: the NGO rating panel of the NGO's public page (E-8) — the latest
rating, the formula, the history as a Chart.js line chart and the same figures as a table.
One query."""

from django import template

from ..rules import rating as rules
from ..selectors import rating as selectors

register = template.Library()


@register.inclusion_tag("evaluation/rating/_ngo_panel.html")
def ngo_rating(org):
    rows = selectors.history(org.pk)
    rated = [r for r in rows if r.score is not None]
    return {
        "org": org,
        "rows": rows,
        # the latest year with a rating (a year just started has none yet), else the latest year
        "latest": rated[-1] if rated else (rows[-1] if rows else None),
        "chart": selectors.chart_data(rows),
        "weights": rules.WEIGHTS,
    }
