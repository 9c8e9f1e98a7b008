"""Demo data that looks real: bodies, akimats, NGOs with valid BINs, one account per role."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command

from tapsyrys.core import demo
from tapsyrys.core.bin import is_valid_bin
from tapsyrys.core.management.commands.seed_demo import DemoContext
from tapsyrys.core.models import Organisation, Region, RoleAssignment, User

pytestmark = pytest.mark.django_db

Kind, Level = Organisation.Kind, Organisation.Level


@pytest.fixture
def seeded():
    ctx = DemoContext("demo", io.StringIO(), dt.date(2026, 3, 2))
    demo.seed(ctx)
    return ctx


def test_x_org_demo_seed_bodies(seeded):
    ministry = Organisation.objects.get(kind=Kind.AUTHORIZED_BODY)
    assert ministry.bin.startswith(demo.MINISTRY_BIN_PREFIX)
    assert "Министерство информации и общественного развития" in ministry.name_ru
    assert seeded.objects["authorized_body"] == ministry
    assert Organisation.objects.filter(kind=Kind.GRANT_OPERATOR).count() == 1
    bodies = Organisation.objects.filter(kind=Kind.STATE_BODY)
    assert bodies.filter(level=Level.CENTRAL).count() == 24
    assert bodies.filter(level__in=[Level.REGIONAL, Level.CITY]).count() == 20
    assert bodies.filter(level=Level.CITY).count() == 3
    # one akimat per region or city of republican significance
    assert set(
        bodies.filter(level__in=[Level.REGIONAL, Level.CITY]).values_list("region", flat=True)
    ) == set(Region.objects.values_list("pk", flat=True))
    districts = bodies.filter(level=Level.DISTRICT)
    assert districts.count() >= 3
    for district in districts:
        assert district.parent.level == Level.REGIONAL
        assert district.parent.region_id == district.region_id


def test_x_org_demo_seed_ngos_look_real(seeded):
    ngos = list(Organisation.objects.filter(kind=Kind.NGO).prefetch_related("areas"))
    assert len(ngos) >= 100
    assert len({n.region_id for n in ngos}) >= 10
    assert all(n.areas.all() for n in ngos)
    assert len({a.pk for n in ngos for a in n.areas.all()}) >= 10
    assert {n.legal_form for n in ngos} >= {
        Organisation.LegalForm.PUBLIC_ASSOCIATION,
        Organisation.LegalForm.FOUNDATION,
    }
    assert len({n.name_ru for n in ngos}) == len(ngos)


def test_x_org_demo_seed_every_organisation_valid(seeded):
    orgs = list(Organisation.objects.all())
    bins = [o.bin for o in orgs]
    assert all(is_valid_bin(b) for b in bins)
    assert len(set(bins)) == len(bins)
    for org in orgs:
        assert org.name_kk.strip() and org.name_ru.strip(), org.pk
        org.full_clean()  # the bulk-created rows pass the model's own validation


def test_x_org_demo_seed_one_account_per_role(seeded):
    roles = Counter(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == Counter(role for _u, role, *_ in demo.ACCOUNTS)
    for username, role, org_key, _full_name, _position in demo.ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.has_role(role)
        assert check_password(demo.DEMO_PASSWORD, user.password)
        assert (user.organisation is None) is (org_key is None)
    assert User.objects.get(username="ministry").organisation.kind == Kind.AUTHORIZED_BODY
    assert User.objects.get(username="akimat").organisation.level == Level.CITY
    assert User.objects.get(username="culture").organisation.level == Level.CENTRAL
    ngo = User.objects.get(username="ngo")
    assert ngo.organisation.kind == Kind.NGO and ngo.is_org_admin
    assert User.objects.get(username="admin").is_superuser
    assert len(seeded.accounts) == len(demo.ACCOUNTS)


def test_x_org_demo_seed_demo_accounts_can_sign_in(seeded, client):
    response = client.post("/accounts/login/", {"username": "ngo", "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302


def test_x_org_seed_demo_command_twice_changes_nothing():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "ministry" in out.getvalue()
    counts = {model: model.objects.count() for model in (Organisation, User, RoleAssignment)}
    assert counts[Organisation] > 150
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "already" in out.getvalue()
    assert {model: model.objects.count() for model in counts} == counts
