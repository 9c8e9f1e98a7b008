"""Panels each evaluation part adds to the contract page (see tapsyrys/evaluation/parts.py).

A part's `panels/<part>.py` defines `panel(request, contract) -> dict | None`: the template
(`"template"`) and its context, or None when the user has nothing to see there.
"""

from tapsyrys.evaluation.parts import present


def contract_panels(request, contract):
    return [p for part in present("panels") if (p := part.panel(request, contract)) is not None]
