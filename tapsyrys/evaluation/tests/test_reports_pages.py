"""The reports part's pages (E-5): the body's evaluation page (close, post), the report page
(public once posted), the Annex 8 downloads (the stored ledger entry) and the contract page's
panel showing the averages once posted; the topic form lists the evidence (E-9)."""

import re

import pytest
from django.utils import timezone

from tapsyrys.evaluation.models import EvaluationReport
from tapsyrys.formation.models import Evidence

from .factories_reports import close, evaluation_make, post

pytestmark = pytest.mark.django_db


def test_the_body_closes_and_posts_on_its_page(body_user, ngo, client_for, client):
    evaluation = evaluation_make(body_user, ngo)
    page = client_for(body_user).get(f"/evaluation/evaluations/{evaluation.pk}/")
    assert page.status_code == 200 and b'data-testid="complete-evaluation"' in page.content
    r = client_for(body_user).post(f"/evaluation/evaluations/{evaluation.pk}/complete/")
    assert r.status_code == 302
    report = EvaluationReport.objects.get()
    page = client_for(body_user).get(f"/evaluation/evaluations/{evaluation.pk}/")
    html = page.content.decode()
    assert 'data-testid="average-continuation">3.67<' in html
    assert 'data-testid="post-report"' in html and 'data-testid="posting-due"' in html
    contract_page = client.get(f"/contracting/contracts/{evaluation.contract_id}/").content.decode()
    assert "average-total" not in contract_page  # not posted: not public yet
    r = client_for(body_user).post(
        f"/evaluation/reports/{report.pk}/posting/",
        {"posted_on": str(timezone.localdate()), "portal_reference": "GZ-PAGE"},
    )
    assert r.status_code == 302
    assert EvaluationReport.objects.get().portal_reference == "GZ-PAGE"
    contract_page = client.get(f"/contracting/contracts/{evaluation.contract_id}/").content.decode()
    assert re.search(r'data-testid="average-total">16[.,]33<', contract_page)  # kk: 16,33
    public = client.get(f"/evaluation/reports/{report.pk}/")
    assert public.status_code == 200 and b"GZ-PAGE" in public.content


def test_a_refusal_on_the_page_is_a_message_not_a_500(body_user, ngo, client_for):
    evaluation = evaluation_make(body_user, ngo, scores=[])
    r = client_for(body_user).post(
        f"/evaluation/evaluations/{evaluation.pk}/complete/", follow=True
    )
    assert r.status_code == 200 and b"Annex 7" in r.content
    assert not EvaluationReport.objects.exists()
    report = close(body_user, evaluation_make(body_user, ngo))
    r = client_for(body_user).post(
        f"/evaluation/reports/{report.pk}/posting/", {"posted_on": "x"}, follow=True
    )
    assert r.status_code == 200 and not EvaluationReport.objects.get(pk=report.pk).is_posted


def test_the_other_organisation_is_refused(
    body_user, ngo, other_body_user, ngo_user, client_for, client
):
    evaluation = evaluation_make(body_user, ngo)
    for user in (other_body_user, ngo_user):
        assert client_for(user).get(f"/evaluation/evaluations/{evaluation.pk}/").status_code == 403
        assert (
            client_for(user).post(f"/evaluation/evaluations/{evaluation.pk}/complete/").status_code
            == 403
        )
    assert not EvaluationReport.objects.exists()
    report = close(body_user, evaluation)
    assert client_for(other_body_user).get(f"/evaluation/reports/{report.pk}/").status_code == 403
    assert client.get(f"/evaluation/reports/{report.pk}/annex8/").status_code in (302, 403)
    assert client.get("/evaluation/evaluations/999999/").status_code in (302, 404)


@pytest.mark.parametrize(("lang", "fmt", "start"), [("kk", "xlsx", b"PK"), ("ru", "pdf", b"%PDF")])
def test_the_downloads_are_the_stored_entries(body_user, ngo, client, lang, fmt, start):
    report = post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    r = client.get(f"/evaluation/reports/{report.pk}/annex8/?lang={lang}&format={fmt}")
    assert r.status_code == 200 and r.content.startswith(start)
    assert r["X-Content-SHA256"]
    bad = client.get(f"/evaluation/reports/{report.pk}/annex8/?lang=en")
    assert bad.status_code == 400


def test_the_public_list(body_user, ngo, client):
    close(body_user, evaluation_make(body_user, ngo))
    posted = post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    html = client.get("/evaluation/reports/").content.decode()
    assert f"/evaluation/reports/{posted.pk}/" in html
    assert html.count("/evaluation/reports/") >= 1


def test_the_evidence_is_in_the_register_and_the_topic_form(body_user, ngo, client_for):
    report = post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    evidence = Evidence.objects.get()
    page = client_for(body_user).get("/formation/evidence/").content.decode()
    assert 'data-testid="evidence-project"' in page and evidence.title in page
    from tapsyrys.formation.forms import TopicForm
    from tapsyrys.formation.tests.factories import cycle_make

    cycle = cycle_make(body_user, topics=0)
    labels = [str(label) for _value, label in TopicForm(cycle=cycle).fields["sources"].choices]
    area = report.evaluation.contract.lot.area
    assert any(evidence.title in label and area.name in label for label in labels)
