from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tapsyrys.core.extensions import contract_panels as panels_of

register = template.Library()


@register.simple_tag(takes_context=True)
def contract_panels(context, contract):
    """The apps' panels on the contract page (`<app>.panels`), each rendered from its template."""
    request = context["request"]
    # each panel is a rendered (auto-escaped) template
    return mark_safe(
        "".join(  # noqa: S308
            render_to_string(p["template"], {**p, "contract": contract}, request=request)
            for p in panels_of(request, contract)
        )
    )
