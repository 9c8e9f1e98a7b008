"""Identity and throttles behind a proxy (issue 7, item 6): one client address from a
configured number of trusted proxies for axes, the DRF throttles and the comment limit;
tokens that expire and die with a password change; a locked token endpoint answers 429."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tapsyrys.api.authentication import token_expired
from tapsyrys.core.accounts.lockout import spray_scaled
from tapsyrys.core.client import forwarded_client
from tapsyrys.core.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pass-1234-word"


# --- the one helper -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "xff", "proxies", "expected"),
    [
        ("10.0.0.1", None, 0, "10.0.0.1"),
        ("10.0.0.1", "1.2.3.4", 0, "10.0.0.1"),  # no proxy trusted: the header is ignored
        ("10.0.0.1", "1.2.3.4", 1, "1.2.3.4"),
        ("10.0.0.1", "9.9.9.9, 1.2.3.4", 1, "1.2.3.4"),  # the client wrote 9.9.9.9 itself
        ("10.0.0.1", "9.9.9.9, 1.2.3.4, 10.0.0.2", 2, "1.2.3.4"),
        ("10.0.0.1", "1.2.3.4", 2, "10.0.0.1"),  # fewer hops than proxies: the nearest one
        ("10.0.0.1", "not-an-address", 1, "10.0.0.1"),
        ("10.0.0.1", " 2001:db8::1 ", 1, "2001:db8::1"),
        ("10.0.0.1", "", 1, "10.0.0.1"),
        ("", None, 0, None),
        ("garbage", None, 0, None),
    ],
)
def test_forwarded_client(remote, xff, proxies, expected):
    assert forwarded_client(remote, xff, proxies) == expected


@pytest.mark.parametrize(
    ("failures", "expected"), [(0, 0), (5, 0), (29, 4), (30, 5), (36, 6), (60, 10)]
)
def test_spray_scaled_onto_the_limit_of_five(failures, expected):
    assert spray_scaled(failures, 5, 30) == expected


def test_spray_scaled_without_an_address_limit_is_zero():
    assert spray_scaled(100, 5, 0) == 0


@pytest.mark.parametrize(
    ("age", "expired"),
    [
        (dt.timedelta(days=29, hours=23), False),
        (dt.timedelta(days=30) - dt.timedelta(seconds=1), False),
        (dt.timedelta(days=30), True),
        (dt.timedelta(days=31), True),
    ],
)
def test_token_expired_after_30_days(age, expired):
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    assert token_expired(now - age, now) is expired


# --- throttles behind a proxy -----------------------------------------------------------


@pytest.fixture
def two_per_hour(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"anon_write": "2/hour"})


def _signup_api(api, n, **extra):
    return api.post(
        "/api/accounts/signup/",
        {"username": f"s{n}", "full_name": "A", "email": f"s{n}@x.kz", "password": PASSWORD},
        format="json",
        **extra,
    )


def test_rotating_xff_without_a_trusted_proxy_bypasses_nothing(settings, two_per_hour):
    settings.TAPSYRYS_TRUSTED_PROXIES = 0
    api = APIClient()
    codes = [_signup_api(api, n, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}").status_code for n in range(3)]
    assert codes == [201, 201, 429]


def test_rotating_the_client_written_part_behind_one_proxy_bypasses_nothing(settings, two_per_hour):
    settings.TAPSYRYS_TRUSTED_PROXIES = 1
    api = APIClient()
    codes = [
        _signup_api(api, n, HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 5.5.5.5").status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    # another real client behind the same proxy is not throttled
    assert _signup_api(api, 9, HTTP_X_FORWARDED_FOR="6.6.6.6").status_code == 201


def test_html_registration_form_is_throttled_like_the_api(settings, two_per_hour):
    from tapsyrys.contracting.tests.test_registry import registration_data
    from tapsyrys.core.tests.factories import next_bin

    settings.TAPSYRYS_TRUSTED_PROXIES = 1
    codes = []
    for n in range(3):
        client = Client()  # a new visitor each time (a registration signs in)
        data = registration_data(next_bin("1504"), username=f"ngo{n}")
        data["email"] = f"ngo{n}@x.kz"
        r = client.post(
            "/contracting/ngos/register/", data, HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 5.5.5.5"
        )
        codes.append(r.status_code)
    assert codes[2] == 429 and 429 not in codes[:2]


# --- the comment limit -------------------------------------------------------------------


@pytest.fixture
def topic(db):
    from tapsyrys.core.models import Area, Role
    from tapsyrys.core.tests.factories import StateBodyFactory, UserFactory
    from tapsyrys.formation import services
    from tapsyrys.formation.tests.factories import PLACED, cycle_make, evidence_make

    body = StateBodyFactory()
    user = UserFactory(organisation=body, roles=[Role.STATE_BODY])
    ev = evidence_make(user, date=dt.date(2024, 6, 1))
    cycle = cycle_make(user, topics=1, year=2026, area=Area.objects.get(code="youth"), sources=[ev])
    services.cycle_publish(cycle=cycle, actor=user, now=PLACED)
    return cycle.topics.first()


def _comment(client, topic, n, **extra):
    return client.post(
        f"/api/formation/topics/{topic.pk}/comments/",
        {"author_name": "A", "author_contact": "a@b.kz", "remark": f"Remark {n}"},
        content_type="application/json",
        **extra,
    )


@pytest.fixture
def discussion_open():
    import time_machine

    from tapsyrys.formation.tests.factories import at

    with time_machine.travel(at(2025, 3, 20, 12, 0), tick=False):
        yield


def test_anonymous_comments_are_limited_per_address_behind_the_proxy(
    settings, topic, discussion_open
):
    settings.TAPSYRYS_TRUSTED_PROXIES = 1
    settings.TAPSYRYS_COMMENT_RATE_LIMIT = 2
    client = Client()
    codes = [
        _comment(client, topic, n, HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 5.5.5.5").status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    # the whole country is not one address: another citizen behind the proxy may comment
    assert _comment(client, topic, 9, HTTP_X_FORWARDED_FOR="6.6.6.6").status_code == 201


def test_signed_in_comments_are_limited_per_account_from_any_address(
    settings, topic, discussion_open, ngo_user
):
    settings.TAPSYRYS_COMMENT_RATE_LIMIT = 2
    client = Client()
    client.force_login(ngo_user)
    codes = [_comment(client, topic, n, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(3)]
    assert codes == [201, 201, 429]
    other = Client()
    other.force_login(UserFactory(username="someone"))
    assert _comment(other, topic, 7, REMOTE_ADDR="10.0.0.1").status_code == 201


# --- sign-in: spraying, the token endpoint ------------------------------------------------


def _sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_password_spraying_from_one_address_is_locked(settings):
    settings.TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT = 8
    client = Client()
    for n in range(7):
        assert _sign_in(client, f"user{n}", "wrong").status_code == 200
    locked = _sign_in(client, "user7", "wrong")
    assert locked.status_code in (403, 429)
    UserFactory(username="real", password=PASSWORD)
    assert _sign_in(client, "real", PASSWORD).status_code in (403, 429)
    # another address is not locked
    assert _sign_in(Client(REMOTE_ADDR="10.9.9.9"), "real", PASSWORD).status_code == 302


def test_rotating_xff_does_not_escape_the_sign_in_lockout(settings, ngo_user):
    settings.TAPSYRYS_TRUSTED_PROXIES = 0
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "ngo", "wrong", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    assert _sign_in(client, "ngo", PASSWORD, HTTP_X_FORWARDED_FOR="1.1.1.99").status_code in (
        403,
        429,
    )


def test_a_locked_token_endpoint_answers_429(settings, ngo_user):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = api.post("/api/auth/token/", {"username": "ngo", "password": "wrong"}, format="json")
        assert r.status_code == 400
    locked = api.post("/api/auth/token/", {"username": "ngo", "password": "wrong"}, format="json")
    assert locked.status_code == 429
    right = api.post("/api/auth/token/", {"username": "ngo", "password": PASSWORD}, format="json")
    assert right.status_code == 429
    assert right.json()["code"] == "locked_out"


# --- tokens -------------------------------------------------------------------------------


def _token(ngo_user):
    r = APIClient().post(
        "/api/auth/token/", {"username": "ngo", "password": PASSWORD}, format="json"
    )
    assert r.status_code == 200
    return r.json()["token"]


def _me(key):
    return APIClient().get("/api/contracting/reports/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_expires_after_the_configured_days(settings, ngo_user):
    key = _token(ngo_user)
    assert _me(key).status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=30))
    assert _me(key).status_code == 401
    assert not Token.objects.filter(key=key).exists()
    assert _token_events(ngo_user, "core.token.expired") == 1
    fresh = _token(ngo_user)
    assert fresh != key and _me(fresh).status_code == 200
    settings.TAPSYRYS_TOKEN_TTL_DAYS = 60
    Token.objects.filter(key=fresh).update(created=timezone.now() - dt.timedelta(days=45))
    assert _me(fresh).status_code == 200


def test_an_old_token_is_replaced_at_sign_in(ngo_user):
    key = _token(ngo_user)
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=31))
    assert _token(ngo_user) != key
    assert _token_events(ngo_user, "core.token.expired") == 1


def test_a_password_change_revokes_the_tokens(client_for, ngo_user):
    key = _token(ngo_user)
    client = client_for(ngo_user)
    new = "Zhana-kupiya-soz-2026"
    r = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert r.status_code == 302
    assert _me(key).status_code == 401
    assert not Token.objects.filter(user=ngo_user).exists()
    assert _token_events(ngo_user, "core.token.revoked") == 1


def _token_events(user, action):
    from tapsyrys.core.models import AuditEvent

    return AuditEvent.objects.filter(action=action, object_id=str(user.pk)).count()


def test_saving_a_user_without_a_new_password_keeps_the_token(ngo_user):
    key = _token(ngo_user)
    user = User.objects.get(pk=ngo_user.pk)
    user.full_name = "Renamed"
    user.save()
    assert _me(key).status_code == 200
