from .bench_support import Scenario


def scenarios():
    return [
        Scenario("NGO registry API, first page", url="/api/organisations/?kind=ngo"),
        Scenario(
            "NGO registry API, name search",
            url="/api/organisations/?kind=ngo&q=%D0%BC%D0%B5%D1%87%D1%82%D0%B0",
        ),
        Scenario(
            "NGO registry API, region+area filter",
            url="/api/organisations/?kind=ngo&region=almaty&area=youth",
        ),
        Scenario("Deadline API", url="/api/calendar/deadline/?start=2025-03-14&working_days=10"),
        Scenario("Home page", url="/"),
    ]
