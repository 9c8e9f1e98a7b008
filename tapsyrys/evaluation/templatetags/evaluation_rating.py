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
    return {
        "org": org,
        "rows": rows,
        "latest": rows[-1] if rows else None,
        "chart": selectors.chart_data(rows),
        "weights": rules.WEIGHTS,
    }
