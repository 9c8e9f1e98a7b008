from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tapsyrys.monitoring.panels import contract_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def monitoring_panels(context, contract):
    """The monitoring parts' panels on the contract page, each rendered from its template."""
    request = context["request"]
    # each panel is a rendered (auto-escaped) template
    return mark_safe(
        "".join(  # noqa: S308
            render_to_string(p["template"], {**p, "contract": contract}, request=request)
            for p in contract_panels(request, contract)
        )
    )
