"""Monitoring events' rows of the X-ACL matrix (M-1, M-2, M-3, M-6).

`w.contract` is more than 500 MCI: the assigned expert records its events; the body plans.
The NGO and the authorized body read."""

from tapsyrys.api.tests.acl_support import CONTRACT_OUTSIDERS, Row, url

from .world_events import complete_data

# Everyone but the project's monitor (the body, the assigned expert) and its readers.
OUTSIDERS = CONTRACT_OUTSIDERS
NOT_RECORDERS = ("body_user", "ngo_user", "authorized_user", *CONTRACT_OUTSIDERS)
NOT_PLANNERS = ("ngo_user", "authorized_user", *CONTRACT_OUTSIDERS)
READERS = ("body_user", "ngo_user", "authorized_user")


def mapi(path):
    return lambda w: "/api/monitoring/" + path.format(w=w)


def _record_post(w):
    data = complete_data(w.contract)
    post = {
        "planned_on": "2025-09-16",
        "tools": data["tools"],
        "findings": "Жаңа қорытынды",
        "measures": "",
        "links": "",
    }
    for key, value in data["coverage"].items():
        post[f"coverage_{key}"] = str(value)
    return post


ROWS = [
    Row("M.plan", "monitoring:plan", "GET", url("monitoring:plan", "contract"),
        "assigned_expert", (200,), deny=OUTSIDERS, readers=READERS),
    Row("M.plan.post", "monitoring:plan", "POST", url("monitoring:plan", "contract"),
        "body_user", (302,), deny=NOT_PLANNERS,
        data=lambda w: {"planned_on": "2025-10-01"}),
    Row("M.results", "monitoring:results", "GET", url("monitoring:results", "contract"),
        "body_user", (200,), deny=OUTSIDERS, readers=("ngo_user", "authorized_user",
                                                       "assigned_expert")),
    Row("M.event", "monitoring:event", "GET", url("monitoring:event", "mon_completed"),
        "assigned_expert", (200,), deny=OUTSIDERS, readers=READERS),
    Row("M.event_record.get", "monitoring:event_record", "GET",
        url("monitoring:event_record", "mon_planned"), "assigned_expert", (200,),
        deny=NOT_RECORDERS),
    Row("M.event_record.post", "monitoring:event_record", "POST",
        url("monitoring:event_record", "mon_planned"), "assigned_expert", (302,),
        deny=NOT_RECORDERS, data=_record_post),
    Row("M.event_complete", "monitoring:event_complete", "POST",
        url("monitoring:event_complete", "mon_planned"), "assigned_expert", (302,),
        deny=NOT_RECORDERS, prepare=lambda w: _fill(w),
        data=lambda w: {"held_on": "2025-09-15"}),
    Row("M.event_report", "monitoring:event_report", "GET",
        url("monitoring:event_report", "mon_completed", extra=("ru", "xlsx")),
        "assigned_expert", (200,), deny=OUTSIDERS, readers=READERS),
    Row("MA.plan", "api:monitoring-plan", "GET", mapi("contracts/{w.contract.pk}/plan/"),
        "assigned_expert", (200,), deny=OUTSIDERS, api=True, readers=READERS),
    Row("MA.plan.post", "api:monitoring-plan", "POST", mapi("contracts/{w.contract.pk}/plan/"),
        "body_user", (201,), deny=NOT_PLANNERS, api=True,
        data=lambda w: {"planned_on": "2025-10-02"}),
    Row("MA.results", "api:monitoring-results", "GET",
        mapi("contracts/{w.contract.pk}/results/"), "body_user", (200,), deny=OUTSIDERS,
        api=True, readers=("ngo_user", "authorized_user", "assigned_expert")),
    Row("MA.event", "api:monitoring-event", "GET", mapi("events/{w.mon_completed.pk}/"),
        "assigned_expert", (200,), deny=OUTSIDERS, api=True, readers=READERS),
    Row("MA.event.patch", "api:monitoring-event", "PATCH", mapi("events/{w.mon_planned.pk}/"),
        "assigned_expert", (200,), deny=NOT_RECORDERS, api=True,
        data=lambda w: {"findings": "Жаңа қорытынды", "tools": ["survey", "interview"]}),
    Row("MA.event.complete", "api:monitoring-event-complete", "POST",
        mapi("events/{w.mon_planned.pk}/complete/"), "assigned_expert", (200,),
        deny=NOT_RECORDERS, api=True,
        prepare=lambda w: _fill(w), data=lambda w: {"held_on": "2025-09-15"}),
]  # fmt: skip


def _fill(w):
    from tapsyrys.monitoring.models import ExpertAssignment
    from tapsyrys.monitoring.services import events as services

    expert = ExpertAssignment.objects.get(contract=w.contract).expert
    services.event_update(event=w.mon_planned, actor=expert, data=complete_data(w.contract))


# Lists scoped to the caller (an expert: the assigned projects; an NGO, a body: their own).
PUBLIC_URL_NAMES = set()
SCOPED_URL_NAMES = {"monitoring:plans", "api:monitoring-events"}
SNAPSHOT_MODELS = (
    "monitoring.MonitoringEvent", "monitoring.MonitoringPlanYear", "monitoring.EventActivity",
    "monitoring.EventSurvey", "monitoring.EventCoverage", "monitoring.EventCompliance",
    "monitoring.EventEvidence", "monitoring.StandardThreshold",
)  # fmt: skip
