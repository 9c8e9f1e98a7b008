"""Annex 5 of the Rules: Information on the implementation and assessment of the results of a
social project (§12), published by the state body on its Internet resource — here on the public
project page and in the ledger. Eight columns, one row per project; the words are the annex's
(Kazakh: seed 001; Russian: the official Russian text of the Rules). The average score is
"pending" until the evaluation (chapter 4) gives it.
"""

from decimal import Decimal

from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_language, edition_words
from .document import LANDSCAPE, MONEY, TEXT, Column, FormDocument

TEXTS = {
    "kk": {
        "title": "Мемлекеттік әлеуметтік тапсырыс шеңберінде әлеуметтік жобалардың іске "
        "асырылуы мен нәтижелерін бағалау туралы ақпарат",
        "columns": [
            "Әлеуметтік жобаның атауы",
            "Өнім берушінің атауы",
            "Шарт сомасы (мың теңге)",
            "Мақсаттары (мен міндеттері)",
            "Жобаны іске асыру кезеңі",
            "Әлеуметтік жобаны орындау процесі және өткізілген іс-шаралар",
            "Нәтижелері (қойылған мақсаттарға қандай деңгейде қол жеткізуге болады)",
            "Жобаның бағалау (орташа бағасы)",
        ],
        "pending": "Бағалау күтілуде",
        "activities": "Іс-шаралар",
        "events": "Мониторинг іс-шаралары өткізілді",
        "report": "Есеп",
        "indicators": "Көрсеткіштер (жоспар / нақты)",
        "coverage": "Нысаналы топтарды қамту (жоспар / нақты)",
        "expected": "Күтілетін нәтижелер",
        "no_report": "Қорытынды есеп әлі ұсынылған жоқ",
    },
    "ru": {
        "title": "Информация о реализации и оценке результатов социальных проектов в рамках "
        "государственного социального заказа",
        "columns": [
            "Наименование социального проекта",
            "Наименование поставщика",
            "Сумма договора (тысяч тенге)",
            "Цели и задачи",
            "Срок реализации проекта",
            "Процесс выполнения социального проекта и проведенные мероприятия",
            "Результаты (в какой степени удалось достичь поставленных целей)",
            "Оценка проекта (средний балл)",
        ],
        "pending": "Ожидается оценка",
        "activities": "Мероприятия",
        "events": "Проведены мероприятия мониторинга",
        "report": "Отчет",
        "indicators": "Показатели (план / факт)",
        "coverage": "Охват целевых групп (план / факт)",
        "expected": "Ожидаемые результаты",
        "no_report": "Итоговый отчет еще не представлен",
    },
}
WIDTHS = [30, 26, 14, 36, 16, 48, 48, 14]


def score_text(score, lang):
    """The average score as printed (0,00), or the pending mark in the form's language."""
    if score is None:
        return TEXTS[lang]["pending"]
    return f"{Decimal(score):.2f}".replace(".", ",")


def _lines(*parts):
    return "\n".join(p for p in parts if p)


def process_text(data, lang):
    t = TEXTS[lang]
    activities = "; ".join(_pick(data, "activities", lang) or [])
    events = data.get("events", [])
    event_line = ""
    if events:
        event_line = f"{t['events']}: " + ", ".join(d.strftime("%d.%m.%Y") for d in events)
    work = data.get("main_work", "")
    return _lines(
        f"{t['activities']}: {activities}" if activities else "",
        event_line,
        f"{t['report']}: {work}" if work else "",
    )


def results_text(data, lang):
    t = TEXTS[lang]
    if not data.get("has_report"):
        expected = data.get("expected_results", "")
        return _lines(t["no_report"], f"{t['expected']}: {expected}" if expected else "")
    indicators = "; ".join(
        f"{_pick(i, 'name', lang)}: {i['planned']} / {i['actual'] if i['actual'] is not None else '—'}"
        + (f" {i['unit']}" if i.get("unit") else "")
        for i in data.get("indicators", [])
    )
    coverage = "; ".join(
        f"{g['name']}: {g['planned']} / {g['reached'] if g['reached'] is not None else '—'}"
        for g in data.get("coverage", [])
    )
    return _lines(
        data.get("results", ""),
        f"{t['indicators']}: {indicators}" if indicators else "",
        f"{t['coverage']}: {coverage}" if coverage else "",
    )


def annex5_document(*, lang, data, score=None, as_of=None, edition=None, draft=False):
    """Annex 5 of one project. `data` (selectors.annexes.annex5_data): name_kk/_ru,
    supplier_kk/_ru, amount (thousand tenge), goals_kk/_ru, starts_on, ends_on, activities, events
    (dates of completed monitoring events), main_work, has_report, results, indicators,
    coverage, expected_results."""
    lang = check_language(lang)
    t, common = TEXTS[lang], ANNEX_TEXTS[lang]
    words = edition_words(edition, lang)
    kinds = [TEXT, TEXT, MONEY, TEXT, TEXT, TEXT, TEXT, TEXT]
    doc = FormDocument(
        caption=common["caption"](words["rules"], 5),
        form_label=common["form"],
        title=t["title"],
        columns=[Column(h, k, w) for h, k, w in zip(t["columns"], kinds, WIDTHS, strict=True)],
        sheet_title="5",
        lang=lang,
        orientation=LANDSCAPE,
        draft=common["draft"] if draft else "",
        page_label=common["page"],
    )
    period = f"{data['starts_on']:%d.%m.%Y} – {data['ends_on']:%d.%m.%Y}"
    doc.add(
        _pick(data, "name", lang),
        _pick(data, "supplier", lang),
        data["amount"],
        _pick(data, "goals", lang),
        period,
        process_text(data, lang),
        results_text(data, lang),
        score_text(score, lang),
    )
    if as_of is not None:
        doc.footer.append(common["as_of"](as_of))
    return doc
