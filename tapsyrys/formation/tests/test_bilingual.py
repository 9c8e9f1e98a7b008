"""X-I18N (issue 13): a topic's texts and a source's title in Kazakh and Russian — publishing
refuses a missing language naming the field; the Kazakh Annex 1 / Annex 3 and the kk pages
carry the Kazakh text, the Russian ones the Russian text."""

import io

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tapsyrys.core import bilingual
from tapsyrys.core.errors import ApplicationError
from tapsyrys.formation import services, views
from tapsyrys.formation.models import Cycle, Evidence, Stage, Topic

from .factories import PLACED, at, cycle_make, evidence_make, topic_fields

pytestmark = pytest.mark.django_db

KK = {
    "justification_kk": "Ауыл жастарының бос уақытын ұйымдастыру қажеттілігі",
    "target_group_kk": "Ауылдық жастар",
    "expected_result_kk": "Кемінде 200 жасөспірім спорт секцияларына тартылады",
    "summary_kk": "Ауылдарда спорт секцияларын ашу",
}
RU = {
    "justification_ru": "Потребность в организации досуга сельской молодёжи",
    "target_group_ru": "Сельская молодёжь",
    "expected_result_ru": "Не менее 200 подростков вовлечены в спортивные секции",
    "summary_ru": "Открытие спортивных секций в сёлах",
}


def _xlsx_text(content):
    ws = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.fixture
def cycle(body_user, area):
    cycle = cycle_make(body_user, topics=0, area=area)
    source = evidence_make(
        body_user, title_kk="Қажеттіліктерді бағалау 2024", title_ru="Оценка потребностей 2024"
    )
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        services.topic_create(
            cycle=cycle, actor=body_user, area=area, sources=[source],
            **topic_fields(1, **KK, **RU),
        )  # fmt: skip
    return cycle


def test_the_helper_picks_the_language_and_names_the_missing_field():
    row = {"name_kk": "Атауы", "name_ru": "Название"}
    assert bilingual.pick(row, "name", "kk") == "Атауы"
    assert bilingual.pick(row, "name", "ru") == "Название"
    assert bilingual.pick({"name_ru": "Название"}, "name", "kk") == "Название"  # fallback
    assert bilingual.pick({"name": "старое"}, "name", "kk") == "старое"  # rows stored earlier
    with translation.override("kk"):
        assert bilingual.pick(row, "name") == "Атауы"
    with translation.override("en"):
        assert bilingual.pick(row, "name") == "Название"
    assert bilingual.missing({"a_kk": "", "a_ru": "x", "b_kk": "", "b_ru": ""}, ["a", "b"],
                             optional=["b"]) == ["a_kk"]  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        bilingual.require_both({"a_kk": "x", "a_ru": " "}, ["a"], what="row")
    assert exc.value.field == "a_ru" and exc.value.extra == {"missing": ["a_ru"]}


def test_publishing_a_topic_without_its_kazakh_justification_is_refused_naming_the_field(
    cycle, body_user
):
    Topic.objects.filter(cycle=cycle).update(justification_kk="")
    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    assert exc.value.field == "justification_kk"
    assert "justification (Kazakh)" in str(exc.value.message)
    assert "topic No. 1" in str(exc.value.message)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PLANNING and cycle.published_at is None  # nothing happened


@pytest.mark.parametrize(
    ("field", "value"),
    [("target_group_ru", ""), ("expected_result_kk", ""), ("summary_kk", "")],
)
def test_every_missing_text_of_a_topic_is_refused(cycle, body_user, field, value):
    Topic.objects.filter(cycle=cycle).update(**{field: value})
    with pytest.raises(ApplicationError) as exc:
        services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    assert exc.value.field == field


def test_a_summary_may_be_left_out_in_both_languages(cycle, body_user):
    Topic.objects.filter(cycle=cycle).update(summary_kk="", summary_ru="")
    services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    assert Cycle.objects.get(pk=cycle.pk).stage == Stage.DISCUSSION


def test_a_cited_source_without_its_kazakh_title_is_refused(cycle, body_user):
    Evidence.objects.filter(body=body_user.organisation).update(title_kk="")
    with pytest.raises(ApplicationError) as exc:
        services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    assert exc.value.field == "title_kk"


def test_the_page_form_refuses_a_topic_without_either_language(cycle, body_user, client_for):
    data = {"theme_kk": "Т", "theme_ru": "Т", "area": cycle.topics.get().area_id,
            "financing": "10", "sources": [e.pk for e in Evidence.objects.all()],
            "target_group_ru": "T", "expected_result_kk": "Н"}  # fmt: skip
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        r = client_for(body_user).post(
            reverse("formation:topic_new", args=[cycle.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert r.status_code == 200 and cycle.topics.count() == 1
    assert r.context["form"].errors == {"justification_ru": ["This field is required."]}


def test_the_older_single_text_of_the_api_stands_for_both_languages(cycle, body_user, area):
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        topic = services.topic_create(
            cycle=cycle, actor=body_user, area=area, sources=list(Evidence.objects.all()),
            theme_kk="Т", theme_ru="Т", financing="10", justification="Общий текст",
            target_group="Все", expected_result="Итог",
        )  # fmt: skip
    assert topic.justification_kk == topic.justification_ru == "Общий текст"
    assert topic.target_group_kk == "Все" and topic.expected_result_ru == "Итог"


def test_the_kazakh_annex1_carries_the_kazakh_texts_and_the_russian_one_the_russian(
    cycle, body_user, client_for
):
    services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    texts = {}
    for lang in ("kk", "ru"):
        r = client_for(body_user).get(
            reverse("formation:annex", args=[cycle.pk, 1, "xlsx"]) + f"?lang={lang}"
        )
        assert r.status_code == 200
        texts[lang] = _xlsx_text(r.content)
    for value in (*KK.values(), "Қажеттіліктерді бағалау 2024"):
        if value != KK["summary_kk"]:  # the summary is in Annex 3
            assert value in texts["kk"]
            assert value not in texts["ru"]
    for value in (RU["justification_ru"], RU["target_group_ru"], RU["expected_result_ru"]):
        assert value in texts["ru"] and value not in texts["kk"]
    assert "Оценка потребностей 2024" in texts["ru"]


def test_the_kazakh_annex3_carries_the_kazakh_summary(cycle):
    kk, _ = views.annex_file(cycle, 3, "xlsx", "kk")
    ru, _ = views.annex_file(cycle, 3, "xlsx", "ru")
    assert KK["summary_kk"] in _xlsx_text(kk) and RU["summary_ru"] not in _xlsx_text(kk)
    assert RU["summary_ru"] in _xlsx_text(ru) and KK["summary_kk"] not in _xlsx_text(ru)


def test_annex3_without_a_summary_gives_the_expected_result_in_the_forms_language(cycle):
    Topic.objects.filter(cycle=cycle).update(summary_kk="", summary_ru="")
    kk, _ = views.annex_file(cycle, 3, "xlsx", "kk")
    assert KK["expected_result_kk"] in _xlsx_text(kk)


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("kk", KK, RU), ("ru", RU, KK)])
def test_the_public_topic_page_shows_the_text_of_its_language(
    cycle, body_user, client, lang, shown, hidden
):
    services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    with time_machine.travel(at(2025, 3, 20, 12), tick=False):
        r = client.get(reverse("formation:public_topic", args=[cycle.topics.get().pk]))
    html = r.content.decode()
    assert r.status_code == 200
    for key in ("justification", "target_group", "expected_result"):
        assert shown[f"{key}_{lang}"] in html
        assert hidden[f"{key}_{'ru' if lang == 'kk' else 'kk'}"] not in html
