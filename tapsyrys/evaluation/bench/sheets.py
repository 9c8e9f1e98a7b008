"""`make bench` scenarios of the sheets part (E-2): the daily entering step over every
contract of the national data set (set-based; a re-run finds nothing new), the national
list of projects waiting for evaluation (page and API) and a body's own list."""

from tapsyrys.core.bench_support import Scenario


def _enter():
    from tapsyrys.evaluation.services.sheets import evaluations_enter

    return evaluations_enter()


def scenarios():
    return [
        Scenario("Evaluation: the daily entering step (all contracts)", func=_enter,
                 unit="evaluations opened", runs=3),
        Scenario("Evaluation: national list waiting for evaluation",
                 url="/evaluation/pending/", username="ministry"),
        Scenario("Evaluation: national list API, 50 rows",
                 url="/api/evaluation/pending/?limit=50", username="ministry"),
        Scenario("Evaluation: a body's projects waiting for evaluation",
                 url="/evaluation/pending/", username="akimat"),
    ]  # fmt: skip
