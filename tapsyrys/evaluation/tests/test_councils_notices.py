"""Annex 6 notices of council members (§16): a member files a draft, edits it, signs it (then
it never changes); question 1 is kept (`member_answer`); the council's body sees its members'
signed notices, another body and a draft never; xlsx and PDF in kk and ru."""

import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.models import MemberNotice
from tapsyrys.evaluation.selectors import councils as selectors
from tapsyrys.evaluation.services import councils as services
from tapsyrys.publishing.annex6 import TEXTS, annex6_document

from .factories_councils import NO_CONFLICT, council_approved, member_of, notice_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory(username="saule", full_name="Сауле Нурланова")


@pytest.fixture
def member(body_user, person):
    return member_of(council_approved(body_user, [person]), person)


def founder_of(ngo):
    return {**NO_CONFLICT, "member": {"answer": True, "ngos": [ngo], "details": "Учредитель"}}


def test_file_edit_sign(member, person, ngo):
    draft = services.notice_file(actor=person, member=member, answers=NO_CONFLICT)
    again = services.notice_file(actor=person, member=member, answers=founder_of(ngo))
    assert again.pk == draft.pk  # the draft is edited, never doubled
    again.refresh_from_db()
    assert again.member_answer is True and again.member_id == member.pk
    assert list(again.named_ngos.all()) == [ngo]
    signed = services.notice_sign(actor=person, notice=again)
    with pytest.raises(NotPermitted):
        services.notice_file(actor=person, member=member, answers=NO_CONFLICT, notice=signed)
    with pytest.raises(NotPermitted):
        services.notice_sign(actor=person, notice=signed)
    assert selectors.latest_signed_notice(member.pk) == signed


def test_a_yes_without_an_ngo_is_refused(member, person):
    bad = {**NO_CONFLICT, "family": {"answer": True}}
    with pytest.raises(ApplicationError) as exc:
        services.notice_file(actor=person, member=member, answers=bad)
    assert exc.value.field == "family_ngos"
    assert not MemberNotice.objects.exists()


def test_other_conflict_is_a_declared_conflict(member, person):
    answers = {**NO_CONFLICT, "other": {"answer": True, "details": "Родство"}}
    notice = services.notice_file(actor=person, member=member, answers=answers)
    assert notice.declares_conflict is True


def test_only_the_member_files(member, ngo_user, body_user):
    for actor in (ngo_user, body_user):
        with pytest.raises(NotPermitted):
            services.notice_file(actor=actor, member=member, answers=NO_CONFLICT)


def test_who_sees_the_notices(member, person, body_user, other_body_user, authorized_user, ngo):
    signed = notice_signed(member, answers=founder_of(ngo))
    draft = services.notice_file(actor=person, member=member, answers=NO_CONFLICT)
    assert set(selectors.notices_for(person)) == {signed, draft}
    assert list(selectors.notices_for(body_user)) == [signed]
    assert list(selectors.notices_for(authorized_user)) == [signed]
    assert list(selectors.notices_for(other_body_user)) == []


def test_body_page_of_its_members_notices(client_for, member, body_user, other_body_user, ngo):
    signed = notice_signed(member, answers=founder_of(ngo))
    url = reverse("evaluation:council_notices", args=[member.council_id])
    response = client_for(body_user).get(url)
    assert response.status_code == 200
    assert reverse("evaluation:member_notice", args=[signed.pk]).encode() in response.content
    assert ngo.bin.encode() in response.content
    assert client_for(other_body_user).get(url).status_code == 403


def test_edit_page_keeps_question_1(client_for, member, person, ngo):
    draft = services.notice_file(actor=person, member=member, answers=founder_of(ngo))
    response = client_for(person).get(reverse("evaluation:member_notice", args=[draft.pk]))
    assert response.context["form"].initial["member"] == "yes"
    assert response.context["form"].initial["governing"] == "no"


def test_file_through_the_page(client_for, member, person):
    c = client_for(person)
    data = {"declares_conflict": "no", "member": "no", "governing": "no", "payments": "no",
            "family": "yes", "family_details": "Брат работает в НПО", "other": "no"}  # fmt: skip
    response = c.post(reverse("evaluation:member_notice_new", args=[member.pk]), data)
    notice = MemberNotice.objects.get()
    assert response.status_code == 302 and notice.family is True
    bad = {**data, "family_ngos": "123"}
    response = c.post(reverse("evaluation:member_notice", args=[notice.pk]), bad)
    assert response.status_code == 200 and "family_ngos" in response.context["form"].errors
    response = c.post(reverse("evaluation:member_notice_sign", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.is_signed


def _cells(content):
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_annex6_xlsx_kk_and_ru(client_for, member, body_user, ngo):
    signed = notice_signed(member, answers=founder_of(ngo))
    url = reverse("evaluation:member_notice_xlsx", args=[signed.pk])
    kk = _cells(client_for(body_user).get(url + "?lang=kk").content)
    assert "6-қосымша" in kk and "Сіз үкіметтік емес ұйымның мүшесі (қатысушысы)" in kk
    assert "Иә" in kk and ngo.bin in kk and "Сауле Нурланова" in kk
    assert "Являетесь ли Вы" not in kk
    ru = _cells(client_for(body_user).get(url + "?lang=ru").content)
    assert "Приложение 6" in ru and "в качестве члена экспертного совета" in ru
    assert "Являетесь ли Вы членом (участником), учредителем" in ru and "Да" in ru
    assert "2027–2029" in ru


def test_annex6_pdf_and_draft_mark(client_for, member, person):
    draft = services.notice_file(actor=person, member=member, answers=NO_CONFLICT)
    response = client_for(person).get(
        reverse("evaluation:member_notice_pdf", args=[draft.pk]) + "?lang=ru"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "_draft_ru.pdf" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "ПРОЕКТ" in text


def test_annex6_builder_rejects_other_languages():
    with pytest.raises(ApplicationError) as exc:
        annex6_document(lang="en", notice={})
    assert exc.value.field == "lang"
    assert TEXTS["kk"]["questions"]["member"].startswith("Сіз үкіметтік емес")
