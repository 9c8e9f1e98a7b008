"""The history page for people (issue 13 item 6): translated event names, field labels,
choice labels, dd.mm.yyyy hh:mm in Asia/Almaty; the API keeps the raw codes and values and adds
the same display fields."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import translation

from tapsyrys.core import services
from tapsyrys.core.audit import log_action
from tapsyrys.core.history import event_label
from tapsyrys.core.models import Organisation

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
WHEN = dt.datetime(2025, 3, 14, 5, 7, 9, 123456, tzinfo=dt.UTC)  # 10:07 (or 11:07) in Almaty


def page(client, org):
    return client.get(f"/accounts/history/core/organisation/{org.pk}/")


@pytest.fixture
def history_ngo(ngo, ngo_user, authorized_user):
    Organisation.objects.filter(pk=ngo.pk).update(is_verified=False)
    ngo.refresh_from_db()
    services.organisation_update(organisation=ngo, actor=ngo_user, phones="+7 701 000 00 00")
    services.organisation_verify(organisation=ngo, actor=authorized_user)
    log_action(
        ngo,
        "core.organisation.checked",
        actor=authorized_user,
        changes={"legal_form": ["", "public_association"], "verified_at": [None, WHEN]},
    )
    return ngo


def test_event_labels_are_translated_with_a_readable_fallback():
    with translation.override("en"):
        assert event_label("core.organisation.verified") == "Verified by the authorized body"
        assert event_label("formation.comment.decided") == "The state body decided on the comment"
        # no label of its own: the object's verbose name and what happened
        assert event_label("formation.topic.seeded") == "Planned topic: loaded with the demo data"
        assert event_label("contracting.lot.frobnicated") == "Lot: frobnicated"
        assert event_label("weird_code") == "weird code"
        # a code naming no model reads with the model of the object whose history it is
        assert event_label("core.org.checked", Organisation) == "Organisation: checked"
    with translation.override("ru"):
        # the model's verbose name comes from the catalogue already (not the English code)
        assert not event_label("formation.topic.seeded").startswith("Topic")


def test_history_page_shows_labels_not_codes(client_for, history_ngo, authorized_user):
    with translation.override("en"):
        response = client_for(authorized_user).get(
            f"/accounts/history/core/organisation/{history_ngo.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        )
    html = response.content.decode()
    labels = re.findall(r'data-testid="event-label" title="([^"]+)">([^<]+)<', html)
    shown = dict(labels)
    assert shown["core.organisation.verified"] == "Verified by the authorized body"
    assert shown["core.organisation.updated"] == "The profile was changed"
    assert shown["core.organisation.checked"] == "Organisation: checked"
    assert ">core.organisation" not in html  # the code is only a tooltip
    # field labels (verbose_name), choice labels, local dates without microseconds
    assert "<strong>Phones</strong>: — → +7 701 000 00 00" in html
    assert "<strong>Legal form</strong>: — → public association" in html
    local = WHEN.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")
    assert f"<strong>Verified at</strong>: — → {local}" in html
    assert "<strong>Verified</strong>: No → Yes" in html
    assert "123456" not in html and "+00:00" not in html
    assert "public_association" not in html and "is_verified" not in html.replace(
        'data-field="is_verified"', ""
    )


def test_history_api_keeps_the_raw_data_and_adds_the_display(api_for, history_ngo, authorized_user):
    body = (
        api_for(authorized_user)
        .get(f"/api/history/core/organisation/{history_ngo.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )
    (checked,) = [e for e in body["events"] if e["action"] == "core.organisation.checked"]
    assert checked["changes"]["legal_form"] == ["", "public_association"]  # raw, as stored
    assert checked["changes"]["verified_at"][1].startswith("2025-03-14 05:07:09.123456")
    assert checked["action_label"] == "Organisation: checked"
    display = {c["field"]: c for c in checked["changes_display"]}
    assert display["legal_form"] == {
        "field": "legal_form",
        "label": "Legal form",
        "old": "—",
        "new": "public association",
    }
    assert display["verified_at"]["new"] == WHEN.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")
    newest = body["versions"][0]
    assert {c["field"] for c in newest["changes_display"]} == set(newest["changes"])
    verified = {c["field"]: c for c in newest["changes_display"]}["is_verified"]
    assert (verified["label"], verified["old"], verified["new"]) == ("Verified", "No", "Yes")
