"""Annex 7 of the Rules: the assessment sheet of a member of the expert council (§18), in
Kazakh and Russian, as a `FormDocument` (rendered to xlsx and PDF by
`publishing.annexes.render`).

The Kazakh words are those of Annex 7 in seed `001`; the Russian ones follow the official
Russian text of the Rules (not in the seeds: translated from the same form line by line).
The head (project, supplier, member, date of completion) is laid out as the annex's lines
above the table; the four criteria are numbered rows (criterion, score, explanation), the
total (the sum of the scores) the last row; the recommendations and the signature follow.

The input is a plain dict (see `sheet_data` in `tapsyrys.evaluation.views.sheets`):
{project_kk, project_ru, supplier_kk, supplier_ru, member, filled_on (date or None),
signed_at (text or None), scores: [{criterion, score (int or None), comment}] in the order
of CRITERIA, recommendations}.
"""

from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_language, edition_words
from .document import NUMBER, PORTRAIT, TEXT, Column, FormDocument, Signature

CRITERIA = ("results", "positive_effect", "continuation", "long_term_effect")

TEXTS = {
    "kk": {
        "title": "Сараптамалық кеңес мүшесінің бағалау парағы",
        "project": "Жобаның атауы: {value}",
        "supplier": "Өнім берушінің атауы: {value}",
        "member": "Сараптамалық кеңес мүшесінің тегі, аты, әкесінің аты (бар болған кезде): "
        "{value}",
        "filled": "Толтыру күні: {value}",
        "columns": ["№ р/с", "Бағалау өлшемшарттары", "Бағасы (балы)",
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
        "recommendations": "Ұсынымдар мен ұсыныстар: {value}",
        "signature": Signature("", "(сараптамалық кеңес мүшесінің тегі, аты, әкесінің аты)",
                               "ҚОЛЫ"),
        "signed_mark": "Бағалау парағына электрондық түрде {moment} қол қойылды",
    },
    "ru": {
        "title": "Лист оценки члена экспертного совета",
        "project": "Наименование проекта: {value}",
        "supplier": "Наименование поставщика: {value}",
        "member": "Фамилия, имя, отчество (при его наличии) члена экспертного совета: {value}",
        "filled": "Дата заполнения: {value}",
        "columns": ["№ п/п", "Критерии оценки", "Оценка (баллы)",
                    "Пояснения/ Комментарии/ Рекомендации"],
        "criteria": {
            "results": "Результаты реализации социальных проектов",
            "positive_effect": "Положительный эффект социальных проектов на достижение целей в "
            "социально значимых сферах",
            "continuation": "Вероятность продолжения деятельности, начатой в рамках "
            "социального проекта и (или) социальной программы",
            "long_term_effect": "Вероятность долгосрочного положительного социального эффекта "
            "по итогам социального проекта и (или) социальной программы",
        },
        "total": "Итого (подсчет баллов)",
        "recommendations": "Рекомендации и предложения: {value}",
        "signature": Signature("", "(фамилия, имя, отчество члена экспертного совета)",
                               "Подпись"),
        "signed_mark": "Лист оценки подписан в электронной форме {moment}",
    },
}  # fmt: skip


def annex7_document(*, lang, sheet, draft=False) -> FormDocument:
    """Annex 7 for one member's sheet in `lang` ("kk" or "ru")."""
    lang = check_language(lang)
    t = TEXTS[lang]
    base = ANNEX_TEXTS[lang]
    member = sheet["member"]
    filled_on = sheet.get("filled_on")
    doc = FormDocument(
        caption=base["caption"](edition_words(None, lang)["rules"], 7),
        form_label=base["form"],
        title=t["title"],
        columns=[
            Column(h, k, w)
            for h, k, w in zip(
                t["columns"], [NUMBER, TEXT, NUMBER, TEXT], [7, 50, 12, 49], strict=True
            )
        ],
        lang=lang,
        orientation=PORTRAIT,
        page_label=base["page"],
        draft=base["draft"] if draft else "",
        sheet_title="7",
        signatures=[Signature(**{**vars(t["signature"]), "name": member})],
    )
    doc.add_group(t["project"].format(value=_pick(sheet, "project", lang)))
    doc.add_group(t["supplier"].format(value=_pick(sheet, "supplier", lang)))
    doc.add_group(t["member"].format(value=member))
    doc.add_group(t["filled"].format(value=filled_on.strftime("%d.%m.%Y") if filled_on else ""))
    scores = {row["criterion"]: row for row in sheet["scores"]}
    values = []
    for n, code in enumerate(CRITERIA, start=1):
        row = scores.get(code, {})
        score = row.get("score")
        values.append(score)
        doc.add(n, t["criteria"][code], "" if score is None else score, row.get("comment", ""))
    total = None if None in values else sum(values)
    doc.add("", t["total"], "" if total is None else total, "", kind="total")
    if sheet.get("recommendations"):
        doc.footer.append(t["recommendations"].format(value=sheet["recommendations"]))
    if sheet.get("signed_at"):
        doc.footer.append(t["signed_mark"].format(moment=sheet["signed_at"]))
    return doc
