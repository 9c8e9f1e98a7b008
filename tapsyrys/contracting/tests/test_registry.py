"""C-1: NGO self-registration, BIN check digit and uniqueness, e-mail confirmation, invitations,
verification by the authorized body, the public registry."""

import re

import pytest
from django.core import mail

from tapsyrys.contracting import services
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Area, EmailConfirmation, Organisation, Region, Role
from tapsyrys.core.permissions import check
from tapsyrys.core.tests.factories import next_bin

pytestmark = pytest.mark.django_db


def registration_data(bin_value, username="newngo"):
    return {
        "bin": bin_value,
        "name_kk": "«Жаңа қадам» қоғамдық бірлестігі",
        "name_ru": "Общественное объединение «Новый шаг»",
        "short_name_kk": "ҚБ «Жаңа қадам»",
        "short_name_ru": "ОО «Новый шаг»",
        "legal_form": "public_association",
        "areas": [Area.objects.filter(edition_numbers__edition__code="2022").first().pk],
        "region": Region.objects.get(code="astana").pk,
        "address": "Астана, ул. Абая, 1",
        "phones": "+7 701 000 00 00",
        "email": "info@new-step.kz",
        "website": "https://new-step.kz",
        "description": "Работаем с молодёжью",
        "full_name": "Айжан Серикова",
        "position": "Председатель",
        "username": username,
        "password1": "Strong-pass-2026",
        "password2": "Strong-pass-2026",
    }


def wrong_check_digit(valid):
    return valid[:11] + str((int(valid[11]) + 1) % 10)


def confirmation_link(message):
    return re.search(r"http\S+/accounts/confirm/(\S+)/", message.body).group(1)


def test_c1_register_creates_ngo_and_admin_and_mails_link(
    client, django_capture_on_commit_callbacks
):
    bin_value = next_bin("1504")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contracting/ngos/register/", registration_data(bin_value))
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(bin=bin_value)
    assert org.kind == Organisation.Kind.NGO and not org.is_verified
    user = org.users.get()
    assert user.is_org_admin and user.has_role(Role.NGO)
    assert len(mail.outbox) == 1 and "/accounts/confirm/" in mail.outbox[0].body


def test_c1_wrong_check_digit_refused_naming_the_field(client):
    bad = wrong_check_digit(next_bin("1504"))
    response = client.post("/contracting/ngos/register/", registration_data(bad))
    assert response.status_code == 200
    assert "bin" in response.context["form"].errors
    assert "check digit" in str(response.context["form"].errors["bin"])
    assert not Organisation.objects.filter(bin=bad).exists()


def test_c1_same_bin_twice_refused_with_clear_message(client, ngo):
    response = client.post("/contracting/ngos/register/", registration_data(ngo.bin))
    assert response.status_code == 200
    assert "already registered" in str(response.context["form"].errors["bin"])
    assert Organisation.objects.filter(bin=ngo.bin).count() == 1
    with pytest.raises(ApplicationError) as exc:
        services.ngo_register(
            bin=ngo.bin,
            username="x2",
            password="Strong-pass-2026",
            full_name="X",
            name_kk="a",
            name_ru="b",
            email="a@b.kz",
        )
    assert exc.value.field == "bin"


def test_c1_api_register_refuses_bad_bin(api_for):
    data = registration_data(wrong_check_digit(next_bin("1504")))
    data.update(password=data.pop("password1"), areas=["youth"], region="astana")
    data.pop("password2")
    response = api_for(None).post("/api/contracting/ngos/register/", data, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "bin"


def test_c1_email_confirmation_required_before_the_ngo_can_act(
    client, body_user, make_contract, django_capture_on_commit_callbacks
):
    bin_value = next_bin("1504")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contracting/ngos/register/", registration_data(bin_value))
    org = Organisation.objects.get(bin=bin_value)
    user = org.users.get()
    contract = make_contract(body_user, org)
    decision = check(user, "contracting.passport.edit", contract)
    assert not decision and "Confirm your e-mail" in decision.reason
    assert client.get(f"/contracting/contracts/{contract.pk}/passport/edit/").status_code == 403
    # follow the link read from the outbox
    token = confirmation_link(mail.outbox[0])
    response = client.get(f"/accounts/confirm/{token}/")
    assert response.status_code == 302
    assert EmailConfirmation.objects.get(user=user).confirmed_at is not None
    user = type(user).objects.get(pk=user.pk)
    assert check(user, "contracting.passport.edit", contract)
    assert client.get(f"/contracting/contracts/{contract.pk}/passport/edit/").status_code == 200


def test_c1_tampered_confirmation_token_refused(client):
    response = client.get("/accounts/confirm/not-a-token/")
    assert response.status_code == 400


def test_c1_invitation_lets_colleague_set_password(
    ngo_user, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            organisation=ngo_user.organisation,
            actor=ngo_user,
            email="colleague@ngo.kz",
            full_name="Коллега",
        )
    token = re.search(r"/accounts/invitation/(\S+)/", mail.outbox[0].body).group(1)
    response = client.post(
        f"/accounts/invitation/{token}/",
        {"username": "colleague", "password1": "Strong-pass-2026", "password2": "Strong-pass-2026"},
    )
    assert response.status_code == 302
    colleague = ngo_user.organisation.users.get(username="colleague")
    assert colleague.has_role(Role.NGO) and not colleague.is_org_admin
    # the token cannot be used twice
    assert client.get(f"/accounts/invitation/{token}/").status_code == 400


def test_c1_only_org_admin_invites(ngo, other_ngo_user):
    with pytest.raises(ApplicationError):
        services.invitation_create(
            organisation=ngo, actor=other_ngo_user, email="a@b.kz", full_name="A"
        )


def test_c1_authorized_body_verifies_ngo(authorized_user, body_user, ngo, client_for):
    Organisation.objects.filter(pk=ngo.pk).update(is_verified=False)
    assert client_for(body_user).post(f"/contracting/ngos/{ngo.pk}/verify/").status_code == 403
    asked = client_for(authorized_user).post(f"/contracting/ngos/{ngo.pk}/verify/")
    assert asked.status_code == 200 and b'data-testid="confirm-yes"' in asked.content
    ngo.refresh_from_db()
    assert not ngo.is_verified  # the first click only asks (issue 13)
    response = client_for(authorized_user).post(
        f"/contracting/ngos/{ngo.pk}/verify/", {"confirmed": "yes"}
    )
    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.is_verified
    page = client_for(authorized_user).get(f"/contracting/ngos/{ngo.pk}/")
    assert b'data-testid="verified-badge"' in page.content


def test_c1_public_registry_search_by_name_bin_region(client, ngo, other_ngo):
    response = client.get("/contracting/ngos/", {"q": ngo.bin[:8]})
    assert ngo in list(response.context["page"])
    response = client.get("/contracting/ngos/", {"q": "умит"})
    assert {ngo, other_ngo} <= set(response.context["page"])
    response = client.get("/contracting/ngos/", {"region": Region.objects.get(code="almaty").pk})
    assert ngo not in list(response.context["page"])
    assert client.get("/api/contracting/ngos/", {"q": ngo.bin}).json()["count"] == 1


def test_c1_inactive_ngo_is_not_in_the_public_api(api_for, ngo):
    assert api_for().get(f"/api/contracting/ngos/{ngo.pk}/").status_code == 200
    ngo.is_active = False
    ngo.save(update_fields=["is_active"])
    assert api_for().get(f"/api/contracting/ngos/{ngo.pk}/").status_code == 404
