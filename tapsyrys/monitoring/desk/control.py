"""Control of reports on "My desk" (M-5, M-7): the body's reports to review, projects in
special control and overdue requests; the NGO's requests to answer and returned reports; the
authorized body's national special control group. Each item links to the list of exactly
those items; the numbers come from `selectors.control.desk_counts` (scoped, constant queries).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.permissions import is_body_user, is_ngo_user, ngo_can_act
from tapsyrys.core.permissions import is_authorized_body

from ..selectors import control as selectors


def _item(key, label, value, url, bad=False):
    tone = ("bad" if bad else "warn") if value else "ok"
    return {"key": key, "label": label, "value": value, "url": url, "tone": tone}


def cards(request, *, now):
    user = request.user
    body, national = is_body_user(user), is_authorized_body(user)
    # an NGO member acts (and is counted) only with a confirmed e-mail, as in contracting
    ngo = is_ngo_user(user) and bool(ngo_can_act(user, user.organisation_id))
    if not (body or ngo or national):
        return []
    counts = selectors.desk_counts(user, today=local_date(now))
    result = []
    if body:
        result.append(
            {
                "title": _("Control of reports"),
                "order": 32,
                "items": [
                    _item("monitoring.control.to_review", _("Reports to review"),
                          counts["to_review"], reverse("monitoring:reviews")),
                    _item("monitoring.control.open_cases", _("Projects in special control"),
                          counts["open_cases"],
                          reverse("monitoring:special_control") + "?state=open", bad=True),
                    _item("monitoring.control.overdue_requests", _("Overdue information requests"),
                          counts["overdue_requests"],
                          reverse("monitoring:requests") + "?overdue=1", bad=True),
                ],
            }
        )  # fmt: skip
    if ngo:
        result.append(
            {
                "title": _("Requests and remarks of the body"),
                "order": 32,
                "items": [
                    _item("monitoring.control.to_answer", _("Information requests to answer"),
                          counts["to_answer"], reverse("monitoring:requests") + "?status=open"),
                    _item("monitoring.control.returned", _("Returned reports to correct"),
                          counts["returned"], reverse("monitoring:reviews"), bad=True),
                ],
            }
        )  # fmt: skip
    if national:
        result.append(
            {
                "title": _("Special control: national group"),
                "order": 33,
                "items": [
                    _item("monitoring.control.national_open", _("Projects in special control"),
                          counts["national_open"],
                          reverse("monitoring:special_control_national") + "?state=open"),
                ],
            }
        )  # fmt: skip
    return result
