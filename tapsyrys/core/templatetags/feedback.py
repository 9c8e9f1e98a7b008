"""`{% feedback at="c12" %}` renders the messages told at that form; `{% feedback %}` the rest
(see core/feedback.py)."""

from django import template

from tapsyrys.core.feedback import anchor_of

register = template.Library()


@register.inclusion_tag("core/_messages.html", takes_context=True)
def feedback(context, at=None):
    stored = context.get("messages") or ()
    wanted = None if at is None else str(at)
    return {"messages": [m for m in stored if anchor_of(m) == wanted]}
