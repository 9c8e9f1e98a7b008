"""Shared pieces of the X-ACL matrix: the row type, the URL builders and the groups of actors.

Each app contributes its rows in `tapsyrys/<app>/tests/acl.py` (`ROWS`, and the URL names it
serves on purpose without an account, `PUBLIC_URL_NAMES`, or scoped to the caller's own
organisation, `SCOPED_URL_NAMES`); `test_acl_matrix.py` collects every app's module and runs
them, and its URL walk fails on a URL of a `tapsyrys.*` app that no module names."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tapsyrys.formation import services as fs

from . import world as W

BODY_OUTSIDERS = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member")
CONTRACT_OUTSIDERS = ("other_body_user", "other_ngo_user", "expert", "council_member")
NOT_STATE_BODIES = ("ngo_user", "other_ngo_user", "expert", "council_member")
ALL_BUT_AUTHORIZED = ("body_user", *BODY_OUTSIDERS)


@dataclass(frozen=True)
class Row:
    id: str
    name: str  # the URL name, for the coverage walk
    method: str
    url: Callable
    owner: str
    ok: tuple
    deny: tuple = BODY_OUTSIDERS
    api: bool = False
    data: Callable | None = None
    multipart: bool = False
    prepare: Callable | None = None
    readers: tuple = field(default=())  # other actors allowed to GET (checked for 200)


def url(name, *attrs, extra=()):
    """url("formation:cycle", "c_plan") → lambda w: reverse(name, [w.c_plan.pk, *extra])."""

    def build(w):
        return reverse(name, args=[getattr(w, a).pk for a in attrs] + list(extra))

    return build


def history(app_label, model, attr):
    return lambda w: reverse("history", args=[app_label, model, getattr(w, attr).pk])


def topic_data(w, **kw):
    data = {
        "theme_kk": "Тақырып", "theme_ru": "Тема", "area": w.area.pk, "financing": "250,5",
        "sources": [w.evidence.pk], "justification_kk": "Негіздеме", "justification_ru": "J",
        "target_group_kk": "Жастар", "target_group_ru": "T",
        "expected_result_kk": "Нәтиже", "expected_result_ru": "R",
    }  # fmt: skip
    data.update(kw)
    return data


def decide_pending_during_discussion(w):
    fs.comment_decide(comment=w.c_pending, actor=w.c_pending_owner, accepted=True, now=W.DURING)


def to_reported(w):
    decide_pending_during_discussion(w)
    fs.cycle_report_publish(cycle=w.c_disc, actor=w.c_pending_owner, now=W.AFTER)


def csv_upload(_w=None):
    return SimpleUploadedFile("lots.csv", b"lotNumber\n1\n", content_type="text/csv")


def api(path):
    return lambda w: "/api/formation/" + path.format(w=w)


def capi(path):
    return lambda w: "/api/contracting/" + path.format(w=w)


NGO_ONLY = ("body_user", *CONTRACT_OUTSIDERS)  # the NGO's own work: the body may not act
BODY_ONLY = ("ngo_user", *CONTRACT_OUTSIDERS)  # the body's own work: the NGO may not act
DRAFT_DENY = ("body_user", "authorized_user", *CONTRACT_OUTSIDERS)  # a draft is the NGO's alone
NOT_AUTHORIZED = ("body_user", "other_body_user", "ngo_user", "other_ngo_user", "expert",
                  "council_member")  # fmt: skip
