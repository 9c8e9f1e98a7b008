"""The per-project monitoring report (§10 of the Rules, M-6) in Kazakh and Russian.

§10 asks for a report "for each social project" after monitoring; the Rules give it no annex
form, so the report is laid out as a FormDocument with the four indicators of §9 as groups
(plan execution, satisfaction, coverage, compliance with the Standard), then the tools used,
the findings, the proposed operational measures and the evidence. The words come from §9–§10
of seed 001 (Kazakh) and the Russian text of the Rules, never from the UI catalogue.

Input is a plain dict (`monitoring.selectors.events.report_data`)."""

from .annexes import check_language
from .document import LANDSCAPE, NUMBER, TEXT, Column, FormDocument, Signature

TEXTS = {
    "kk": {
        "caption": [
            "Мемлекеттік әлеуметтік тапсырысты",
            "қалыптастыру, оның іске асырылу",
            "мониторингі және нәтижелерін",
            "бағалау қағидаларының",
            "10-тармағы",
        ],
        "form": "Есеп",
        "title": "Әлеуметтік жобаның іске асырылу мониторингі қорытындысы бойынша есеп",
        "subtitle": "{project} · № {number} шарт · {supplier} · мониторинг күні: {date}",
        "columns": ["№", "Көрсеткіш", "Жоспар", "Нақты", "Ескертпе"],
        "groups": [
            "1) Жоспарды орындау процесі (техникалық ерекшелікте көрсетілген іс-шаралар)",
            "2) Нысаналы аудиторияның қанағаттану деңгейі",
            "3) Халықтың нысаналы топтарын қамту",
            "4) Стандартқа сәйкестігі",
            "Мониторинг құралдары",
            "Анықталған мәселелер",
            "Ұсынылатын жедел шаралар",
            "Растайтын материалдар",
        ],
        "status": {
            "done": "орындалды",
            "partly": "ішінара орындалды",
            "not_done": "орындалмады",
        },
        "verdict": {
            "complies": "сәйкес келеді",
            "partly": "ішінара сәйкес келеді",
            "not": "сәйкес келмейді",
        },
        "band": {
            "below_minimum": "ең төменгі мәннен төмен",
            "minimum": "ең төменгі мән шегінде",
            "maximum": "ең жоғары мән шегінде",
        },
        "criteria": {
            "satisfaction": "қанағаттану",
            "success_stories": "табыс тарихтары",
            "participants": "қатысушылар саны",
            "duration": "ұзақтығы",
            "trainer_experience": "оқытушының тәжірибесі",
        },
        "survey": "респонденттер: {respondents}, қанағаттанғандар: {pct} %",
        "overall": "Стандарт тұтастай",
        "none": "жоқ",
        "file": "файл",
        "signature": Signature(
            "Мониторингті жүргізген",
            "(тегі, аты, әкесінің аты (бар болған жағдайда))",
            "(қолы)",
        ),
        "page": "{page}-бет, барлығы {pages}",
        "draft": "ЖОБА — жарияланбаған нұсқа, ресми құжат емес",
    },
    "ru": {
        "caption": [
            "Пункт 10 Правил формирования,",
            "мониторинга реализации и оценки",
            "результатов государственного",
            "социального заказа",
        ],
        "form": "Отчет",
        "title": "Отчет по итогам мониторинга реализации социального проекта",
        "subtitle": "{project} · договор № {number} · {supplier} · дата мониторинга: {date}",
        "columns": ["№", "Показатель", "План", "Факт", "Примечание"],
        "groups": [
            "1) Процесс исполнения плана (мероприятия, указанные в технической спецификации)",
            "2) Уровень удовлетворенности целевой аудитории",
            "3) Охват целевых групп населения",
            "4) Соответствие Стандарту",
            "Инструменты мониторинга",
            "Выявленные проблемы",
            "Предлагаемые оперативные меры",
            "Подтверждающие материалы",
        ],
        "status": {
            "done": "выполнено",
            "partly": "выполнено частично",
            "not_done": "не выполнено",
        },
        "verdict": {
            "complies": "соответствует",
            "partly": "соответствует частично",
            "not": "не соответствует",
        },
        "band": {
            "below_minimum": "ниже минимального значения",
            "minimum": "в пределах минимального значения",
            "maximum": "в пределах максимального значения",
        },
        "criteria": {
            "satisfaction": "удовлетворенность",
            "success_stories": "истории успеха",
            "participants": "количество участников",
            "duration": "продолжительность",
            "trainer_experience": "опыт обучающего",
        },
        "survey": "респондентов: {respondents}, удовлетворены: {pct} %",
        "overall": "Стандарт в целом",
        "none": "нет",
        "file": "файл",
        "signature": Signature(
            "Мониторинг провел", "(фамилия, имя, отчество (при его наличии))", "(подпись)"
        ),
        "page": "Страница {page} из {pages}",
        "draft": "ПРОЕКТ — неопубликованная версия, не является официальным документом",
    },
}


def _pick(row, key, lang):
    other = "ru" if lang == "kk" else "kk"
    return row.get(f"{key}_{lang}") or row.get(f"{key}_{other}") or row.get(key) or ""


def _pct(value):
    return str(value).replace(".", ",")


def monitoring_report_document(
    *,
    lang,
    contract,
    held_on,
    monitor_name="",
    activities=(),
    surveys=(),
    coverage=(),
    compliance=(),
    tools=(),
    findings="",
    measures="",
    evidence=(),
    draft=False,
) -> FormDocument:
    """The monitoring report of one event.

    contract: {number, project_kk/_ru, supplier_kk/_ru, body_kk/_ru}; activities: [{text,
    status, evidence}]; surveys: [{form_kk/_ru, respondents, satisfied_pct, bands: {criterion:
    band}}]; coverage: [{name, planned, reached}]; compliance: [{service_type_kk/_ru (empty:
    the Standard as a whole), verdict, comment}]; tools: [{name_kk/_ru}]; evidence: [{url,
    name}]."""
    lang = check_language(lang)
    t = TEXTS[lang]
    doc = FormDocument(
        caption=list(t["caption"]),
        form_label=t["form"],
        title=t["title"],
        subtitle=t["subtitle"].format(
            project=_pick(contract, "project", lang),
            number=contract["number"],
            supplier=_pick(contract, "supplier", lang),
            date=held_on.strftime("%d.%m.%Y") if held_on else "",
        ),
        columns=[
            Column(h, k, w)
            for h, k, w in zip(
                t["columns"], [NUMBER, TEXT, TEXT, TEXT, TEXT], [6, 52, 16, 26, 50], strict=True
            )
        ],
        signatures=[Signature(**{**t["signature"].__dict__, "name": monitor_name})],
        sheet_title="M",
        lang=lang,
        orientation=LANDSCAPE,
        page_label=t["page"],
        draft=t["draft"] if draft else "",
    )
    groups = t["groups"]
    doc.add_group(groups[0])
    for n, row in enumerate(activities, start=1):
        doc.add(n, row["text"], "", t["status"].get(row["status"], ""), row.get("evidence", ""))
    doc.add_group(groups[1])
    for n, row in enumerate(surveys, start=1):
        bands = row.get("bands") or {}
        notes = [f"{t['criteria'][c]}: {t['band'][b]}" for c, b in bands.items() if b is not None]
        doc.add(
            n,
            _pick(row, "form", lang),
            "",
            t["survey"].format(respondents=row["respondents"], pct=_pct(row["satisfied_pct"])),
            "; ".join(notes),
        )
    doc.add_group(groups[2])
    for n, row in enumerate(coverage, start=1):
        doc.add(n, row["name"], str(row["planned"]), str(row["reached"]), "")
    doc.add_group(groups[3])
    for n, row in enumerate(compliance, start=1):
        name = _pick(row, "service_type", lang) or t["overall"]
        doc.add(n, name, "", t["verdict"].get(row["verdict"], ""), row.get("comment", ""))
    doc.add_group(groups[4])
    for n, row in enumerate(tools, start=1):
        doc.add(n, _pick(row, "name", lang), "", "", "")
    doc.add_group(groups[5])
    doc.add("", findings or t["none"], "", "", "")
    doc.add_group(groups[6])
    doc.add("", measures or t["none"], "", "", "")
    doc.add_group(groups[7])
    if not evidence:
        doc.add("", t["none"], "", "", "")
    for n, row in enumerate(evidence, start=1):
        doc.add(n, row.get("url") or f"{t['file']}: {row.get('name', '')}", "", "", "")
    return doc
