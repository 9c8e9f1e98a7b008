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


# --- Assigning an expert (§9, M-4) --------------------------------------------------------------
# Why an assignment is refused, in the order the body is told (the first that applies). Each is
# (code, field); the services turn the code into the translated message.
NOT_AN_EXPERT = ("not_an_expert", "expert")
NOT_RUNNING = ("not_running", "contract")
BODY_MONITORS = ("body_monitors", "contract")
ALREADY_ASSIGNED = ("already_assigned", "contract")
NO_SIGNED_NOTICE = ("no_signed_notice", "notice")
CONFLICT_DECLARED = ("conflict_declared", "notice")
NAMES_SUPPLIER = ("names_supplier", "notice")
MEMBER_OF_SUPPLIER = ("member_of_supplier", "expert")


def assignment_refusal(
    *,
    is_expert: bool,
    is_running: bool,
    needs_expert: bool,
    already_assigned: bool,
    has_signed_notice: bool,
    declares_conflict: bool,
    names_supplier: bool,
    member_of_supplier: bool,
):
    """The first reason an expert cannot be assigned to a project, or None.

    Only a running (active or suspended) project is monitored. A project of not more than 500 MCI is monitored by the body itself (§9): no expert is
    assigned to it. At most one expert per project. The expert's signed Annex 4 notice for the
    project must declare no conflict and name no implementing NGO, and the expert must not
    belong to the implementing NGO."""
    if not is_expert:
        return NOT_AN_EXPERT
    if not is_running:
        return NOT_RUNNING
    if not needs_expert:
        return BODY_MONITORS
    if already_assigned:
        return ALREADY_ASSIGNED
    if member_of_supplier:
        return MEMBER_OF_SUPPLIER
    if not has_signed_notice:
        return NO_SIGNED_NOTICE
    if declares_conflict:
        return CONFLICT_DECLARED
    if names_supplier:
        return NAMES_SUPPLIER
    return None


def notice_declares_conflict(*, declared: bool, other: bool) -> bool:
    """Annex 4: "another potential conflict of interest" answered yes is a declared conflict."""
    return bool(declared or other)
