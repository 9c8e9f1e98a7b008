"""Annex 8 of the Rules: the report on the evaluation of the results of the state social order
for a social project and (or) social programme (§19), in Kazakh and Russian, as a
`FormDocument` (rendered to xlsx and PDF by `publishing.annexes.render`).

The Kazakh words are those of Annex 8 in seed `001` (Order No. 407 edition, the legible form:
the area's name, the project's name, then "№ / criterion / the expert council's average
score / explanations, comments, recommendations", four criteria and the "Total (counting
the scores)" row). The Russian ones are a faithful translation of the same form (the seeds
carry no legible Russian text of Annex 8). Below the table: the recommendations and
proposals of the members (§13.4), how many sheets were counted and how many members were
excluded for a conflict of interest, the completion date and, once recorded, the posting on
the public procurement web portal (§19).

The input is a plain dict (see `report_data` in `tapsyrys.evaluation.selectors.reports`):
{area_kk, area_ru, name_kk, name_ru, body_kk, body_ru, rows: [{criterion, average (Decimal),
comments}] in the order of CRITERIA, total (Decimal), recommendations, sheets_counted,
excluded, completed_on (date), posted_on (date or None), portal_reference}.
"""

from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_language, edition_words
from .document import NUMBER, PORTRAIT, SCORE, TEXT, Column, FormDocument

CRITERIA = ("results", "positive_effect", "continuation", "long_term_effect")

TEXTS = {
    "kk": {
        "title": "Әлеуметтік жоба және (немесе) әлеуметтік бағдарлама бойынша мемлекеттік "
        "әлеуметтік тапсырыс нәтижелерін бағалау есебі",
        "area_hint": "(мемлекеттік әлеуметтік тапсырыс саласының атауы)",
        "name_hint": "(әлеуметтік жобаның және (немесе) әлеуметтік бағдарламаның атауы)",
        "columns": ["№ р/с", "Бағалау өлшемшарты", "Сараптамалық кеңестің орташа бағасы",
                    "Түсініктер беру/ Түсініктемелер/ ұсынымдар"],
        "criteria": {
            "results": "Әлеуметтік жобаларды орындау нәтижелері",
            "positive_effect": "Әлеуметтік маңызы бар салалардағы мақсаттарға қол жеткізуге "
            "әлеуметтік жобалардың оң әсері",
            "continuation": "Әлеуметтік жоба және (немесе) әлеуметтік бағдарлама шеңберінде "
            "басталған қызметті жалғастыру ықтималдығы",
            "long_term_effect": "Әлеуметтік жобаның және (немесе) әлеуметтік бағдарламаның "
            "нәтижелері бойынша ұзақ мерзімді оң әлеуметтік әсердің ықтималдығы",
        },
        "total": "Жиынында (балдарды есептеу)",
        "recommendations": "Ұсынымдар мен ұсыныстар: {text}",
        "counted": "Есепке алынған бағалау парақтары: {n}; мүдделер қақтығысы бойынша "
        "шеттетілген мүшелер: {excluded}",
        "completed": "Бағалау аяқталған күн: {date}",
        "posted": "Мемлекеттік сатып алу веб-порталында орналастырылды: {date}, {reference}",
        "not_posted": "Мемлекеттік сатып алу веб-порталында әлі орналастырылмаған",
        "signature": "_____ (ҚОЛЫ)",
    },
    "ru": {
        "title": "Отчет об оценке результатов государственного социального заказа по "
        "социальному проекту и (или) социальной программе",
        "area_hint": "(наименование сферы государственного социального заказа)",
        "name_hint": "(наименование социального проекта и (или) социальной программы)",
        "columns": ["№ п/п", "Критерий оценки", "Средняя оценка экспертного совета",
                    "Пояснения/ Комментарии/ Рекомендации"],
        "criteria": {
            "results": "Результаты реализации социальных проектов",
            "positive_effect": "Положительный эффект социальных проектов на достижение целей "
            "в социально значимых сферах",
            "continuation": "Вероятность продолжения деятельности, начатой в рамках "
            "социального проекта и (или) социальной программы",
            "long_term_effect": "Вероятность долгосрочного положительного социального эффекта "
            "по итогам социального проекта и (или) социальной программы",
        },
        "total": "Итого (подсчет баллов)",
        "recommendations": "Рекомендации и предложения: {text}",
        "counted": "Учтено оценочных листов: {n}; отстранено членов в связи с конфликтом "
        "интересов: {excluded}",
        "completed": "Дата завершения оценки: {date}",
        "posted": "Размещен на веб-портале государственных закупок: {date}, {reference}",
        "not_posted": "На веб-портале государственных закупок еще не размещен",
        "signature": "_____ (ПОДПИСЬ)",
    },
}  # fmt: skip


def _ddmmyyyy(day):
    return day.strftime("%d.%m.%Y")


def annex8_document(*, lang, report, draft=False) -> FormDocument:
    """Annex 8 for one project's evaluation report in `lang` ("kk" or "ru")."""
    lang = check_language(lang)
    t = TEXTS[lang]
    base = ANNEX_TEXTS[lang]
    doc = FormDocument(
        caption=base["caption"](edition_words(None, lang)["rules"], 8),
        form_label=base["form"],
        title=t["title"],
        subtitle="\n".join(
            [
                f"“{_pick(report, 'area', lang)}”",
                t["area_hint"],
                f"“{_pick(report, 'name', lang)}”",
                t["name_hint"],
            ]
        ),
        columns=[
            Column(h, k, w)
            for h, k, w in zip(
                t["columns"], [NUMBER, TEXT, SCORE, TEXT], [6, 52, 14, 48], strict=True
            )
        ],
        lang=lang,
        orientation=PORTRAIT,
        page_label=base["page"],
        draft=base["draft"] if draft else "",
        sheet_title="8",
    )
    rows = {row["criterion"]: row for row in report["rows"]}
    for n, code in enumerate(CRITERIA, start=1):
        row = rows[code]
        doc.add(n, t["criteria"][code], row["average"], row.get("comments") or "")
    doc.add("", t["total"], report["total"], "", kind="total")
    if report.get("recommendations"):
        doc.footer.append(t["recommendations"].format(text=report["recommendations"]))
    doc.footer.append(
        t["counted"].format(n=report["sheets_counted"], excluded=report.get("excluded", 0))
    )
    doc.footer.append(t["completed"].format(date=_ddmmyyyy(report["completed_on"])))
    if report.get("posted_on"):
        doc.footer.append(
            t["posted"].format(
                date=_ddmmyyyy(report["posted_on"]), reference=report["portal_reference"]
            )
        )
    else:
        doc.footer.append(t["not_posted"])
    doc.footer.append(t["signature"])
    return doc
