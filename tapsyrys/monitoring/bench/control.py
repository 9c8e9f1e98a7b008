"""`make bench` scenarios of control (M-7): the special control group at national scale — the
authorized body's national page (filtered and not), its API, and a body's own group."""

from tapsyrys.core.bench_support import Scenario


def scenarios():
    return [
        Scenario(
            "Special control: national group, first page",
            url="/monitoring/special-control/national/",
            username="ministry",
        ),
        Scenario(
            "Special control: national group, open overdue cases",
            url="/monitoring/special-control/national/?state=open&reason=overdue",
            username="ministry",
        ),
        Scenario(
            "Special control: national group API, 50 cases",
            url="/api/monitoring/special-control/?limit=50",
            username="ministry",
        ),
        Scenario("Special control: a body's group", url="/monitoring/special-control/",
                 username="akimat"),
    ]  # fmt: skip
