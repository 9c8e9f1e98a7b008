"""X-ACL matrix: every non-public URL of every app (pages and API), called by every kind of
outsider with the ids of one realistic world. Each app contributes its rows and its public URL
names in `tapsyrys/<app>/tests/acl.py`; this module collects and runs them.

Outsiders get 401/403 (API), the sign-in page (pages) or 403/404, and the database does not
change; the owners get 200/201/302 so that the table cannot pass vacuously. A walk over the
URL resolver fails when a URL of any `tapsyrys.*` app is in no app's rows and not declared
public or scoped there."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from . import world as W
from .acl_support import api, capi, topic_data

pytestmark = pytest.mark.django_db

# --- The world and its people -------------------------------------------------------------------

ACTOR_NAMES = (
    "body_user", "other_body_user", "ngo_user", "other_ngo_user", "expert", "assigned_expert",
    "council_member", "authorized_user", "admin_user",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def w(body, other_body, ngo, other_ngo, body_user, other_body_user, ngo_user, other_ngo_user,
      authorized_user, actors):  # fmt: skip
    world = W.build(
        body=body, other_body=other_body, ngo=ngo, other_ngo=other_ngo, body_user=body_user,
        other_body_user=other_body_user, ngo_user=ngo_user, other_ngo_user=other_ngo_user,
        authorized_user=authorized_user,
    )  # fmt: skip
    W.extend(world, actors)
    return world


@pytest.fixture
def actors(request):
    return {name: request.getfixturevalue(name) for name in ACTOR_NAMES}


# Every business table the URLs below could touch (M2M tables included).
SNAPSHOT_MODELS = (
    "formation.Cycle", "formation.Topic", "formation.Comment", "formation.CommentDecision",
    "formation.Evidence", "formation.Publication", "formation.TopicProposal",
    "contracting.Competition", "contracting.Lot", "contracting.Contract", "contracting.Activity",
    "contracting.Indicator", "contracting.TargetGroup", "contracting.ReportStage",
    "contracting.StageReport", "contracting.ReportFile", "contracting.Passport",
    "contracting.TeamMember", "contracting.Partner", "contracting.MediaPublication",
    "contracting.PassportFile", "contracting.ImportJob", "core.Invitation",
    "core.AuditEvent", "core.StoredFile", "core.Notification", "core.Organisation",
    "core.DueItem", "core.Outbox", "publishing.LedgerEntry",
)  # fmt: skip


def snapshot():
    rows = {}
    for label in SNAPSHOT_MODELS + tuple(
        m for a in ACL.values() for m in getattr(a, "SNAPSHOT_MODELS", ())
    ):
        model = apps.get_model(label)
        rows[label] = list(model.objects.order_by("pk").values())
    topic = apps.get_model("formation.Topic")
    for through in (topic.sources.through, topic.service_types.through):
        rows[through._meta.label] = list(through.objects.order_by("pk").values())
    return rows


def assert_unchanged(before, who):
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"{who} changed {changed}"


# --- The table: every app's contribution -------------------------------------------------------


def project_apps():
    """The labels of the project's own apps (`tapsyrys.<app>`)."""
    from django.apps import apps as registry

    return sorted(
        c.name.split(".")[1] for c in registry.get_app_configs() if c.name.startswith("tapsyrys.")
    )


def contributions():
    """{app: its tests/acl.py module}; an app without one contributes nothing and fails the walk."""
    found = {}
    for app in project_apps():
        try:
            found[app] = importlib.import_module(f"tapsyrys.{app}.tests.acl")
        except ModuleNotFoundError as exc:
            if exc.name != f"tapsyrys.{app}.tests.acl":
                raise
    return found


ACL = contributions()
ROWS = [row for module in ACL.values() for row in module.ROWS]
PUBLIC = set().union(*(m.PUBLIC_URL_NAMES for m in ACL.values()))
SCOPED_LISTS = set().union(*(m.SCOPED_URL_NAMES for m in ACL.values()))


# --- Calling ------------------------------------------------------------------------------------


def client(row, user):
    if row.api:
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def call(row, user, w, path):
    c = client(row, user)
    data = row.data(w) if row.data else {}
    method = getattr(c, row.method.lower())
    if row.method == "GET":
        return c.get(path)
    if row.api:
        return method(path, data, format="multipart" if row.multipart else "json")
    return method(path, data)


def _world_aliases(w, actors):
    w.evidence_file = w.evidence.document
    w.c_pending_owner = actors["body_user"]


# --- One world, many rows -----------------------------------------------------------------------
# Building the world publishes annexes (rendered to xlsx and PDF for the ledger), so one world
# serves a chunk of rows: each row runs in a savepoint that is rolled back, and the world's
# objects are re-read, so every row starts from the same state as if it had a world of its own.

CHUNK = 12


def chunked(items):
    groups = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    return groups, [f"{g[0].id}..{g[-1].id}" for g in groups]


def _refresh(w):
    for value in vars(w).values():
        for obj in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(obj, Model) and obj.pk is not None:
                obj.refresh_from_db()


def each_rolled_back(items, w, actors, run):
    """Run `run(item)` for each item in a savepoint rolled back after it; report every failure."""
    failures = []
    for item in items:
        savepoint = transaction.savepoint()
        try:
            _world_aliases(w, actors)
            run(item)
        except Exception as exc:  # noqa: BLE001 — every row's failure is reported, by its id
            failures.append(f"{item.id}: {exc!r}")
        finally:
            transaction.savepoint_rollback(savepoint)
            cache.clear()  # rate limits and throttles count per row, as in a fresh test
            _refresh(w)
    assert not failures, "\n".join(failures)


ROW_CHUNKS, ROW_CHUNK_IDS = chunked(ROWS)


@pytest.mark.parametrize("rows", ROW_CHUNKS, ids=ROW_CHUNK_IDS)
def test_acl_matrix(rows, w, actors):
    each_rolled_back(rows, w, actors, lambda row: check_row(row, w, actors))


def check_row(row, w, actors):
    if row.prepare:
        row.prepare(w)
    path = row.url(w)
    before = snapshot()

    response = call(row, None, w, path)
    if row.api:
        assert response.status_code in (401, 403), ("anonymous", response.status_code)
    else:
        login = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert login or response.status_code == 403, ("anonymous", response.status_code)
    assert_unchanged(before, "anonymous")

    for name in row.deny:
        response = call(row, actors[name], w, path)
        assert response.status_code in (403, 404), (name, response.status_code)
        assert_unchanged(before, name)
        if row.api:
            assert "detail" in response.json()

    for name in row.readers:
        response = call(row, actors[name], w, path)
        assert response.status_code == 200, (name, response.status_code)

    response = call(row, actors[row.owner], w, path)
    assert response.status_code in row.ok, (row.owner, response.status_code, _text(response))
    if row.method != "GET" and row.id != "C.import_job.post":
        assert snapshot() != before, "the owner's call changed nothing"


def _text(response):
    try:
        return response.json()
    except Exception:  # noqa: BLE001 - only for the assertion message
        return response.content[:300]


def test_matrix_size():
    denied = sum(len(r.deny) + 1 for r in ROWS)
    assert len(ROWS) >= 100 and denied >= 500


# --- Every URL of every tapsyrys app is in some app's rows or declared public/scoped -----------


def _walk(patterns, namespace=""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if p.namespace and namespace:
                ns = f"{namespace}:{p.namespace}"
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace else p.name), p.callback


def _app_of(callback):
    """`tapsyrys.<app>.…` → app, from the module that defines the view; None for others."""
    module = getattr(callback, "__module__", "") or ""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "tapsyrys" else None


def test_every_project_app_contributes_to_the_matrix():
    served = {_app_of(cb) for _name, cb in _walk(get_resolver().url_patterns)} - {None}
    assert served <= set(ACL), f"apps with URLs but no tests/acl.py: {served - set(ACL)}"
    for app, module in ACL.items():
        for attr in ("ROWS", "PUBLIC_URL_NAMES", "SCOPED_URL_NAMES"):
            assert hasattr(module, attr), f"tapsyrys.{app}.tests.acl has no {attr}"


def test_every_url_is_in_the_matrix_or_public():
    covered = {r.name for r in ROWS} | PUBLIC | SCOPED_LISTS
    missing = sorted(
        name
        for name, callback in _walk(get_resolver().url_patterns)
        if _app_of(callback) and name not in covered
    )
    assert not missing, f"URLs neither in an app's ACL rows nor declared public: {missing}"
    for name in ("file", "history", "api:history-detail"):
        assert name in {r.name for r in ROWS}
    assert {"ledger:index", "ledger:api-list"} <= PUBLIC


def test_the_walk_catches_an_undeclared_url(monkeypatch):
    """A URL that no contribution names fails the walk (the test cannot pass vacuously)."""
    monkeypatch.setattr(
        ACL["portal"], "PUBLIC_URL_NAMES", ACL["portal"].PUBLIC_URL_NAMES - {"portal:calculator"}
    )
    covered = {r.name for r in ROWS} | SCOPED_LISTS
    covered |= set().union(*(m.PUBLIC_URL_NAMES for m in ACL.values()))
    names = {n for n, cb in _walk(get_resolver().url_patterns) if _app_of(cb)}
    assert "portal:calculator" in names - covered


# --- Lists and public pages never show another organisation's unpublished data ----------------

OUTSIDERS = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member")


def _api(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def _page(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    return {r["id"] for r in rows}


def test_formation_lists_are_scoped(w, actors):
    own = {w.c_plan.pk, w.c_disc.pk, w.c_council.pk, w.c_fixed.pk}
    assert own <= _ids(_api(actors["body_user"]).get("/api/formation/cycles/"))
    for name in OUTSIDERS:
        response = _api(actors[name]).get("/api/formation/cycles/")
        assert not own & _ids(response), name
    page = _page(actors["other_body_user"]).get(reverse("formation:index"))
    assert page.status_code == 200
    assert reverse("formation:cycle", args=[w.c_plan.pk]).encode() not in page.content
    # the other body's register and proposals show its own rows only
    rows = _api(actors["other_body_user"]).get("/api/formation/evidence/").json()
    titles = {r["title"] for r in (rows["results"] if isinstance(rows, dict) else rows)}
    assert titles == {"Чужой источник"}
    for name in ("formation:evidence", "formation:proposals"):
        page = _page(actors["other_body_user"]).get(reverse(name))
        assert page.status_code == 200
        assert "Секретн".encode() not in page.content, name


def test_comment_lists_hide_contacts_and_hidden_comments_from_outsiders(w, actors):
    path = f"/api/formation/cycles/{w.c_disc.pk}/comments/"
    for user in (None, *(actors[n] for n in OUTSIDERS)):
        response = _api(user).get(path)
        assert w.c_hidden.pk not in _ids(response)
        assert b"aigul-secret" not in response.content
    staff = _api(actors["body_user"]).get(path)
    assert w.c_hidden.pk in _ids(staff) and b"aigul-secret" in staff.content
    page = _page().get(reverse("formation:public_cycle", args=[w.body.pk, w.c_disc.year]))
    assert page.status_code == 200
    assert b"aigul-secret" not in page.content
    assert "Оскорбительный".encode() not in page.content


def test_unpublished_cycles_and_topics_are_not_public(w, actors):
    secret = "Неопубликованная тема".encode()
    for path in (
        reverse("formation:discussions"),
        reverse("formation:public_body", args=[w.body.pk]),
        f"/api/formation/approved-topics/?body={w.body.pk}",
    ):
        response = _page().get(path)
        assert response.status_code == 200 and secret not in response.content, path
    public = reverse("formation:public_cycle", args=[w.body.pk, w.c_plan.year])
    assert _page().get(public).status_code == 404
    assert _api().get(f"/api/formation/cycles/{w.c_plan.pk}/topics/").status_code in (401, 403)
    assert _api().get(f"/api/formation/cycles/{w.c_plan.pk}/annex/1/").status_code in (401, 403)
    before = snapshot()
    comment = {"author_name": "A", "author_contact": "a@b.kz", "remark": "Текст"}
    page = _page().post(reverse("formation:public_comment", args=[w.plan_topic.pk]), comment)
    assert page.status_code == 404
    response = _api().post(f"/api/formation/topics/{w.plan_topic.pk}/comments/", comment)
    assert response.status_code == 404
    keep = {**comment, "keep_as_proposal": True}
    response = _api().post(f"/api/formation/topics/{w.plan_topic.pk}/comments/", keep)
    assert response.status_code == 404
    assert_unchanged(before, "anonymous commenter")


def test_contracting_lists_are_scoped(w, actors):
    for name in ("other_body_user", "other_ngo_user"):
        assert w.contract.pk not in _ids(_api(actors[name]).get("/api/contracting/contracts/"))
        page = _page(actors[name]).get(reverse("contracting:contracts"))
        assert reverse("contracting:contract", args=[w.contract.pk]).encode() not in page.content
    assert w.contract.pk in _ids(_api(actors["ngo_user"]).get("/api/contracting/contracts/"))
    # reports: drafts are the NGO's alone; submitted ones go to the contracting body only
    reports = "/api/contracting/reports/"
    assert {w.draft.pk, w.submitted.pk} <= _ids(_api(actors["ngo_user"]).get(reports))
    for name in ("body_user", "authorized_user"):
        ids = _ids(_api(actors[name]).get(reports))
        assert w.submitted.pk in ids and w.draft.pk not in ids, name
    for name in ("other_body_user", "other_ngo_user"):
        assert not {w.draft.pk, w.submitted.pk} & _ids(_api(actors[name]).get(reports)), name
    draft_url = reverse("contracting:report", args=[w.draft.pk]).encode()
    inbox = _page(actors["body_user"]).get(reverse("contracting:reports"))
    assert reverse("contracting:report", args=[w.submitted.pk]).encode() in inbox.content
    assert draft_url not in inbox.content
    other_inbox = _page(actors["other_body_user"]).get(reverse("contracting:reports"))
    assert reverse("contracting:report", args=[w.submitted.pk]).encode() not in other_inbox.content
    # the public contract page and API: no drafts, no schedule for outsiders
    for user in (None, actors["body_user"], actors["other_body_user"], actors["authorized_user"]):
        page = _page(user).get(reverse("contracting:contract", args=[w.contract.pk]))
        assert page.status_code == 200
        assert draft_url not in page.content and "Черновик".encode() not in page.content
    for user in (None, actors["other_body_user"], actors["other_ngo_user"], actors["expert"]):
        data = _api(user).get(f"/api/contracting/contracts/{w.contract.pk}/").json()
        assert "stages" not in data
    # the passport in public: the team's names and roles, not their experience
    for user in (None, actors["other_ngo_user"]):
        response = _api(user).get(f"/api/contracting/contracts/{w.contract.pk}/passport/")
        assert response.status_code == 200 and "Секретный опыт".encode() not in response.content
        page = _page(user).get(reverse("contracting:passport", args=[w.contract.pk]))
        assert page.status_code == 200 and "Секретный опыт".encode() not in page.content
    # imports and the NGO desk show the caller's own organisation only
    page = _page(actors["other_body_user"]).get(reverse("contracting:import"))
    assert page.status_code == 200 and b"secret-lots.csv" not in page.content
    page = _page(actors["other_ngo_user"]).get(reverse("contracting:my_ngo"))
    assert page.status_code == 200 and w.ngo.name_ru.encode() not in page.content


# --- Bad input, everywhere: 400/404/409 naming the field, never a 500, never a partial write ---

LONG = "x" * 100_000
HUGE = 10**30


@dataclass(frozen=True)
class Bad:
    id: str
    method: str
    path: Callable
    owner: str
    data: Callable
    field: str | None = None  # the field the JSON answer must name
    ok: tuple = (400,)
    multipart: bool = False


def _topic(w, **kw):
    return topic_data(w, **kw)


BAD_INPUT = [
    # formation
    Bad("cycle.year.text", "POST", api("cycles/"), "body_user", lambda w: {"year": "abc"}, "year"),
    Bad("cycle.year.negative", "POST", api("cycles/"), "body_user", lambda w: {"year": -5}, "year"),
    Bad("cycle.year.huge", "POST", api("cycles/"), "body_user", lambda w: {"year": HUGE}, "year"),
    Bad("cycle.missing", "POST", api("cycles/"), "body_user", lambda w: {}, "year"),
    Bad("cycle.list_body", "POST", api("cycles/"), "body_user", lambda w: [1, 2], None),
    Bad("cycle.limit.long", "POST", api("cycles/"), "body_user",
        lambda w: {"year": 2028, "budget_limit": LONG}, "budget_limit"),
    Bad("cycle.limit.negative", "POST", api("cycles/"), "body_user",
        lambda w: {"year": 2028, "budget_limit": "-5"}, "budget_limit"),
    Bad("cycle.limit.nan", "POST", api("cycles/"), "body_user",
        lambda w: {"year": 2028, "budget_limit": "NaN"}, "budget_limit"),
    Bad("cycle.missing_id", "GET", api("cycles/999999999/"), "body_user", lambda w: None,
        ok=(404,)),
    Bad("cycle.unknown_action", "POST", api("cycles/{w.c_plan.pk}/explode/"), "body_user",
        lambda w: {}, ok=(404,)),
    Bad("topic.financing.text", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing="abc"), "financing"),
    Bad("topic.financing.negative", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing="-1"), "financing"),
    Bad("topic.financing.nan", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing="NaN"), "financing"),
    Bad("topic.financing.huge", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing=str(HUGE)), "financing"),
    Bad("topic.area.text", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, area="abc"), "area"),
    Bad("topic.area.huge", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, area=HUGE), "area"),
    Bad("topic.area.missing_id", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, area=999999), "area"),
    Bad("topic.sources.foreign", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, sources=[w.other_evidence.pk]), "sources"),
    Bad("topic.sources.huge", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, sources=[HUGE]), "sources"),
    Bad("topic.sources.text", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, sources="abc"), "sources"),
    Bad("topic.theme.long", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, theme_kk=LONG), "theme_kk"),
    Bad("topic.missing", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: {}, "theme_kk"),
    Bad("budget.date", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-13-45", "amounts": {}}, "approved_on"),
    Bad("budget.future", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2999-01-01", "amounts": {}}, "approved_on"),
    Bad("budget.key.text", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {"abc": "1"}}, "amounts"),
    Bad("budget.key.huge", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(HUGE): "1"}}, "amounts"),
    Bad("budget.key.foreign", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.other_topics[0].pk): "1"}},
        "amounts"),
    Bad("budget.amount.negative", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.fixed_topic.pk): "-1"}},
        "amount_{w.fixed_topic.pk}"),
    Bad("budget.amount.nan", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.fixed_topic.pk): "NaN"}},
        "amount_{w.fixed_topic.pk}"),
    Bad("budget.amounts.list", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": [1]}, "amounts"),
    Bad("decide.outcome", "POST", api("comments/{w.c_pending.pk}/decide/"), "body_user",
        lambda w: {"outcome": "maybe"}, "outcome"),
    Bad("decide.reject_unjustified", "POST", api("comments/{w.c_pending.pk}/decide/"),
        "body_user", lambda w: {"outcome": "rejected"}, "justification"),
    Bad("decide.long", "POST", api("comments/{w.c_pending.pk}/decide/"), "body_user",
        lambda w: {"outcome": "rejected", "justification": LONG}, "justification"),
    Bad("decide.missing_id", "POST", api("comments/999999999/decide/"), "body_user",
        lambda w: {"outcome": "accepted"}, ok=(404,)),
    Bad("hide.empty", "POST", api("comments/{w.c_pending.pk}/hide/"), "body_user",
        lambda w: {"reason": ""}, "reason"),
    Bad("hide.long", "POST", api("comments/{w.c_pending.pk}/hide/"), "body_user",
        lambda w: {"reason": LONG}, "reason"),
    Bad("recommend.choice", "POST", api("topics/{w.council_topic.pk}/recommend/"),
        "authorized_user", lambda w: {"recommendation": "x"}, "recommendation"),
    Bad("recommend.long", "POST", api("topics/{w.council_topic.pk}/recommend/"),
        "authorized_user",
        lambda w: {"recommendation": "revise", "recommendation_text": LONG},
        "recommendation_text"),
    Bad("spec.service_types.huge", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", lambda w: {"service_types": [HUGE]}, "service_types"),
    Bad("spec.service_types.missing", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", lambda w: {"service_types": [-1]}, "service_types"),
    Bad("spec.service_types.text", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", lambda w: {"service_types": "abc"}, "service_types"),
    Bad("spec.file.not_a_file", "POST", api("topics/{w.council_topic.pk}/spec/"), "body_user",
        lambda w: {"tech_spec": "abc"}, "tech_spec"),
    Bad("spec.file.type", "POST", api("topics/{w.council_topic.pk}/spec/"), "body_user",
        lambda w: {"tech_spec": SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 100)},
        "tech_spec", multipart=True),
    Bad("evidence.kind", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "x", "title": "t", "date": "2025-01-01"}, "kind"),
    Bad("evidence.date", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "statistics", "title": "t", "date": "31.02.2025"}, "date"),
    Bad("evidence.title.long", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "statistics", "title": LONG, "date": "2025-01-01"}, "title"),
    Bad("evidence.description.long", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "statistics", "title": "t", "date": "2025-01-01",
                   "description": LONG}, "description"),
    Bad("comment.long", "POST", api("topics/{w.disc_topic.pk}/comments/"), "anonymous",
        lambda w: {"author_name": "A", "author_contact": "a@b.kz", "remark": LONG}, "remark"),
    Bad("comment.no_author", "POST", api("topics/{w.disc_topic.pk}/comments/"), "anonymous",
        lambda w: {"remark": "R"}, "author_name"),
    Bad("comment.closed", "POST", api("topics/{w.disc_topic.pk}/comments/"), "anonymous",
        lambda w: {"author_name": "A", "author_contact": "a@b.kz", "remark": "R"}, ok=(409,)),
    Bad("comment.missing_topic", "POST", api("topics/999999999/comments/"), "anonymous",
        lambda w: {"author_name": "A", "author_contact": "a@b.kz", "remark": "R"}, ok=(404,)),
    Bad("annex.lang", "GET", api("cycles/{w.c_plan.pk}/annex/1/?lang=xx"), "body_user",
        lambda w: None, "lang"),
    Bad("annex.output", "GET", api("cycles/{w.c_plan.pk}/annex/1/?output=exe"), "body_user",
        lambda w: None, "output"),
    Bad("annex.number", "GET", api("cycles/{w.c_plan.pk}/annex/9/"), "body_user",
        lambda w: None, ok=(404,)),
    Bad("national.year", "GET", api("national/?year=abc"), "authorized_user", lambda w: None,
        "year"),
    Bad("national.year.huge", "GET", api(f"national/?year={HUGE}"), "authorized_user",
        lambda w: None, "year"),
    Bad("approved.body.text", "GET", api("approved-topics/?body=abc"), "anonymous",
        lambda w: None, "body"),
    Bad("approved.body.superscript", "GET", api("approved-topics/?body=²"), "anonymous",
        lambda w: None, "body"),
    # contracting
    Bad("lot.competition.text", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": "abc", "number": "L", "name_ru": "N", "amount": "1"},
        "competition", ok=(400, 404)),
    Bad("lot.competition.foreign", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.other_competition.pk, "number": "L", "name_ru": "N",
                   "amount": "1"}, ok=(403, 404)),
    Bad("lot.body.list", "POST", capi("lots/"), "body_user", lambda w: [1], None,
        ok=(400, 404)),
    Bad("lot.amount.negative", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.competition.pk, "number": "L", "name_ru": "N",
                   "amount": "-1"}, "amount"),
    Bad("lot.amount.huge", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.competition.pk, "number": "L", "name_ru": "N",
                   "amount": str(HUGE)}, "amount"),
    Bad("lot.name.long", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.competition.pk, "number": "L", "name_ru": LONG,
                   "amount": "1"}, "name_ru"),
    Bad("competition.year", "POST", capi("competitions/"), "body_user",
        lambda w: {"procurement_number": "N", "year": "abc"}, "year"),
    Bad("competition.long", "POST", capi("competitions/"), "body_user",
        lambda w: {"procurement_number": LONG, "year": 2025}, "procurement_number"),
    Bad("competition.date", "POST", capi("competitions/"), "body_user",
        lambda w: {"procurement_number": "N", "year": 2025, "held_on": "yesterday"}, "held_on"),
    Bad("contract.lot.text", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, lot="abc"), "lot"),
    Bad("contract.lot.foreign", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, lot=w.other_lot.pk), ok=(403, 404)),
    Bad("contract.lot.missing", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, lot=999999999), "lot"),
    Bad("contract.supplier", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, supplier_bin="000000000000"), "supplier_bin"),
    Bad("contract.amount.zero", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, amount="0"), "amount"),
    Bad("contract.amount.huge", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, amount=str(HUGE)), "amount"),
    Bad("contract.dates.reversed", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, ends_on="2025-01-01"), "ends_on"),
    Bad("contract.date.bad", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, signed_on="2025-02-30"), "signed_on"),
    Bad("contract.indicator.nan", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, indicators=[{"no": 1, "name": "I", "unit": "u",
                                             "planned": "NaN"}]), "indicators"),
    Bad("contract.target.huge", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, target_groups=[{"no": 1, "name": "G", "planned": HUGE}]),
        "target_groups"),
    Bad("transition.status", "POST", capi("contracts/{w.contract.pk}/transition/"), "body_user",
        lambda w: {"status": "xyz"}, "status"),
    Bad("transition.same", "POST", capi("contracts/{w.contract.pk}/transition/"), "body_user",
        lambda w: {"status": "active"}, ok=(400, 409)),
    Bad("passport.reached.text_key", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user", lambda w: {"reached": {"abc": 1}}, "target_groups"),
    Bad("passport.reached.foreign", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user",
        lambda w: {"reached": {str(w.other_contract.target_groups.get().pk): 1}},
        "target_groups"),
    Bad("passport.reached.negative", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user",
        lambda w: {"reached": {str(w.contract.target_groups.get().pk): -1}}, "reached"),
    Bad("passport.budget.negative", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user", lambda w: {"budget": "-1"}, "budget"),
    Bad("passport.budget.nan", "PUT", capi("contracts/{w.contract.pk}/passport/"), "ngo_user",
        lambda w: {"budget": "NaN"}, "budget"),
    Bad("passport.team.long", "PUT", capi("contracts/{w.contract.pk}/passport/"), "ngo_user",
        lambda w: {"team": [{"name": LONG, "role": "r"}]}, "team"),
    Bad("passport.team.type", "PUT", capi("contracts/{w.contract.pk}/passport/"), "ngo_user",
        lambda w: {"team": "abc"}, "team"),
    Bad("passport.publication.url", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user",
        lambda w: {"publications": [{"outlet": "o", "title": "t", "published_on": "2025-01-01",
                                     "url": "not a url"}]}, "publications"),
    Bad("passport.proposals.long", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user", lambda w: {"proposals": [LONG]}, "proposals"),
    Bad("report.actuals.string", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": "abc"}, "indicator_actuals"),
    Bad("report.actuals.list", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": [1, 2]}, "indicator_actuals"),
    Bad("report.actuals.nan", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": {str(w.contract.indicators.get().pk): "NaN"}},
        "indicator_actuals"),
    Bad("report.actuals.infinity", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": {str(w.contract.indicators.get().pk): "Infinity"}},
        "indicator_actuals"),
    Bad("report.actuals.foreign", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": {"999999": "1"}}, "indicator_actuals"),
    Bad("report.coverage.list_value", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"coverage_reached": {str(w.contract.target_groups.get().pk): [1]}},
        "coverage_reached"),
    Bad("report.coverage.negative", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"coverage_reached": {str(w.contract.target_groups.get().pk): -1}},
        "coverage_reached"),
    Bad("report.coverage.foreign", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"coverage_reached": {str(w.other_contract.target_groups.get().pk): 1}},
        "coverage_reached"),
    Bad("report.body.list", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: [1], None),
    Bad("report.submitted.patch", "PATCH", capi("reports/{w.submitted.pk}/"), "ngo_user",
        lambda w: {"main_work": "x"}, ok=(403, 409)),
    Bad("report.submit.twice", "POST", capi("reports/{w.submitted.pk}/submit/"), "ngo_user",
        lambda w: {}, ok=(403, 409)),
    Bad("report.files.none", "POST", capi("reports/{w.draft.pk}/files/"), "ngo_user",
        lambda w: {}, "files", multipart=True),
    Bad("report.files.type", "POST", capi("reports/{w.draft.pk}/files/"), "ngo_user",
        lambda w: {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 100)}, "files",
        multipart=True),
    Bad("report.missing", "GET", capi("reports/999999999/"), "ngo_user", lambda w: None,
        ok=(404,)),
    Bad("import.none", "POST", capi("imports/"), "body_user", lambda w: {}, "file",
        multipart=True),
    Bad("import.ext", "POST", capi("imports/"), "body_user",
        lambda w: {"file": SimpleUploadedFile("a.exe", b"MZ")}, "file", multipart=True),
    Bad("import.fake_xlsx", "POST", capi("imports/"), "body_user",
        lambda w: {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")}, "file",
        multipart=True),
    Bad("invitation.email", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: {"email": "not-an-email", "full_name": "A"}, "email"),
    Bad("invitation.email.object", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: {"email": {"a": 1}, "full_name": "A"}, "email"),
    Bad("invitation.name.long", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: {"email": "a@b.kz", "full_name": LONG}, "full_name"),
    Bad("invitation.body.list", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: [1], None),
    Bad("register.bin", "POST", capi("ngos/register/"), "anonymous",
        lambda w: _registration(w, bin="123456789012"), "bin"),
    Bad("ngo.missing", "GET", capi("ngos/999999999/"), "anonymous", lambda w: None, ok=(404,)),
]  # fmt: skip


def _contract(w, **kw):
    data = {
        "lot": w.lot2.pk, "supplier_bin": w.ngo.bin, "number": "C-9", "signed_on": "2025-02-01",
        "amount": "1000", "starts_on": "2025-02-01", "ends_on": "2025-11-30",
    }  # fmt: skip
    data.update(kw)
    return data


def _registration(w, **kw):
    data = {
        "bin": "", "name_kk": "N", "name_ru": "N", "short_name_kk": "N", "short_name_ru": "N",
        "legal_form": "public_association", "areas": ["youth"], "region": "astana",
        "address": "A", "phones": "1", "email": "new-ngo@example.kz", "description": "D",
        "full_name": "F", "username": "newngo", "password": "pass-1234-word-long",
    }  # fmt: skip
    data.update(kw)
    return data


BAD_CHUNKS, BAD_CHUNK_IDS = chunked(BAD_INPUT)


@pytest.mark.parametrize("bads", BAD_CHUNKS, ids=BAD_CHUNK_IDS)
def test_bad_input_is_refused_with_the_field(bads, w, actors):
    each_rolled_back(bads, w, actors, lambda bad: check_bad_input(bad, w, actors))


def check_bad_input(bad, w, actors):
    user = None if bad.owner == "anonymous" else actors[bad.owner]
    c = _api(user)
    path = bad.path(w)
    before = snapshot()
    data = bad.data(w)
    if bad.method == "GET":
        response = c.get(path)
    else:
        fmt = "multipart" if bad.multipart else "json"
        response = getattr(c, bad.method.lower())(path, data, format=fmt)
    assert response.status_code in bad.ok, (response.status_code, _text(response))
    body = response.json()
    assert body.get("detail"), body
    if bad.field:
        expected = bad.field.format(w=w)
        named = {body.get("field"), *(body.get("errors") or {})}
        assert expected in named, body
    assert_unchanged(before, bad.id)


# Query strings with junk never answer 500 (a filter that matches nothing is fine).
JUNK_QUERIES = [
    "/api/contracting/contracts/?year=²", "/api/contracting/contracts/?year=99999999999999999999",
    "/api/contracting/competitions/?year=²", "/api/contracting/lots/?competition=²",
    "/api/contracting/lots/?competition=99999999999999999999",
    "/api/contracting/ngos/?q=" + "x" * 5000, "/api/contracting/ngos/?region=nowhere",
    "/contracting/contracts/?year=²", "/contracting/contracts/?year=99999999999999999999",
    "/contracting/competitions/?year=²", "/contracting/ngos/?q=%00&region=abc&area=-1",
    "/contracting/reports/?timing=xyz&page=-1", "/formation/national/?year=²",
    "/formation/?page=abc", "/api/formation/national/?year=²",
]  # fmt: skip


@pytest.mark.parametrize("path", JUNK_QUERIES)
def test_junk_queries_never_fail(path, actors, body_user):
    user = actors["authorized_user"] if "national" in path else body_user
    for c in (_api(user), _page(user)):
        response = c.get(path)
        assert response.status_code in (200, 302, 400, 404), (path, response.status_code)


def test_contract_page_refuses_bad_lines_without_writing(w, actors):
    before = snapshot()
    client = _page(actors["body_user"])
    path = reverse("contracting:contract_new", args=[w.lot2.pk])
    base = {
        "supplier_bin": w.ngo.bin, "number": "C-9", "signed_on": "2025-02-01", "year": 2025,
        "amount": "1000", "starts_on": "2025-02-01", "ends_on": "2025-11-30",
    }  # fmt: skip
    for field_name, value in (
        ("target_groups", "Молодёжь; ²"),
        ("target_groups", f"Молодёжь; {HUGE}"),
        ("indicators", "Семинары; ед.; NaN"),
        ("indicators", "Семинары; ед.; Infinity"),
        ("indicators", f"Семинары; ед.; {HUGE}"),
        ("amount", "-1"),
        ("signed_on", "2025-02-30"),
    ):
        response = client.post(path, {**base, field_name: value})
        assert response.status_code == 200, (field_name, value, response.status_code)
        assert response.context["form"].errors, (field_name, value)
    assert_unchanged(before, "body_user")


def test_ngo_verify_does_not_redirect_off_site(w, actors):
    response = _page(actors["authorized_user"]).post(
        reverse("contracting:ngo_verify", args=[w.unverified_ngo.pk]),
        {"next": "https://evil.example.com/", "confirmed": "yes"},
    )
    assert response.status_code == 302 and not response["Location"].startswith("http")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(section=st.sampled_from(["indicator_actuals", "coverage_reached"]), value=JSON_VALUES,
       use_real_key=st.booleans())  # fmt: skip
def test_report_sections_take_any_json_without_a_500(w, actors, section, value, use_real_key):
    rows = w.contract.indicators if section == "indicator_actuals" else w.contract.target_groups
    payload = {str(rows.get().pk): value} if use_real_key else value
    response = _api(actors["ngo_user"]).patch(
        f"/api/contracting/reports/{w.draft.pk}/", {section: payload}, format="json"
    )
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json().get("field") == section
