"""The errors the formation API promises (core/errors.py): the status code, the `field` at fault
and a stable part of the message, for each refusal that comes from the rules (issue 11)."""

import pytest
import time_machine

from .factories import OPENED

pytestmark = pytest.mark.django_db


def _topic(evidence, area, financing):
    return {
        "theme_kk": "Тақырып", "theme_ru": "Тема", "area": area.pk, "financing": financing,
        "sources": [evidence.pk], "justification": "J", "target_group": "T",
        "expected_result": "R",
    }  # fmt: skip


def _post_topic(api, cycle, evidence, area, financing):
    with time_machine.travel(OPENED, tick=False):
        return api.post(
            f"/api/formation/cycles/{cycle.pk}/topics/",
            _topic(evidence, area, financing),
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )


@pytest.mark.parametrize(
    ("financing", "detail"),
    [
        ("0", "The planned financing must be greater than zero."),
        ("-0,001", "The planned financing must be greater than zero."),
        ("0,0001", "Thousand tenge have at most three decimal places (one tenge)."),
        ("1000000000000", "The amount is too large."),
        ("много", "Enter the amount as a number of thousand tenge, e.g. 12500.5."),
    ],
)
def test_x_money_topic_api_refuses_financing_naming_the_field(
    make_cycle, body_user, api_for, evidence, area, financing, detail
):
    r = _post_topic(api_for(body_user), make_cycle(topics=0), evidence, area, financing)
    assert r.status_code == 400
    body = r.json()
    assert (body["field"], body["detail"]) == ("financing", detail)
    assert body["errors"] == {"financing": [detail]}


@pytest.mark.parametrize("financing", ["0,001", "999999999999,999"])
def test_x_money_topic_api_accepts_the_smallest_and_largest_amounts(
    make_cycle, body_user, api_for, evidence, area, financing
):
    r = _post_topic(api_for(body_user), make_cycle(topics=0), evidence, area, financing)
    assert r.status_code == 201, r.json()
    assert r.json()["financing"] == financing.replace(",", ".")


@pytest.mark.parametrize(
    ("financing", "status"),
    [("1000", 201), ("1000,000", 201), ("999,999", 201), ("1000,001", 400)],
)
def test_s5_topic_api_budget_limit_at_its_edge(
    make_cycle, body_user, api_for, evidence, area, financing, status
):
    from decimal import Decimal

    cycle = make_cycle(topics=0, limit=Decimal("1000"))
    r = _post_topic(api_for(body_user), cycle, evidence, area, financing)
    assert r.status_code == status, r.json()
    if status == 400:
        body = r.json()
        assert body["field"] == "financing"
        assert body["detail"] == (
            "The planned topics would total 1\u202f000,001 thousand tenge, above the budget "
            "limit of 1\u202f000,0 thousand tenge (§5)."
        )


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("report", "publish the report on the discussion"),
        ("submit", "submit the Information (Annex 3)"),
        ("fix", "fix the list of topics"),
        ("annex3-publish", "publish Annex 3"),
    ],
)
def test_f1_cycle_action_api_at_the_wrong_stage_names_action_and_stage(
    make_cycle, body_user, api_for, action, label
):
    cycle = make_cycle(topics=1)
    r = api_for(body_user).post(
        f"/api/formation/cycles/{cycle.pk}/{action}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "TransitionNotAllowed"
    assert body["stage"] == "planning"
    assert body["action"] == action.replace("-", "_").replace("annex3_publish", "publish_annex3")
    assert body["detail"] == (
        f"You cannot {label} at the stage “Information collection and topic planning”."
    )
