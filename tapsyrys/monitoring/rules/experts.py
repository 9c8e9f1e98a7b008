"""Who monitors a project (M-4, §9): pure rules; the MCI comes from the caller (X-MCI)."""

from decimal import Decimal

BODY = "body"
EXPERT = "expert"
THRESHOLD_MCI = 500  # §9: "not more than 500 MCI" → the body itself; more → an expert


def threshold(mci_value) -> Decimal:
    """500 × the MCI in force on the contract's date, in tenge."""
    return Decimal(THRESHOLD_MCI) * Decimal(mci_value)


def monitored_by(amount, mci_value) -> str:
    """`"body"` up to and including 500 MCI, `"expert"` from one tiyn more."""
    return EXPERT if Decimal(amount) > threshold(mci_value) else BODY
