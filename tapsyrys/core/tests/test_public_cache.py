"""Issue 8: the anonymous portal cached per language and invalidated when its data changes; the
signed-in layout in at most 2 queries; the visitor's language links."""

import pytest
from django.test import override_settings

from tapsyrys.core.models import Notification, Organisation
from tapsyrys.core.public_cache import cached_count
from tapsyrys.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

REGISTRY = "/contracting/ngos/"


def cache_state(response):
    return response.headers.get("X-Public-Cache")


def test_second_visit_is_served_from_the_cache(client):
    OrganisationFactory(kind=Organisation.Kind.NGO, name_ru="ОО «Первая»")
    first = client.get(REGISTRY)
    second = client.get(REGISTRY)
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in second  # the outer middleware still runs on a hit


def test_each_language_has_its_own_page(client):
    client.cookies["tapsyrys_language"] = "kk"
    kk = client.get(REGISTRY)
    client.cookies["tapsyrys_language"] = "ru"
    ru = client.get(REGISTRY)
    again_ru = client.get(REGISTRY)
    assert cache_state(ru) == "miss" and cache_state(again_ru) == "hit"
    assert '<html lang="kk"' in kk.content.decode() and '<html lang="ru"' in ru.content.decode()


def test_a_query_string_is_its_own_page(client):
    OrganisationFactory(kind=Organisation.Kind.NGO, name_kk="«Мечта» ҚБ", name_ru="ОО «Мечта»")
    OrganisationFactory(kind=Organisation.Kind.NGO, name_kk="«Рассвет» ҚБ", name_ru="ОО «Рассвет»")
    client.get(REGISTRY)
    found = client.get(REGISTRY + "?q=мечта").content.decode()
    assert "Мечта" in found and "Рассвет" not in found


def test_a_write_invalidates_the_page(client):
    client.get(REGISTRY)
    assert cache_state(client.get(REGISTRY)) == "hit"
    OrganisationFactory(kind=Organisation.Kind.NGO, name_kk="«Жаңа» ҚБ", name_ru="ОО «Новая»")
    after = client.get(REGISTRY)
    assert cache_state(after) == "miss"
    assert "«Жаңа» ҚБ" in after.content.decode()


def test_a_write_to_another_app_keeps_the_page(client, ngo):
    """The registry shows core's data: a notification (ignored) or a formation write does not
    throw it away; a write of core's does."""
    from tapsyrys.core.tests.factories import UserFactory
    from tapsyrys.formation.models import Cycle

    person = UserFactory()
    client.get(REGISTRY)
    Notification.objects.create(recipient=person, key="x", subject="t")
    assert cache_state(client.get(REGISTRY)) == "hit"
    Cycle.objects.all().update(year=2030)  # an unaudited update is no signal: nothing bumps
    assert cache_state(client.get(REGISTRY)) == "hit"
    person.full_name = "Жаңа аты"
    person.save()
    assert cache_state(client.get(REGISTRY)) == "miss"


def test_signed_in_users_always_reach_the_view(client, ngo_user):
    client.get(REGISTRY)
    client.force_login(ngo_user)
    response = client.get(REGISTRY)
    assert cache_state(response) is None
    assert 'data-testid="user-menu"' in response.content.decode()


def test_a_visitor_with_a_session_reaches_the_view(client):
    client.get(REGISTRY)
    client.cookies["sessionid"] = "whatever"
    assert cache_state(client.get(REGISTRY)) is None


def test_the_public_api_is_shared_but_a_token_reaches_the_view(client):
    client.get("/api/organisations/?kind=ngo")
    assert cache_state(client.get("/api/organisations/?kind=ngo")) == "hit"
    response = client.get("/api/organisations/?kind=ngo", HTTP_AUTHORIZATION="Token abc")
    assert cache_state(response) is None


def test_htmx_partials_are_kept_apart(client):
    full = client.get(REGISTRY)
    partial = client.get(REGISTRY, HTTP_HX_REQUEST="true")
    assert cache_state(full) == "miss" and cache_state(partial) == "miss"


def test_a_page_with_a_csrf_token_is_not_shared(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from tapsyrys.core.public_cache import public_page

    @public_page("core")
    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    def visit():
        request = rf.get("/x/")
        request.user = AnonymousUser()
        return view(request)

    first, second = visit(), visit()
    assert cache_state(first) is None and cache_state(second) is None


def test_an_unknown_app_label_is_refused_at_import():
    from tapsyrys.core.public_cache import public_page

    with pytest.raises(LookupError):
        public_page("calendar")


def test_the_visitor_sees_no_csrf_token_and_switches_language_by_link(client):
    page = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page
    response = client.get("/i18n/setlang/?language=ru&next=/contracting/ngos/")
    assert response.status_code == 302 and response["Location"] == "/contracting/ngos/"
    assert response.cookies["tapsyrys_language"].value == "ru"
    assert '<html lang="ru"' in client.get("/contracting/ngos/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_the_language_link_never_leaves_the_site(client, target):
    response = client.get("/i18n/setlang/", {"language": "kk", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/i18n/setlang/?language=xx&next=/")
    assert response.status_code == 302 and "tapsyrys_language" not in response.cookies


def test_cached_count_is_exact_and_follows_writes(django_assert_num_queries):
    qs = Organisation.objects.filter(kind=Organisation.Kind.NGO)
    before = qs.count()
    assert cached_count(qs) == before
    with django_assert_num_queries(0):
        assert cached_count(qs) == before
    OrganisationFactory(kind=Organisation.Kind.NGO)
    assert cached_count(qs) == before + 1


def test_cached_count_follows_a_bulk_write():
    from tapsyrys.core.audit import bulk_create_audited
    from tapsyrys.core.tests.factories import next_bin

    qs = Organisation.objects.filter(kind=Organisation.Kind.NGO)
    before = cached_count(qs)
    rows = [
        Organisation(kind=Organisation.Kind.NGO, bin=next_bin(), name_kk="А", name_ru="А")
        for _ in range(3)
    ]
    bulk_create_audited(Organisation, rows, action="core.organisation.imported")
    assert cached_count(qs) == before + 3


@override_settings(ROOT_URLCONF="config.urls_bench")
def test_the_signed_in_layout_costs_at_most_two_queries(
    client, body_user, django_assert_max_num_queries
):
    """Session from the cache, then the user with its organisation, roles and unread count in
    one query (the layout's navigation needs all three)."""
    Notification.objects.create(recipient=body_user, key="n1", subject="Одно")
    client.force_login(body_user)
    client.get("/bench-floor/page/")  # the session reaches the cache
    with django_assert_max_num_queries(2):
        page = client.get("/bench-floor/page/").content.decode()
    assert 'href="/formation/"' in page  # a state body's entry: the roles were read
    assert '<span class="badge warn">1</span>' in page  # the unread notification


def test_the_request_user_carries_its_roles_and_unread_count(body_user):
    from tapsyrys.core.backends import user_for_request
    from tapsyrys.core.models import Role

    Notification.objects.create(recipient=body_user, key="a", subject="a")
    Notification.objects.create(
        recipient=body_user, key="b", subject="b", read_at="2026-01-01T00:00Z"
    )
    user = user_for_request(body_user.pk)
    assert user.unread_notification_count == 1
    assert user.role_codes == frozenset({Role.STATE_BODY})
    assert user_for_request(10**9) is None


def test_a_transaction_bumps_again_once_on_commit(django_capture_on_commit_callbacks):
    from tapsyrys.core.public_cache import versions

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(5):
            OrganisationFactory(kind=Organisation.Kind.NGO)
    assert len(callbacks) == 1  # however many rows, one bump on commit
    (before,) = versions(["core"])
    callbacks[0]()
    assert versions(["core"]) == [before + 1]
