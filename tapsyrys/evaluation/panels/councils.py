"""The contract page's "expert council" panel (E-1): the body's approved council whose term
covers the year the project ends (public, §16), or that there is none yet."""

from tapsyrys.evaluation.selectors.councils import council_for


def panel(request, contract):
    if contract.ends_on is None:
        return None
    return {
        "template": "evaluation/councils/panel.html",
        "council": council_for(contract),
        "year": contract.ends_on.year,
    }
