"""X-I18N (issue 13): a lot's name and description, a contract's activities and indicators in
Kazakh and Russian — required (the error names the field), shown in the page's language, and
printed in the form's language on Annex 5."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tapsyrys.contracting.models import Lot
from tapsyrys.core.errors import ApplicationError
from tapsyrys.monitoring.services.annexes import annex5_documents, annex5_publish
from tapsyrys.publishing.annexes import render

from .factories import contract_make, lot_make

pytestmark = pytest.mark.django_db

ACTIVITY = (
    "Ауыл жастарына арналған спорт жарыстары",
    "Спортивные соревнования для сельской молодёжи",
)
INDICATOR = ("Жарыстарға қатысушылар саны", "Число участников соревнований")


@pytest.mark.parametrize("missing", ["name_kk", "description_kk", "description_ru"])
def test_a_lot_without_one_of_its_texts_is_refused_naming_the_field(body_user, missing):
    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        lot_make(body_user, **{missing: ""})
    assert exc.value.field == missing
    assert "(Kazakh)" in str(exc.value.message) or "(Russian)" in str(exc.value.message)
    assert not Lot.objects.exists()


def test_the_lot_form_needs_the_kazakh_name_and_both_descriptions(body_user, client_for):
    lot = lot_make(body_user)
    r = client_for(body_user).post(
        reverse("contracting:lot_new", args=[lot.competition_id]),
        {"number": "L-2", "name_ru": "Лот", "amount": "1000"},
    )
    assert r.status_code == 200
    assert {"name_kk", "description_kk", "description_ru"} <= set(r.context["form"].errors)


@pytest.fixture
def contract(body_user, ngo):
    return contract_make(
        body_user, ngo, activities=[ACTIVITY], indicators=[(INDICATOR, "ед.", Decimal("40"))]
    )


def test_a_contracts_activities_and_indicators_keep_both_languages(contract, body_user, ngo):
    activity, indicator = contract.activities.get(), contract.indicators.get()
    assert (activity.text_kk, activity.text_ru) == ACTIVITY
    assert (indicator.name_kk, indicator.name_ru) == INDICATOR
    # one text (older callers, the API's `activities` alone) stands for both languages
    other = contract_make(body_user, ngo, activities=["Семинары"])
    assert other.activities.get().text_kk == other.activities.get().text_ru == "Семинары"
    with pytest.raises(ApplicationError) as exc:
        contract_make(body_user, ngo, activities=[("", "Семинары")])
    assert exc.value.field == "activities_kk"


def test_the_contract_form_needs_a_kazakh_line_for_each_russian_one(body_user, ngo, client_for):
    lot = lot_make(body_user)
    data = {
        "supplier_bin": ngo.bin, "number": "D-1", "signed_on": "01.02.2025", "year": "2025",
        "amount": "990000", "starts_on": "2025-02-01", "ends_on": "2025-12-01",
        "indicators": "Семинары; ед.; 12", "indicators_kk": "Семинарлар",
        "target_groups": "Молодёжь; 300", "activities": "Семинар\nКруглый стол",
        "activities_kk": "Семинар",
    }  # fmt: skip
    r = client_for(body_user).post(
        reverse("contracting:contract_new", args=[lot.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 200
    assert list(r.context["form"].errors) == ["activities_kk"]
    data["activities_kk"] = "Семинар\nДөңгелек үстел"
    r = client_for(body_user).post(reverse("contracting:contract_new", args=[lot.pk]), data)
    assert r.status_code == 302
    texts = list(lot.contracts.get().activities.values_list("text_kk", "text_ru"))
    assert texts == [("Семинар", "Семинар"), ("Дөңгелек үстел", "Круглый стол")]


@pytest.mark.parametrize(("lang", "index"), [("kk", 0), ("ru", 1)])
def test_the_contract_page_shows_the_texts_of_its_language(contract, body_user, client_for,
                                                           lang, index):  # fmt: skip
    client = client_for(body_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get(reverse("contracting:contract", args=[contract.pk])).content.decode()
    assert ACTIVITY[index] in html and ACTIVITY[1 - index] not in html
    assert INDICATOR[index] in html and INDICATOR[1 - index] not in html
    lot = contract.lot
    assert (lot.name_kk, lot.name_ru)[index] in html


def test_annex5_prints_the_activities_in_the_forms_language(contract):
    documents = annex5_documents(contract, draft=True)
    for lang, index in (("kk", 0), ("ru", 1)):
        content, _ = render(documents[lang], "xlsx")
        ws = load_workbook(io.BytesIO(content)).active
        text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
        assert ACTIVITY[index] in text and ACTIVITY[1 - index] not in text


def test_annex5_is_not_published_while_an_activity_lacks_its_kazakh_text(contract, body_user):
    contract.activities.update(text_kk="")
    with pytest.raises(ApplicationError) as exc:
        annex5_publish(actor=body_user, contract=contract)
    assert exc.value.field == "text_kk"
