import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_public_and_counts_ngos(client, ngo, body):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["counts"] == {"ngos": 1, "bodies": 1}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2025-13-01&working_days=10", "start"),
        ("start=32.01.2025&working_days=10", "start"),
        ("start=14.03.2025&working_days=-1", "working_days"),
        ("start=14.03.2025&working_days=1001", "working_days"),
        ("start=14.03.2025&working_days=ten", "working_days"),
    ],
)
def test_x_cal_calculator_names_the_bad_field(client, query, field):
    response = client.get(f"/calculator/?{query}")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["deadline"] is None


def test_x_cal_calculator_accepts_both_date_forms(client):
    for start in ("14.03.2025", "2025-03-14"):
        response = client.get(f"/calculator/?start={start}&working_days=10")
        assert response.context["deadline"].date.isoformat() == "2025-04-02"


def test_dashboard_needs_sign_in(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_navigation_shows_each_role_only_what_exists_for_it(client_for, body_user, admin_user):
    body_nav = [i["url"] for i in client_for(body_user).get("/").context["nav_items"]]
    admin_nav = [i["url"] for i in client_for(admin_user).get("/").context["nav_items"]]
    assert "/admin/" not in body_nav
    assert "/admin/" in admin_nav


def test_organisation_page_shows_public_fields(client, ngo):
    response = client.get(reverse("portal:organisation", args=[ngo.pk]), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert ngo.bin in response.content.decode()
    assert client.get(reverse("portal:organisation", args=[999999])).status_code == 404


def test_x_audit_history_link_only_for_owners_and_authorized_body(
    client_for, ngo, ngo_user, other_ngo_user, authorized_user
):
    url = reverse("portal:organisation", args=[ngo.pk])
    assert 'data-testid="history-link"' in client_for(ngo_user).get(url).content.decode()
    assert 'data-testid="history-link"' in client_for(authorized_user).get(url).content.decode()
    assert 'data-testid="history-link"' not in client_for(other_ngo_user).get(url).content.decode()
