"""Annexes 1, 2 and 3 of the Rules (Order No. 18, edition of Order No. 407) in Kazakh and
Russian. The words of the forms come from the annex text (seed 001 for Kazakh, the official
Russian text of the Rules), never from the UI catalogue: a form is rendered in the language
asked for, whatever the interface language is.

Input rows are plain dicts, so any app (formation now; monitoring and evaluation later) can
feed them. Each `annexN_document(...)` returns a `FormDocument`; `render(doc, fmt)` gives
bytes and a content type.
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core import bilingual
from tapsyrys.core.errors import ApplicationError

from .document import (
    LANDSCAPE,
    MONEY,
    NUMBER,
    TEXT,
    Column,
    FormDocument,
    Signature,
    add_grouped_rows,
)
from .pdf import PDF_CONTENT_TYPE, render_form_pdf
from .xlsx import XLSX_CONTENT_TYPE, render_xlsx

FORM_LANGUAGES = ("kk", "ru")
FORMATS = ("xlsx", "pdf")

# X-EDITION: the words that change with the edition of the Rules a cycle runs under. 2022:
# Order No. 407 (seed 001); 2021: Order No. 303 (seed 003: "іске асыру мониторингі және осы
# тапсырыстың нәтижелерін", areas are "бағыттар"). The 2018 original is not in the seeds: its
# forms are taken as the 2021 ones (assumption). The Russian title of the Rules is the same in
# every edition; the Russian 2021 area label "Направление" is ours (not in the seeds).
EDITIONS = {
    "2022": {
        "kk": {
            "rules": [
                "Мемлекеттік әлеуметтік тапсырысты",
                "қалыптастыру, оның іске асырылу",
                "мониторингі және нәтижелерін",
                "бағалау қағидаларына",
            ],
            "area": lambda n, name: f"{n}-сала. {name}",
        },
        "ru": {"area": lambda n, name: f"Сфера {n}. {name}"},
    },
    "2021": {
        "kk": {
            "rules": [
                "Мемлекеттік әлеуметтік",
                "тапсырысты қалыптастыру, іске",
                "асыру мониторингі және осы",
                "тапсырыстың нәтижелерін",
                "бағалау қағидаларына",
            ],
            "area": lambda n, name: f"{n}-бағыт. {name}",
        },
        "ru": {"area": lambda n, name: f"Направление {n}. {name}"},
    },
}
EDITIONS["2018"] = EDITIONS["2021"]
CURRENT_EDITION = "2022"
_RULES_RU = [
    "к Правилам формирования,",
    "мониторинга реализации и оценки",
    "результатов государственного",
    "социального заказа",
]


def edition_words(edition_code, lang):
    """The edition's caption lines and area label in `lang` (the current edition if unknown)."""
    words = EDITIONS.get(str(edition_code or CURRENT_EDITION), EDITIONS[CURRENT_EDITION])[lang]
    return {"rules": words.get("rules", _RULES_RU), "area": words["area"]}


TEXTS = {
    "kk": {
        "form": "Нысан",
        "caption": lambda rules, n: [*rules, f"{n}-қосымша"],
        "signature": Signature(
            "Басшы", "(тегі, аты, әкесінің аты (бар болған жағдайда))", "(қолы)"
        ),
        "page": "{page}-бет, барлығы {pages}",
        "draft": "ЖОБА — жарияланбаған нұсқа, ресми құжат емес",
        "no_comments": "Ескертулер және (немесе) ұсыныстар түскен жоқ",
        "national_council": "Орталық мемлекеттік органдардың Үйлестіру кеңесінің қарауына "
        "уәкілетті органға жіберген ақпараты (7-тармақтың 3) тармақшасы)",
        "national_budget": "Бюджет бекітілгеннен кейін мемлекеттік органдар орналастырған және "
        "уәкілетті органға жіберген ақпарат (7-тармақтың 4) тармақшасы)",
        "outside_edition": "Редакцияда көзделмеген салалар",
        "as_of": lambda d: f"{d:%Y} жылғы «{d:%d}» {_KK_MONTHS[d.month - 1]} жағдайы бойынша",
        "author": "Авторы",
        "remark": "Ескерту",
        "proposal": "Ұсыныс",
        "accepted": "Қабылданды",
        "rejected": "Қабылданбады",
        "pending": "Қаралуда",
        "annex1_title": "{year} жылға жоспарланған мемлекеттік әлеуметтік тапсырыстың "
        "тақырыптары туралы ақпарат",
        "annex1_columns": [
            "№",
            "Мемлекеттік әлеуметтік тапсырыстың жоспарланған тақырыбы",
            "Қаржыландырудың жоспарланған көлемі (мың теңге)",
            "Ақпарат көзі көрсетілген негіздеме",
            "Халықтың нысаналы тобы",
            "Күтілетін нәтиже",
        ],
        "annex2_title": "Мемлекеттік әлеуметтік тапсырыс тақырыптарын жария талқылаудың "
        "аяқталуы туралы есеп",
        "annex2_columns": [
            "№",
            "Мемлекеттік әлеуметтік тапсырыстың жоспарланған тақырыбы",
            "Авторын көрсете отырып, ескертулер және (немесе) ұсыныстар (қысқаша мазмұны)",
            "Ескертулердің және (немесе) ұсыныстардың қабылданбауы бойынша негіздемесі бар "
            "мемлекеттік органның қорытындысы",
        ],
        "annex3_title": "Жария талқылаудан кейін {year} жылға арналған іске асырылуы "
        "жоспарланып отырған мемлекеттік әлеуметтік тапсырыстың әлеуметтік жобалары және "
        "(немесе) әлеуметтік бағдарламалары туралы ақпарат",
        "annex3_columns": [
            "№",
            "Бюджеттік бағдарлама әкімшісінің атауы",
            "Әлеуметтік жобаның және (немесе) әлеуметтік бағдарламаның атауы",
            "Жоспарланған сомасы (мың теңге)",
            "Әлеуметтік жобаның және (немесе) әлеуметтік бағдарламаның қысқаша мазмұны",
        ],
        "total": "Жиынында",
        "grand_total": "Барлығы",
        "national": "Мемлекеттік органдардың жиынтық ақпараты",
    },
    "ru": {
        "form": "Форма",
        "caption": lambda rules, n: [f"Приложение {n}", *rules],
        "signature": Signature(
            "Руководитель", "(фамилия, имя, отчество (при его наличии))", "(подпись)"
        ),
        "page": "Страница {page} из {pages}",
        "draft": "ПРОЕКТ — неопубликованная версия, не является официальным документом",
        "no_comments": "Замечаний и (или) предложений не поступило",
        "national_council": "Информация центральных государственных органов, направленная в "
        "уполномоченный орган для рассмотрения Координационным советом (подпункт 3) пункта 7)",
        "national_budget": "Информация государственных органов, размещённая и направленная в "
        "уполномоченный орган после утверждения бюджета (подпункт 4) пункта 7)",
        "outside_edition": "Сферы, не предусмотренные редакцией",
        "as_of": lambda d: f"по состоянию на «{d:%d}» {_RU_MONTHS[d.month - 1]} {d:%Y} года",
        "author": "Автор",
        "remark": "Замечание",
        "proposal": "Предложение",
        "accepted": "Принято",
        "rejected": "Не принято",
        "pending": "На рассмотрении",
        "annex1_title": "Информация о планируемых темах государственного социального заказа "
        "на {year} год",
        "annex1_columns": [
            "№",
            "Планируемая тема государственного социального заказа",
            "Планируемый объем финансирования (тысяч тенге)",
            "Обоснование с указанием источника информации",
            "Целевая группа населения",
            "Ожидаемый результат",
        ],
        "annex2_title": "Отчет о завершении публичного обсуждения тем государственного "
        "социального заказа",
        "annex2_columns": [
            "№",
            "Планируемая тема государственного социального заказа",
            "Замечание и (или) предложение (краткое содержание) с указанием его автора",
            "Заключение государственного органа с обоснованием непринятия замечания и (или) "
            "предложения",
        ],
        "annex3_title": "Информация о планируемых к реализации социальных проектах и (или) "
        "социальных программах государственного социального заказа после публичного "
        "обсуждения на {year} год",
        "annex3_columns": [
            "№",
            "Наименование администратора бюджетной программы",
            "Наименование социального проекта и (или) социальной программы",
            "Планируемая сумма (тысяч тенге)",
            "Краткое содержание социального проекта и (или) социальной программы",
        ],
        "total": "Итого",
        "grand_total": "Всего",
        "national": "Сводная информация государственных органов",
    },
}
_KK_MONTHS = [
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
]  # fmt: skip
_RU_MONTHS = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


def check_language(lang) -> str:
    lang = (lang or "").strip().lower()
    if lang not in FORM_LANGUAGES:
        raise ApplicationError(
            _("Official forms are issued in Kazakh (kk) or Russian (ru)."), field="lang"
        )
    return lang


def check_format(fmt) -> str:
    fmt = (fmt or "xlsx").strip().lower()
    if fmt not in FORMATS:
        raise ApplicationError(_("The format must be xlsx or pdf."), field="format")
    return fmt


def _pick(row, key, lang):
    """row[key_kk] / row[key_ru] in the form's language, falling back to the other one (and to
    a plain row[key] of rows stored before the texts were paired) — core.bilingual.pick."""
    return bilingual.pick(row, key, lang)


def _base(lang, number, title, columns, widths, kinds, *, edition=None, draft=False, **extra):
    t = TEXTS[lang]
    return FormDocument(
        caption=t["caption"](edition_words(edition, lang)["rules"], number),
        form_label=t["form"],
        title=title,
        columns=[Column(h, k, w) for h, w, k in zip(columns, widths, kinds, strict=True)],
        signatures=[t["signature"]],
        lang=lang,
        orientation=LANDSCAPE,
        page_label=t["page"],
        draft=t["draft"] if draft else "",
        **extra,
    )


def annex1_document(
    *, lang, year, body, rows, as_of=None, edition=None, draft=False
) -> FormDocument:
    """Annex 1: Information on the planned topics for the year.

    rows: dicts with theme_kk/theme_ru, financing (thousand tenge), justification,
    target_group, expected_result. `body` is a dict with name_kk/name_ru (or None)."""
    lang = check_language(lang)
    t = TEXTS[lang]
    doc = _base(
        lang,
        1,
        t["annex1_title"].format(year=year),
        t["annex1_columns"],
        [6, 42, 22, 42, 28, 38],
        [NUMBER, TEXT, MONEY, TEXT, TEXT, TEXT],
        edition=edition,
        draft=draft,
        subtitle=_pick(body or {}, "name", lang),
        sheet_title="1",
    )
    for n, row in enumerate(rows, start=1):
        doc.add(
            n,
            _pick(row, "theme", lang),
            row["financing"],
            _pick(row, "justification", lang),
            _pick(row, "target_group", lang),
            _pick(row, "expected_result", lang),
        )
    if as_of is not None:
        doc.footer.append(t["as_of"](as_of))
    return doc


def annex2_document(
    *, lang, year, body, rows, as_of=None, edition=None, draft=False
) -> FormDocument:
    """Annex 2: report on the completion of the public discussion — every topic: one row per
    comment, or one row saying no comment came.

    rows: dicts with theme_kk/theme_ru and either author, remark, proposal, outcome
    (accepted/rejected/pending), justification — or `no_comments: True`."""
    lang = check_language(lang)
    t = TEXTS[lang]
    doc = _base(
        lang,
        2,
        t["annex2_title"],
        t["annex2_columns"],
        [6, 45, 60, 60],
        [NUMBER, TEXT, TEXT, TEXT],
        edition=edition,
        draft=draft,
        subtitle=f"{_pick(body or {}, 'name', lang)} · {year}".strip(" ·"),
        sheet_title="2",
    )
    for n, row in enumerate(rows, start=1):
        if row.get("no_comments"):
            doc.add(n, _pick(row, "theme", lang), t["no_comments"], "")
            continue
        parts = []
        if row.get("remark"):
            parts.append(f"{t['remark']}: {row['remark']}")
        if row.get("proposal"):
            parts.append(f"{t['proposal']}: {row['proposal']}")
        parts.append(f"{t['author']}: {row.get('author', '')}")
        outcome = row.get("outcome", "pending")
        conclusion = t.get(outcome, t["pending"])
        if row.get("justification"):
            conclusion = f"{conclusion}. {row['justification']}"
        doc.add(n, _pick(row, "theme", lang), "\n".join(parts), conclusion)
    if as_of is not None:
        doc.footer.append(t["as_of"](as_of))
    return doc


def annex3_document(
    *, lang, year, body, groups, as_of=None, edition=None, draft=False, basis=None
) -> FormDocument:
    """Annex 3: Information on the social projects planned after the public discussion,
    grouped by the areas of the cycle's edition, with a "Total" row per area and a grand total.

    groups: list of dicts {number, name_kk, name_ru, rows: [dicts with administrator_kk/_ru,
    name_kk/_ru, amount (thousand tenge), summary]} — every area of the edition, in order; a
    group with `number` None is printed under its name alone (areas outside the edition).
    `basis` ("council" / "budget") names which Information a national consolidation lists."""
    lang = check_language(lang)
    t = TEXTS[lang]
    area = edition_words(edition, lang)["area"]
    if body:
        subtitle = _pick(body, "name", lang)
    else:
        subtitle = t["national"]
        if basis:
            subtitle = f"{subtitle}: {t[f'national_{basis}']}"
    doc = _base(
        lang,
        3,
        t["annex3_title"].format(year=year),
        t["annex3_columns"],
        [6, 38, 48, 22, 58],
        [NUMBER, TEXT, TEXT, MONEY, TEXT],
        edition=edition,
        draft=draft,
        numbered_columns=True,
        subtitle=subtitle,
        sheet_title="3",
    )
    add_grouped_rows(
        doc,
        (
            (
                area(g["number"], _pick(g, "name", lang))
                if g.get("number") is not None
                else _pick(g, "name", lang),
                [
                    [
                        _pick(r, "administrator", lang),
                        _pick(r, "name", lang),
                        r["amount"],
                        _pick(r, "summary", lang),
                    ]
                    for r in g["rows"]
                ],
            )
            for g in groups
        ),
        total_label=t["total"],
        grand_total_label=t["grand_total"],
        money_columns=[3],
    )
    if as_of is not None:
        doc.footer.append(t["as_of"](as_of))
    return doc


def render(doc: FormDocument, fmt: str) -> tuple[bytes, str]:
    """(content, content type) of a form in xlsx or pdf."""
    fmt = check_format(fmt)
    if fmt == "pdf":
        return render_form_pdf(doc), PDF_CONTENT_TYPE
    return render_xlsx(doc), XLSX_CONTENT_TYPE
