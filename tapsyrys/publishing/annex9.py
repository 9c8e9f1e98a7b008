"""Annex 9 of the Rules: the state body's report on the monitoring of social projects for a year
(§21), "form for the collection of administrative data", in Kazakh and Russian.

The table of Annex 9 in seed 001 is partly illegible; its columns and their numbers are those its
explanation names (notes 4–10 of 001): 1 №, 2 the budget program administrator, 3 the project,
4 the planned amount, 5 the contract amount, 6 the supplier, 7 the process and results (and, in
the year report, the positive effect), 8 the scores (the year report only). Rows are grouped by
the areas of the edition with a "Total" row per area and a grand total; the first head signs.
The Kazakh words are from 001 (title and notes); the Russian ones from the official Russian text
of the Rules (title, notes 4–10).
"""

from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_language, edition_words
from .document import (
    LANDSCAPE,
    MONEY,
    NUMBER,
    SCORE,
    TEXT,
    Column,
    FormDocument,
    Signature,
    add_grouped_rows,
)

HALF, YEAR = "half", "year"

TEXTS = {
    "kk": {
        "form": "Әкімшілік деректерді жинауға арналған нысан",
        "title": "{year} жылға арналған мемлекеттік әлеуметтік тапсырыс шеңберінде іске "
        "асырылатын және (немесе) іске асырылған әлеуметтік жобалардың және (немесе) "
        "әлеуметтік бағдарламалардың мониторингі жөніндегі есеп",
        "period": {
            HALF: "жартыжылдықтың қорытындылары бойынша",
            YEAR: "жылдың қорытындылары бойынша",
        },
        "columns": [
            "№",
            "Бюджеттік бағдарлама әкімшісінің атауы",
            "Әлеуметтік жобалардың және (немесе) әлеуметтік бағдарламалардың атауы",
            "Жоспарланған сомасы (мың теңге)",
            "Шарттық сомасы (мың теңге)",
            "Өнім берушінің атауы",
            "Әлеуметтік жобаларды және (немесе) әлеуметтік бағдарламаларды іске асыру "
            "процесі мен нәтижелері",
        ],
        "column7_year": "Әлеуметтік жобаларды және (немесе) әлеуметтік бағдарламаларды іске "
        "асыру процесі мен нәтижелері, әлеуметтік жобалардың және (немесе) әлеуметтік "
        "бағдарламалардың оң әсері",
        "column8": "Жоба нәтижелерін бағалау қорытындылары бойынша балдар",
        "head": "Бірінші басшы",
        "events": "Мониторинг іс-шаралары: {n} (соңғысы {last})",
        "no_events": "Мониторинг іс-шаралары әлі өткізілген жоқ",
        "report": "Есеп",
        "effect": "Оң әсері",
        "national": "Мемлекеттік органдардың жиынтық есебі",
    },
    "ru": {
        "form": "Форма, предназначенная для сбора административных данных",
        "title": "Отчет о мониторинге реализуемых и (или) реализованных социальных проектов "
        "и (или) социальных программ в рамках государственного социального заказа на {year} год",
        "period": {HALF: "по итогам полугодия", YEAR: "по итогам года"},
        "columns": [
            "№",
            "Наименование администратора бюджетной программы",
            "Наименование социальных проектов и (или) социальных программ",
            "Планируемая сумма (тысяч тенге)",
            "Договорная сумма (тысяч тенге)",
            "Наименование поставщика",
            "Процесс и результаты реализации социальных проектов и (или) социальных программ",
        ],
        "column7_year": "Процесс и результаты реализации социальных проектов и (или) "
        "социальных программ, положительный эффект социальных проектов и (или) социальных "
        "программ",
        "column8": "Баллы по итогам оценки результатов проекта",
        "head": "Первый руководитель",
        "events": "Мероприятия мониторинга: {n} (последнее {last})",
        "no_events": "Мероприятия мониторинга еще не проводились",
        "report": "Отчет",
        "effect": "Положительный эффект",
        "national": "Сводный отчет государственных органов",
    },
}
WIDTHS = [6, 30, 36, 16, 16, 30, 60]
KINDS = [NUMBER, TEXT, TEXT, MONEY, MONEY, TEXT, TEXT]


WORK_CHARS = 600  # the report's text in column 7 is cut to this length (the page shows it all)


def process_text(row, lang, period):
    """Column 7: the monitoring events held, the NGO's latest report and, in the year report,
    the positive effect the body wrote."""
    t = TEXTS[lang]
    if row.get(f"process_{lang}"):
        return row[f"process_{lang}"]
    parts = []
    if row.get("events"):
        parts.append(t["events"].format(n=row["events"], last=f"{row['last_event']:%d.%m.%Y}"))
    else:
        parts.append(t["no_events"])
    work = (row.get("work") or "").strip()
    if work:
        cut = work if len(work) <= WORK_CHARS else work[: WORK_CHARS - 1].rstrip() + "…"
        parts.append(f"{t['report']}: {cut}")
    effect = (row.get("effect") or "").strip()
    if period == YEAR and effect:
        parts.append(f"{t['effect']}: {effect}")
    return "\n".join(parts)


def headers(lang, period):
    """The column headers of Annex 9 in `lang` for the period (8 columns for the year)."""
    t = TEXTS[lang]
    cols = list(t["columns"])
    if period == YEAR:
        cols[6] = t["column7_year"]
        cols.append(t["column8"])
    return cols


def annex9_document(
    *,
    lang,
    year,
    period,
    body,
    groups,
    head_name="",
    head_position="",
    as_of=None,
    edition=None,
    draft=False,
) -> FormDocument:
    """Annex 9 for a body (or, with `body` None, the national consolidation).

    groups: [{number, name_kk, name_ru, rows: [{administrator_kk/_ru, name_kk/_ru, planned,
    amount (thousand tenge), supplier_kk/_ru, events, last_event, work, effect, score (None or a Decimal)}]}],
    as formation.selectors.annex3_groups returns them."""
    lang = check_language(lang)
    t, common = TEXTS[lang], ANNEX_TEXTS[lang]
    words = edition_words(edition, lang)
    cols = headers(lang, period)
    widths, kinds = list(WIDTHS), list(KINDS)
    if period == YEAR:
        widths.append(14)
        kinds.append(SCORE)
    subtitle = _pick(body, "name", lang) if body else t["national"]
    doc = FormDocument(
        caption=common["caption"](words["rules"], 9),
        form_label=t["form"],
        title=t["title"].format(year=year),
        subtitle=f"{subtitle} · {t['period'][period]}",
        columns=[Column(h, k, w) for h, k, w in zip(cols, kinds, widths, strict=True)],
        numbered_columns=True,
        signatures=[
            Signature(
                head_position or t["head"],
                common["signature"].name_hint,
                common["signature"].signature_hint,
                name=head_name,
            )
        ],
        sheet_title="9",
        lang=lang,
        orientation=LANDSCAPE,
        draft=common["draft"] if draft else "",
        page_label=common["page"],
    )
    area = words["area"]

    def cells(r):
        out = [
            _pick(r, "administrator", lang),
            _pick(r, "name", lang),
            r["planned"],
            r["amount"],
            _pick(r, "supplier", lang),
            process_text(r, lang, period),
        ]
        if period == YEAR:
            out.append(r.get("score"))
        return out

    add_grouped_rows(
        doc,
        (
            (
                area(g["number"], _pick(g, "name", lang))
                if g.get("number") is not None
                else _pick(g, "name", lang),
                [cells(r) for r in g["rows"]],
            )
            for g in groups
        ),
        total_label=common["total"],
        grand_total_label=common["grand_total"],
        money_columns=[3, 4],
    )
    if as_of is not None:
        doc.footer.append(common["as_of"](as_of))
    return doc
