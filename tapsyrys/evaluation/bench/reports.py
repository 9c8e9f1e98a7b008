"""`make bench` scenarios of the reports part: the public list of posted Annex 8 reports, one
posted report's public page, its API, and the contract page that shows its averages."""

from django.urls import reverse

from tapsyrys.core.bench_support import Scenario


def scenarios():
    from tapsyrys.evaluation.models import EvaluationReport

    result = [
        Scenario("Evaluation: public list of Annex 8 reports", url=reverse("evaluation:reports")),
        Scenario("Evaluation: API list of Annex 8 reports", url="/api/evaluation/reports/"),
    ]
    report = (
        EvaluationReport.objects.filter(posted_on__isnull=False)
        .select_related("evaluation")
        .order_by("-id")
        .first()
    )
    if report is not None:
        result += [
            Scenario(
                "Evaluation: a posted Annex 8 report's public page",
                url=reverse("evaluation:report", args=[report.pk]),
            ),
            Scenario(
                "Evaluation: the contract page with its averages and act",
                url=reverse("contracting:contract", args=[report.evaluation.contract_id]),
            ),
        ]
    return result
