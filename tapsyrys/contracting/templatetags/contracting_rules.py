"""Template filters that read contracting's status tables (no status logic in templates)."""

from django import template

from tapsyrys.contracting import rules

register = template.Library()


@register.filter
def status_tone(status):
    """The badge tone of a contract status: ok / warn / bad / ''."""
    return rules.STATUS_TONES.get(status, "")


@register.filter
def lot_tone(lot):
    return rules.LOT_STATUS_TONES.get(lot.status, "")


@register.filter
def lot_allows(lot, action):
    """`{% if lot|lot_allows:"register_contract" %}`."""
    return rules.lot_allows(lot.status, action)
