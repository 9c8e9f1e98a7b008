"""Accounts in core: a citizen's and an NGO's sign-up, the e-mail confirmation (valid, expired,
tampered), invitations (only that organisation's administrator), the links e-mailed under the
old contracting URLs, the "e-mail not confirmed" gate and the sign-up throttle."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.signing import TimestampSigner
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

from tapsyrys.contracting import services as contracting
from tapsyrys.core.accounts import services
from tapsyrys.core.accounts.selectors import email_confirmed
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import (
    AuditEvent,
    EmailConfirmation,
    Invitation,
    Organisation,
    Role,
    User,
)
from tapsyrys.core.permissions import check
from tapsyrys.core.tests.factories import UserFactory, next_bin

pytestmark = pytest.mark.django_db

PASSWORD = "Strong-pass-2026"
SIGNED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CONFIRM_LINK = re.compile(r"http\S+(/accounts/confirm/(\S+)/)")
INVITE_LINK = re.compile(r"http\S+(/accounts/invitation/(\S+)/)")


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def signup_data(**kw):
    data = {
        "username": "aigerim",
        "full_name": "Айгерим Садыкова",
        "email": "aigerim@example.kz",
        "language": "ru",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(kw)
    return data


def sign_up(client, capture, **kw):
    with capture(execute=True):
        return client.post("/accounts/signup/", signup_data(**kw))


def events(action):
    return list(AuditEvent.objects.filter(action=action))


# --- A citizen signs up --------------------------------------------------------------------------


def test_citizen_signs_up_gets_the_citizen_role_and_a_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 201
    assert b'data-testid="signup-done"' in response.content
    user = User.objects.get(username="aigerim")
    assert user.role_codes == {Role.CITIZEN}
    assert (user.full_name, user.email, user.language) == (
        "Айгерим Садыкова",
        "aigerim@example.kz",
        "ru",
    )
    assert user.organisation is None and not user.is_org_admin
    assert user.check_password(PASSWORD)
    assert EmailConfirmation.objects.get(user=user).confirmed_at is None
    assert not email_confirmed(user)
    assert "_auth_user_id" not in client.session  # signs in only after confirming
    [message] = mail.outbox
    assert message.to == ["aigerim@example.kz"]
    assert CONFIRM_LINK.search(message.body)
    assert message.subject == "Подтвердите адрес электронной почты в Tapsyrys"  # her language
    [event] = events("core.account.created")
    assert event.data["roles"] == [Role.CITIZEN]


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"username": "TAKEN"}, "username", "taken"),
        ({"username": "бір сөз"}, "username", "valid username"),
        ({"full_name": " "}, "full_name", "required"),
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
        ({"password1": "aigerim20261", "password2": "aigerim20261"}, "password1", "similar"),
        ({"password2": PASSWORD + "x"}, "password2", "differ"),
        ({"language": "de"}, "language", "valid choice"),
    ],
)
def test_citizen_signup_refusals_name_the_field(
    client, django_capture_on_commit_callbacks, change, field, text
):
    UserFactory(username="taken")
    response = sign_up(client, django_capture_on_commit_callbacks, **change)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and text in str(errors[field]), errors
    assert User.objects.count() == 1 and mail.outbox == []


def test_a_signed_in_person_is_not_offered_the_signup(client_for, ngo_user):
    response = client_for(ngo_user).get("/accounts/signup/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")


def test_signup_api_creates_a_citizen(api_for, django_capture_on_commit_callbacks):
    data = {"username": "nurlan", "full_name": "Нурлан", "email": "n@example.kz"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(None).post(
            "/api/accounts/signup/", {**data, "password": PASSWORD}, format="json"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["roles"] == ["citizen"] and body["email_confirmed"] is False
    assert "password" not in body
    assert len(mail.outbox) == 1
    weak = api_for(None).post(
        "/api/accounts/signup/", {**data, "username": "n2", "password": "1"}, format="json"
    )
    assert weak.status_code == 400 and weak.json()["field"] == "password"


def test_account_create_grants_the_roles_asked_for(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.account_create(
            username="expert2",
            password=PASSWORD,
            full_name="Эксперт",
            email="e@example.kz",
            roles=[Role.EXPERT, Role.COUNCIL_MEMBER],
        )
    assert user.role_codes == {Role.EXPERT, Role.COUNCIL_MEMBER}
    assert len(mail.outbox) == 1 and not email_confirmed(user)
    made = services.account_create(
        username="staff2",
        password=PASSWORD,
        full_name="Сотрудник",
        email="",
        roles=[Role.CITIZEN],
        confirm_email=False,
    )
    assert email_confirmed(made) and not EmailConfirmation.objects.filter(user=made).exists()
    with pytest.raises(ApplicationError) as exc:
        services.account_create(
            username="x3", password=PASSWORD, full_name="X", email="", roles=[Role.CITIZEN]
        )
    assert exc.value.field == "email"


# --- Sign-up throttle (like the NGO registration API: scope anon_write) -------------------------


@pytest.fixture
def two_per_hour(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"anon_write": "2/hour"})


def test_signup_page_is_throttled_per_address(client, two_per_hour):
    for n in (1, 2):
        assert client.post("/accounts/signup/", signup_data(username=f"u{n}")).status_code == 201
    third = client.post("/accounts/signup/", signup_data(username="u3"))
    assert third.status_code == 429
    assert b'data-testid="signup-throttled"' in third.content
    assert not User.objects.filter(username="u3").exists()
    other = client.post("/accounts/signup/", signup_data(username="u4"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 201


def test_signup_api_is_throttled(api_for, two_per_hour):
    api = api_for(None)
    for n in (1, 2, 3):
        response = api.post(
            "/api/accounts/signup/",
            {"username": f"a{n}", "full_name": "A", "email": f"a{n}@x.kz", "password": PASSWORD},
            format="json",
        )
        assert response.status_code == (201 if n < 3 else 429)


def test_ngo_registration_page_is_throttled_too(client, two_per_hour):
    for _ in (1, 2):
        assert client.post("/contracting/ngos/register/", {}).status_code == 200
    third = client.post("/contracting/ngos/register/", {})
    assert third.status_code == 429 and b'data-testid="signup-throttled"' in third.content


# --- An NGO signs up (through core's account services) ------------------------------------------


def ngo_data(bin_value):
    from tapsyrys.contracting.tests.test_registry import registration_data

    return registration_data(bin_value)


def test_ngo_registration_creates_the_admin_through_core_accounts(
    client, django_capture_on_commit_callbacks
):
    bin_value = next_bin("1504")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contracting/ngos/register/", ngo_data(bin_value))
    assert response.status_code == 302
    user = User.objects.get(username="newngo")
    assert user.organisation.bin == bin_value and user.is_org_admin
    assert user.role_codes == {Role.NGO}
    assert user.position == "Председатель"
    assert not email_confirmed(user)
    [created] = events("core.account.created")
    assert created.data == {"roles": [Role.NGO], "organisation": user.organisation_id}
    assert len(events("contracting.ngo.registered")) == 1
    [message] = mail.outbox
    assert "NGO" in message.subject and CONFIRM_LINK.search(message.body)


def test_ngo_registration_refuses_a_weak_password_before_creating_anything(client):
    data = ngo_data(next_bin("1504"))
    data.update(password1="123", password2="123")
    response = client.post("/contracting/ngos/register/", data)
    assert response.status_code == 200
    assert "too short" in str(response.context["form"].errors)
    assert not User.objects.filter(username="newngo").exists()
    assert not Organisation.objects.filter(bin=data["bin"]).exists()


def test_the_confirmation_email_is_in_the_accounts_language(
    ngo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_create(
            username="ru-admin",
            password=PASSWORD,
            full_name="Админ",
            email="admin@ngo.kz",
            language="ru",
            organisation=ngo,
            roles=[Role.NGO],
        )
    assert mail.outbox[0].subject == "Подтвердите регистрацию вашего НПО в Tapsyrys"


# --- E-mail confirmation -----------------------------------------------------------------------


@pytest.fixture
def citizen(django_capture_on_commit_callbacks):
    with time_machine.travel(SIGNED, tick=False), django_capture_on_commit_callbacks(execute=True):
        return services.citizen_signup(
            username="aigerim",
            password=PASSWORD,
            full_name="Айгерим",
            email="aigerim@example.kz",
            language="en",
        )


def token_of(message):
    return CONFIRM_LINK.search(message.body).group(2)


@pytest.mark.parametrize(
    ("later", "confirmed"),
    [
        (dt.timedelta(0), True),
        (dt.timedelta(days=14), True),
        (dt.timedelta(days=14, seconds=1), False),
        (dt.timedelta(days=30), False),
    ],
)
def test_confirmation_link_is_valid_for_14_days(client, citizen, later, confirmed):
    token = token_of(mail.outbox[0])
    with time_machine.travel(SIGNED + later, tick=False):
        response = client.get(f"/accounts/confirm/{token}/")
    row = EmailConfirmation.objects.get(user=citizen)
    if confirmed:
        assert response.status_code == 302 and response["Location"] == reverse("login")
        assert row.confirmed_at is not None
        assert email_confirmed(User.objects.get(pk=citizen.pk))
        [event] = events("core.account.email_confirmed")
        assert event.data == {"email": "aigerim@example.kz"}
    else:
        assert response.status_code == 400
        assert "expired" in response.content.decode()
        assert row.confirmed_at is None and not events("core.account.email_confirmed")


def test_confirming_twice_is_harmless(client, citizen):
    token = token_of(mail.outbox[0])
    with time_machine.travel(SIGNED, tick=False):
        assert client.get(f"/accounts/confirm/{token}/").status_code == 302
        assert client.get(f"/accounts/confirm/{token}/").status_code == 302
    assert len(events("core.account.email_confirmed")) == 1


def _tamper(token):
    value, timestamp, signature = token.split(":")
    return f"{value}x:{timestamp}:{signature}"


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(_tamper, id="changed-value"),
        pytest.param(lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), id="signature"),
        pytest.param(lambda t: "not-a-token", id="junk"),
        pytest.param(
            lambda t: services.invitation_token(Invitation(pk=1, email="aigerim@example.kz")),
            id="an-invitation-token",
        ),
        pytest.param(
            lambda t: TimestampSigner(salt=services.CONFIRM_SALT).sign_object([1, 2]),
            id="signed-but-not-a-mapping",
        ),
        pytest.param(
            lambda t: TimestampSigner(salt=services.CONFIRM_SALT).sign_object(
                {"c": EmailConfirmation.objects.get().pk, "e": "other@example.kz"}
            ),
            id="another-address",
        ),
    ],
)
def test_tampered_confirmation_token_is_refused(client, citizen, make_token):
    token = make_token(token_of(mail.outbox[0]))
    with time_machine.travel(SIGNED, tick=False):
        response = client.get(f"/accounts/confirm/{token}/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert EmailConfirmation.objects.get(user=citizen).confirmed_at is None


def test_email_resend_sends_the_link_again_until_confirmed(
    citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.email_resend(user=citizen)
    assert len(mail.outbox) == 2 and token_of(mail.outbox[1])
    with time_machine.travel(SIGNED, tick=False):
        services.email_confirm(token=token_of(mail.outbox[1]))
    with pytest.raises(ApplicationError, match="already confirmed"):
        services.email_resend(user=citizen)


# --- The "e-mail not confirmed" gate ----------------------------------------------------------


def test_an_unconfirmed_ngo_member_cannot_act_until_confirmed(
    ngo_user, body_user, django_capture_on_commit_callbacks
):
    row = EmailConfirmation.objects.create(user=ngo_user, email=ngo_user.email)
    unconfirmed = User.objects.get(pk=ngo_user.pk)
    for action in ("contracting.ngo.edit", "contracting.ngo.invite", "core.invitation.create"):
        decision = check(unconfirmed, action, ngo_user.organisation)
        assert not decision and "Confirm your e-mail" in decision.reason, action
    with pytest.raises(NotPermitted):
        services.invitation_create(
            organisation=ngo_user.organisation,
            actor=unconfirmed,
            email="c@x.kz",
            full_name="C",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.email_resend(user=unconfirmed)
    services.email_confirm(token=services.confirmation_token(row))
    confirmed = User.objects.get(pk=ngo_user.pk)
    for action in ("contracting.ngo.edit", "contracting.ngo.invite", "core.invitation.create"):
        assert check(confirmed, action, ngo_user.organisation), action


def test_the_confirm_page_tells_an_unconfirmed_ngo_member(client_for, ngo_user):
    EmailConfirmation.objects.create(user=ngo_user, email=ngo_user.email)
    response = client_for(ngo_user).get("/contracting/my/")
    assert b'data-testid="confirm-banner"' in response.content


# --- Invitations -------------------------------------------------------------------------------


def invite(actor, organisation, capture, email="colleague@ngo.kz", **kw):
    with capture(execute=True):
        return services.invitation_create(
            organisation=organisation, actor=actor, email=email, full_name="Коллега", **kw
        )


def test_the_administrator_invites_and_the_colleague_accepts(
    ngo_user, client, django_capture_on_commit_callbacks
):
    invitation = invite(ngo_user, ngo_user.organisation, django_capture_on_commit_callbacks)
    assert invitation.role == Role.NGO
    [created] = events("core.invitation.created")
    assert created.data["email"] == "colleague@ngo.kz" and created.actor == ngo_user
    [message] = mail.outbox
    path, _token = INVITE_LINK.search(message.body).groups()
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"username": "colleague", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")
    colleague = User.objects.get(username="colleague")
    assert colleague.organisation == ngo_user.organisation
    assert colleague.role_codes == {Role.NGO} and not colleague.is_org_admin
    assert email_confirmed(colleague)  # the link itself proved the address
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.user == colleague
    assert len(events("core.invitation.accepted")) == 1
    assert client.get(path).status_code == 400  # used once


@pytest.mark.parametrize(
    ("actor_name", "reason"),
    [
        ("other_ngo_user", "another organisation"),  # the other NGO's administrator
        ("body_user", "another organisation"),
        ("member", "administrator"),  # a member of the NGO, not its administrator
        ("anonymous", "sign in"),
    ],
)
def test_only_that_organisations_administrator_invites(
    request, ngo, ngo_user, actor_name, reason, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser

    if actor_name == "member":
        actor = UserFactory(organisation=ngo, roles=[Role.NGO])
    elif actor_name == "anonymous":
        actor = AnonymousUser()
    else:
        actor = request.getfixturevalue(actor_name)
    with pytest.raises(NotPermitted) as exc:
        invite(actor, ngo, django_capture_on_commit_callbacks)
    assert reason in str(exc.value.message).lower()
    assert not Invitation.objects.exists() and mail.outbox == []
    with pytest.raises(NotPermitted):
        contracting.invitation_create(
            organisation=ngo, actor=actor, email="x@ngo.kz", full_name="X"
        )


def test_another_organisations_administrator_cannot_invite_through_the_api(
    api_for, ngo, other_ngo_user
):
    response = api_for(other_ngo_user).post(
        "/api/contracting/ngos/invitations/",
        {"email": "x@ngo.kz", "full_name": "X"},
        format="json",
    )
    assert response.status_code == 201  # into the caller's own NGO, never into `ngo`
    assert set(Invitation.objects.values_list("organisation_id", flat=True)) == {
        other_ngo_user.organisation_id
    }


def test_an_administrator_invites_only_into_a_role_they_hold(
    ngo_user, django_capture_on_commit_callbacks
):
    with pytest.raises(NotPermitted, match="role you hold"):
        invite(ngo_user, ngo_user.organisation, django_capture_on_commit_callbacks,
               role=Role.AUTHORIZED_BODY)  # fmt: skip
    assert not Invitation.objects.exists()


def test_invitation_refusals(ngo_user, django_capture_on_commit_callbacks):
    invite(ngo_user, ngo_user.organisation, django_capture_on_commit_callbacks)
    with pytest.raises(ApplicationError, match="already been invited"):
        invite(ngo_user, ngo_user.organisation, django_capture_on_commit_callbacks,
               email="COLLEAGUE@ngo.kz")  # fmt: skip
    UserFactory(organisation=ngo_user.organisation, email="member@ngo.kz")
    with pytest.raises(ApplicationError, match="already has an account"):
        invite(ngo_user, ngo_user.organisation, django_capture_on_commit_callbacks,
               email="member@ngo.kz")  # fmt: skip


@pytest.mark.parametrize(
    ("later", "text"),
    [(dt.timedelta(days=14), None), (dt.timedelta(days=14, seconds=1), "expired")],
)
def test_invitation_link_is_valid_for_14_days(ngo_user, later, text):
    with time_machine.travel(SIGNED, tick=False):
        invitation = services.invitation_create(
            organisation=ngo_user.organisation, actor=ngo_user, email="c@ngo.kz", full_name="C"
        )
        token = services.invitation_token(invitation)
    with time_machine.travel(SIGNED + later, tick=False):
        if text is None:
            assert services.invitation_get(token) == invitation
        else:
            with pytest.raises(ApplicationError, match=text):
                services.invitation_get(token)


def test_tampered_invitation_token_is_refused(client, ngo_user):
    invitation = services.invitation_create(
        organisation=ngo_user.organisation, actor=ngo_user, email="c@ngo.kz", full_name="C"
    )
    token = _tamper(services.invitation_token(invitation))
    response = client.post(
        f"/accounts/invitation/{token}/",
        {"username": "c", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400 and not User.objects.filter(username="c").exists()


# --- The old contracting URLs still reach the flows -------------------------------------------


def test_old_confirmation_url_redirects_to_the_new_one(client, citizen):
    token = token_of(mail.outbox[0])
    response = client.get(f"/contracting/ngos/confirm/{token}/")
    assert response.status_code == 301
    assert response["Location"] == f"/accounts/confirm/{token}/"
    with time_machine.travel(SIGNED, tick=False):
        client.get(response["Location"])
    assert EmailConfirmation.objects.get(user=citizen).confirmed_at is not None


def test_old_invitation_url_redirects_to_the_new_one(client, ngo_user):
    invitation = services.invitation_create(
        organisation=ngo_user.organisation, actor=ngo_user, email="c@ngo.kz", full_name="C"
    )
    token = services.invitation_token(invitation)
    response = client.get(f"/contracting/ngos/invitation/{token}/", follow=True)
    assert response.redirect_chain == [(f"/accounts/invitation/{token}/", 301)]
    assert response.status_code == 200 and "Accept the invitation" in response.content.decode()


# --- Where sign-up is offered ------------------------------------------------------------------


def test_signin_page_and_header_offer_sign_up_for_citizens_and_ngos(client):
    login = client.get("/accounts/login/").content.decode()
    assert 'data-testid="login-signup-link"' in login and 'data-testid="signup-link"' in login
    page = client.get("/accounts/signup/").content.decode()
    assert 'data-testid="signup-form"' in page
    assert reverse("contracting:register") in page and "Register an NGO" in page


def test_signed_in_header_has_no_sign_up_link(client_for, ngo_user):
    assert b'data-testid="signup-link"' not in client_for(ngo_user).get("/").content
