"""`make bench` scenarios of the councils part: the public list of every council, a council's
public page with its composition, the API list, and `council_for` over many contracts."""

from django.urls import reverse

from tapsyrys.core.bench_support import Scenario


def scenarios():
    from tapsyrys.contracting.models import Contract
    from tapsyrys.evaluation.models import ExpertCouncil
    from tapsyrys.evaluation.selectors.councils import council_for

    council = ExpertCouncil.objects.order_by("-id").first()
    result = [
        Scenario("Evaluation: public list of expert councils", url=reverse("evaluation:councils")),
        Scenario("Evaluation: API list of expert councils", url="/api/evaluation/councils/"),
    ]
    if council is not None:
        result.append(
            Scenario(
                "Evaluation: a council's public page (composition, approval)",
                url=reverse("evaluation:council", args=[council.pk]),
            )
        )

    def councils_of_contracts():
        contracts = list(Contract.objects.only("id", "body_id", "ends_on")[:200])
        for contract in contracts:
            council_for(contract)
        return len(contracts)

    result.append(
        Scenario(
            "Evaluation: the council of 200 contracts (council_for)",
            func=councils_of_contracts,
            unit="contracts",
            runs=3,
        )
    )
    return result
