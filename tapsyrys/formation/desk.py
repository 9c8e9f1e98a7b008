"""Formation on "My desk": the body's current cycles, the authorized body's national year.

`cards(request, *, now)` → cards of the portal's dashboard (see docs/DEVELOPING.md). Numbers
come from the scoped selectors `desk_cycles_for` and `national_desk_counts` (one query each).
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.models import Role

from . import selectors
from .models import Comment

# due_state code → badge tone, as on the cycle page
TONES = {"overdue": "bad", "soon": "warn", "upcoming": "", "done": "ok"}


def cards(request, *, now):
    user = request.user
    result = []
    org = user.organisation
    if org is not None and org.is_state_body and user.has_role(Role.STATE_BODY):
        result.extend(_body_cards(user, now))
    national = selectors.national_desk_counts(user, now=now)
    if national is not None:
        result.append(_national_card(national))
    mine = _my_comments_card(user)
    if mine is not None:
        result.append(mine)
    return result


def _my_comments_card(user):
    """The author's own comments: how many are decided (one query); none before the first."""
    counts = selectors.comments_of_author(user).aggregate(
        total=Count("id"), pending=Count("id", filter=Q(outcome=Comment.Outcome.PENDING))
    )
    if not counts["total"]:
        return None
    url = reverse("formation:my_comments")
    return {
        "title": _("My comments and proposals"),
        "order": 30,
        "items": [
            {
                "key": "formation.my_comments.decided",
                "label": _("Decided by the state body"),
                "value": counts["total"] - counts["pending"],
                "url": url,
                "tone": "ok" if counts["total"] > counts["pending"] else "",
            },
            {
                "key": "formation.my_comments.pending",
                "label": _("Waiting for a decision"),
                "value": counts["pending"],
                "url": url,
                "tone": "",
            },
        ],
    }


def _ddmmyyyy(day):
    return day.strftime("%d.%m.%Y")


def _next_deadline(cycle, now):
    """The earliest deadline of the cycle that is not met yet, or None."""
    deadlines = selectors.cycle_deadlines(cycle, now=now)
    pending = [d for d in deadlines if d["state"] is not None and d["state"].code != "done"]
    return min(pending, key=lambda d: d["deadline"].date) if pending else None


def _body_cards(user, now):
    cycles = list(selectors.desk_cycles_for(user, today=local_date(now)))
    if not cycles:
        return [
            {
                "title": _("Formation"),
                "order": 10,
                "items": [
                    {
                        "key": "formation.no_cycle",
                        "label": _("Current formation cycles (open one for next year)"),
                        "value": 0,
                        "url": reverse("formation:index"),
                        "tone": "warn",
                    }
                ],
            }
        ]
    return [_cycle_card(cycle, now, order=10 + n) for n, cycle in enumerate(cycles)]


def _cycle_card(cycle, now, *, order):
    url = reverse("formation:cycle", args=[cycle.pk])
    items = [
        {
            "key": "formation.stage",
            "label": _("Stage"),
            "value": cycle.get_stage_display(),
            "url": url,
            "tone": "",
        }
    ]
    deadline = _next_deadline(cycle, now)
    if deadline is None:
        items.append(
            {
                "key": "formation.deadline",
                "label": _("Deadlines"),
                "value": _("all met"),
                "url": url,
                "tone": "ok",
            }
        )
    else:
        items.append(
            {
                "key": "formation.deadline",
                "label": _("Next deadline: %(what)s") % {"what": deadline["label"]},
                "value": _ddmmyyyy(deadline["deadline"].date),
                "url": url,
                "tone": TONES.get(deadline["state"].code, ""),
                "hint": f"{deadline['state'].label} · {deadline['deadline'].rule}",
            }
        )
    if cycle.published_at is not None:
        pending = cycle.pending_count
        overdue = cycle.decisions_due_at is not None and now > cycle.decisions_due_at
        items.append(
            {
                "key": "formation.pending_comments",
                "label": _("Comments awaiting a decision"),
                "value": pending,
                "url": reverse("formation:comments", args=[cycle.pk]) + "?show=pending",
                "tone": ("bad" if overdue else "warn") if pending else "ok",
                "hint": _("The decisions are overdue (§7.2).") if pending and overdue else "",
            }
        )
    return {
        "title": _("Formation cycle %(year)s") % {"year": cycle.year},
        "order": order,
        "items": items,
    }


def _national_card(counts):
    url = f"{reverse('formation:national')}?year={counts['year']}"
    return {
        "title": _("National formation %(year)s") % {"year": counts["year"]},
        "order": 15,
        "items": [
            {
                "key": "formation.national_cycles",
                "label": _("Bodies' formation cycles"),
                "value": counts["cycles"],
                "url": url,
                "tone": "",
            },
            {
                "key": "formation.annex3_submitted",
                "label": _("Annex 3 submitted"),
                "value": counts["submitted"],
                "url": f"{url}&show=submitted",
                "tone": "ok" if counts["submitted"] else "",
            },
            {
                "key": "formation.annex3_late",
                "label": _("Annex 3 late"),
                "value": counts["late"],
                "url": f"{url}&show=late",
                "tone": "bad" if counts["late"] else "ok",
            },
        ],
    }
