"""X-ACL: the permission rules of core, the history page and file downloads."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from tapsyrys.core import services
from tapsyrys.core.errors import NotPermitted
from tapsyrys.core.files import store_upload
from tapsyrys.core.models import Role
from tapsyrys.core.permissions import Decision, check, require

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ANON = "anonymous"


def who(request, name):
    return AnonymousUser() if name == ANON else request.getfixturevalue(name)


# --- Rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "owner", "allowed"),
    [
        ("ngo_user", "ngo", True),  # the owner organisation
        ("authorized_user", "ngo", True),  # the authorized body sees every history
        ("admin_user", "ngo", True),
        ("other_ngo_user", "ngo", False),  # another organisation
        ("body_user", "ngo", False),
        ("expert", "ngo", False),  # a person without an organisation
        (ANON, "ngo", False),
        ("body_user", "body", True),
        ("other_body_user", "body", False),
    ],
)
def test_x_acl_history_view(request, user, owner, allowed):
    decision = check(who(request, user), "core.history.view", request.getfixturevalue(owner))
    assert isinstance(decision, Decision)
    assert decision.allowed is allowed
    assert bool(decision.reason) is not allowed


def test_x_acl_history_of_an_object_without_owners_is_for_the_authorized_body_only(
    ngo_user, authorized_user
):
    assert not check(ngo_user, "core.history.view", ngo_user)  # a User has no owner_org_ids
    assert check(authorized_user, "core.history.view", ngo_user)


def test_x_acl_authorized_role_in_another_organisation_is_not_the_authorized_body(ngo):
    impostor = UserFactory(organisation=ngo, roles=[Role.AUTHORIZED_BODY])
    other = OrganisationFactory()
    assert not check(impostor, "core.history.view", other)
    assert not check(impostor, "core.organisation.verify", other)


@pytest.mark.parametrize(
    ("user", "allowed", "reason"),
    [
        ("ngo_user", True, ""),  # the NGO's administrator
        ("plain_member", False, "Only your organisation's administrator can change its profile."),
        ("other_ngo_user", False, "This belongs to another organisation."),
        ("authorized_user", False, "This belongs to another organisation."),
        ("admin_user", True, ""),
        (ANON, False, "This belongs to another organisation."),
    ],
)
def test_x_acl_organisation_edit(request, ngo, user, allowed, reason):
    if user == "plain_member":
        actor = UserFactory(organisation=ngo, roles=[Role.NGO], is_org_admin=False)
    else:
        actor = who(request, user)
    with translation.override("en"):
        decision = check(actor, "core.organisation.edit", ngo)
    assert decision == (allowed, reason)


@pytest.mark.parametrize(
    ("user", "target", "allowed"),
    [
        ("authorized_user", "ngo", True),
        ("admin_user", "ngo", True),
        ("authorized_user", "body", False),  # NGOs only
        ("authorized_user", "authorized_body", False),
        ("body_user", "ngo", False),
        ("ngo_user", "ngo", False),  # not even its own
        (ANON, "ngo", False),
    ],
)
def test_x_acl_organisation_verify(request, user, target, allowed):
    decision = check(
        who(request, user), "core.organisation.verify", request.getfixturevalue(target)
    )
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reason


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("admin_user", True),
        ("authorized_user", False),
        ("body_user", False),
        ("ngo_user", False),
        ("expert", False),
        (ANON, False),
    ],
)
def test_x_acl_reference_edit_admin_only(request, user, allowed):
    assert check(who(request, user), "core.reference.edit").allowed is allowed


def test_x_acl_superuser_without_role_is_admin(db):
    root = UserFactory(is_superuser=True)
    assert check(root, "core.reference.edit")


@pytest.fixture
def stored(media, pdf_upload, ngo, body, ngo_user):
    """A file of the NGO that the state body (e.g. the contracting body) may also read."""
    return store_upload(pdf_upload(), actor=ngo_user, owner_org=ngo, viewer_org=body)


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("ngo_user", True),  # owner
        ("body_user", True),  # viewer
        ("authorized_user", True),
        ("admin_user", True),
        ("other_ngo_user", False),
        ("other_body_user", False),
        ("expert", False),
        (ANON, False),
    ],
)
def test_x_acl_file_view(request, stored, user, allowed):
    assert check(who(request, user), "core.file.view", stored).allowed is allowed


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("ngo_user", True), ("authorized_user", False), ("body_user", False), ("admin_user", True)],
)
def test_x_acl_ngo_private_file_stays_the_ngos(
    request, media, pdf_upload, ngo, ngo_user, user, allowed
):
    """An NGO's file shared with nobody (e.g. on a draft report) is not the authorized body's
    to read: it reads what state bodies hold or were given."""
    private = store_upload(pdf_upload(), actor=ngo_user, owner_org=ngo)
    assert check(who(request, user), "core.file.view", private).allowed is allowed


def test_x_acl_authorized_body_reads_a_state_bodys_file(
    media, pdf_upload, body, body_user, authorized_user
):
    held = store_upload(pdf_upload(), actor=body_user, owner_org=body)
    assert check(authorized_user, "core.file.view", held)


@pytest.mark.parametrize("user", ["other_ngo_user", "expert", ANON])
def test_x_acl_public_file_view_for_everyone(request, stored, user):
    stored.is_public = True
    assert check(who(request, user), "core.file.view", stored)


def test_x_acl_unknown_rule_raises_lookup_error(ngo_user):
    with pytest.raises(LookupError):
        check(ngo_user, "core.no.such.rule")
    with pytest.raises(LookupError):
        require(ngo_user, "core.organisation.edti")


def test_x_acl_require_raises_not_permitted_with_the_reason(other_ngo_user, ngo):
    with translation.override("en"), pytest.raises(NotPermitted) as info:
        require(other_ngo_user, "core.organisation.edit", ngo)
    assert str(info.value.message) == "This belongs to another organisation."
    assert info.value.status_code == 403


def test_x_acl_services_use_the_rules(other_ngo_user, ngo):
    with pytest.raises(NotPermitted):
        services.organisation_update(organisation=ngo, actor=other_ngo_user, phones="+7 700")
    ngo.refresh_from_db()
    assert ngo.phones == ""


# --- The history page --------------------------------------------------------------------------


def history_url(org):
    return f"/accounts/history/core/organisation/{org.pk}/"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("ngo_user", 200),
        ("authorized_user", 200),
        ("admin_user", 200),
        ("other_ngo_user", 403),
        ("body_user", 403),
        ("expert", 403),
    ],
)
def test_x_acl_history_page(request, client_for, ngo, user, status):
    services.organisation_update(
        organisation=ngo, actor=request.getfixturevalue("ngo_user"), phones="+7 701 000 00 00"
    )
    response = client_for(request.getfixturevalue(user)).get(history_url(ngo))
    assert response.status_code == status
    if status == 200:
        assert "+7 701 000 00 00" in response.content.decode()


def test_x_acl_history_page_redirects_anonymous_to_sign_in(client, ngo):
    response = client.get(history_url(ngo))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/history/core/organisation/999999/",
        "/accounts/history/core/organisation/not-a-number/",
        "/accounts/history/core/nosuchmodel/1/",
        "/accounts/history/nosuchapp/organisation/1/",
        "/accounts/history/core/storedfile/not-a-uuid/",
    ],
)
def test_x_acl_history_page_unknown_object_is_404(client_for, authorized_user, path):
    assert client_for(authorized_user).get(path).status_code == 404


# --- File download -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("ngo_user", 200),
        ("body_user", 200),
        ("authorized_user", 200),
        ("other_ngo_user", 403),
        ("other_body_user", 403),
        ("expert", 403),
    ],
)
def test_x_acl_file_download(request, client_for, stored, user, status):
    response = client_for(request.getfixturevalue(user)).get(f"/accounts/files/{stored.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]


def test_x_acl_file_download_redirects_anonymous_to_sign_in(client, stored):
    response = client.get(f"/accounts/files/{stored.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/files/")


@pytest.mark.parametrize("user", ["other_ngo_user", "expert", ANON])
def test_x_acl_public_file_download_for_everyone(request, client, client_for, stored, user):
    stored.is_public = True
    stored.save()
    http = client if user == ANON else client_for(request.getfixturevalue(user))
    response = http.get(f"/accounts/files/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_x_acl_unknown_file_is_404(client_for, authorized_user):
    response = client_for(authorized_user).get(f"/accounts/files/{uuid.uuid4()}/")
    assert response.status_code == 404
