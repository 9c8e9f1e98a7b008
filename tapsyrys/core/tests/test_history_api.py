"""X-AUDIT: GET /api/history/<app>/<model>/<pk>/ shows what the history page shows, same ACL."""

import pytest

from tapsyrys.core import services
from tapsyrys.core.audit import HISTORY_LIMIT, log_action

pytestmark = pytest.mark.django_db


def url(org):
    return f"/api/history/core/organisation/{org.pk}/"


@pytest.fixture
def changed_ngo(ngo, ngo_user):
    services.organisation_update(organisation=ngo, actor=ngo_user, phones="+7 701 000 00 00")
    return ngo


def test_history_api_returns_the_events_and_versions_of_the_page(
    changed_ngo, ngo_user, api_for, client_for
):
    response = api_for(ngo_user).get(url(changed_ngo))
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == {
        "app_label": "core",
        "model": "organisation",
        "pk": str(changed_ngo.pk),
        "repr": str(changed_ngo),
    }
    assert body["limit"] == HISTORY_LIMIT
    (event,) = [e for e in body["events"] if e["action"] == "core.organisation.updated"]
    assert event["who"] == str(ngo_user)
    assert event["changes"]["phones"] == ["", "+7 701 000 00 00"]
    newest = body["versions"][0]
    assert newest["history_type"] == "~"
    assert newest["changes"]["phones"] == ["", "+7 701 000 00 00"]
    assert body["versions"][-1]["history_type"] == "+"
    # the same events and versions as the page, in the same order
    page = client_for(ngo_user).get(f"/accounts/history/core/organisation/{changed_ngo.pk}/")
    assert [e.action for e in page.context["events"]] == [e["action"] for e in body["events"]]
    assert [
        (v["history_type"], str(v["who"] or ""), v["changes"]) for v in page.context["versions"]
    ] == [(v["history_type"], v["who"], v["changes"]) for v in body["versions"]]


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("ngo_user", 200),
        ("authorized_user", 200),
        ("admin_user", 200),
        ("other_ngo_user", 403),  # another organisation
        ("body_user", 403),
        ("expert", 403),
        (None, 401),
    ],
)
def test_history_api_has_the_page_permission(request, api_for, changed_ngo, user, status):
    caller = request.getfixturevalue(user) if user else None
    response = api_for(caller).get(url(changed_ngo))
    assert response.status_code == status
    page = (
        request.getfixturevalue("client_for")(caller)
        if caller
        else request.getfixturevalue("client")
    )
    page_status = page.get(f"/accounts/history/core/organisation/{changed_ngo.pk}/").status_code
    assert page_status == {200: 200, 403: 403, 401: 302}[status]


@pytest.mark.parametrize(
    "path",
    [
        "/api/history/core/organisation/999999/",
        "/api/history/core/organisation/not-a-number/",
        "/api/history/core/nosuchmodel/1/",
        "/api/history/nosuchapp/organisation/1/",
        "/api/history/core/storedfile/not-a-uuid/",
        # models that do not opt in to history (show_history) are not exposed
        "/api/history/core/user/1/",
        "/api/history/core/auditevent/1/",
    ],
)
def test_history_api_unknown_model_or_object_is_404(api_for, authorized_user, path):
    assert api_for(authorized_user).get(path).status_code == 404


def test_history_api_is_capped_like_the_page(api_for, ngo_user, ngo):
    for i in range(HISTORY_LIMIT + 5):
        log_action(ngo, "core.organisation.checked", actor=ngo_user, data={"i": i})
    body = api_for(ngo_user).get(url(ngo)).json()
    assert len(body["events"]) == HISTORY_LIMIT
    assert body["events"][0]["data"] == {"i": HISTORY_LIMIT + 4}


def test_history_api_is_in_the_openapi_schema(api_for):
    import json

    paths = json.loads(api_for().get("/api/schema/?format=json").content)["paths"]
    operation = paths["/api/history/{app_label}/{model}/{id}/"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/History")
