"""Who monitors a project (M-4), read from the contract and the MCI on its date (X-MCI)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from tapsyrys.core.money import group
from tapsyrys.core.reference import mci_rate_on
from tapsyrys.monitoring.rules import experts as rules

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class WhoMonitors:
    by: str  # rules.BODY or rules.EXPERT
    mci_value: int
    mci_effective_from: object  # date
    threshold: Decimal
    explanation: dict  # {"kk": ..., "ru": ..., "en": ...}

    @property
    def needs_expert(self):
        return self.by == rules.EXPERT

    def explanation_in(self, language):
        return self.explanation.get((language or "kk")[:2]) or self.explanation["ru"]

    def as_api(self):
        return {
            "by": self.by,
            "mci": {"value": self.mci_value, "effective_from": self.mci_effective_from.isoformat()},
            "threshold": f"{self.threshold:.2f}",
            "explanation": dict(self.explanation),
        }


def _explanation(contract, by, rate, threshold):
    values = {
        "amount": group(contract.amount),
        "threshold": group(threshold),
        "mci": group(rate.value_tenge, places=0),
        "mci_from": rate.effective_from.strftime("%d.%m.%Y"),
        "date": contract.signed_on.strftime("%d.%m.%Y"),
    }
    if by == rules.BODY:
        text = _(
            "The contract amount, %(amount)s tenge, is not more than 500 MCI: 500 × %(mci)s "
            "tenge (the MCI in force from %(mci_from)s, on the contract's date %(date)s) = "
            "%(threshold)s tenge. The state body monitors the project itself (§9 of the Rules)."
        )
    else:
        text = _(
            "The contract amount, %(amount)s tenge, is more than 500 MCI: 500 × %(mci)s tenge "
            "(the MCI in force from %(mci_from)s, on the contract's date %(date)s) = "
            "%(threshold)s tenge. An independent expert from NGOs must be assigned before the "
            "first monitoring event, at most one per project (§9 of the Rules)."
        )
    return text % values


def who_monitors(contract) -> WhoMonitors:
    """M-4 for one contract: one query (the MCI row in force on `signed_on`)."""
    rate = mci_rate_on(contract.signed_on)
    by = rules.monitored_by(contract.amount, rate.value_tenge)
    threshold = rules.threshold(rate.value_tenge)
    explanation = {}
    for language in LANGUAGES:
        with translation.override(language):
            explanation[language] = _explanation(contract, by, rate, threshold)
    return WhoMonitors(by, rate.value_tenge, rate.effective_from, threshold, explanation)
