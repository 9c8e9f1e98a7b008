"""Annexes 1, 2 and 3 of the Rules (Order No. 18, edition of Order No. 407) in Kazakh and
Russian. The words of the forms come from the annex text (seed 001 for Kazakh, the official
Russian text of the Rules), never from the UI catalogue: a form is rendered in the language
asked for, whatever the interface language is.

Input rows are plain dicts, so any app (formation now; monitoring and evaluation later) can
feed them. Each `annexN_document(...)` returns a `FormDocument`; `render(doc, fmt)` gives
bytes and a content type.
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.errors import ApplicationError

from .document import MONEY, NUMBER, TEXT, Column, FormDocument, add_grouped_rows
from .pdf import PDF_CONTENT_TYPE, render_form_pdf
from .xlsx import XLSX_CONTENT_TYPE, render_xlsx

FORM_LANGUAGES = ("kk", "ru")
FORMATS = ("xlsx", "pdf")

_RULES_KK = [
    "Мемлекеттік әлеуметтік тапсырысты",
    "қалыптастыру, оның іске асырылу",
    "мониторингі және нәтижелерін",
    "бағалау қағидаларына",
]
_RULES_RU = [
    "к Правилам формирования,",
    "мониторинга реализации и оценки",
    "результатов государственного",
    "социального заказа",
]

TEXTS = {
    "kk": {
        "form": "Нысан",
        "caption": lambda n: [*_RULES_KK, f"{n}-қосымша"],
        "signature": ("Басшы", "(тегі, аты, әкесінің аты (бар болған жағдайда))"),
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
        "area": lambda n, name: f"{n}-сала. {name}",
        "total": "Жиынында",
        "grand_total": "Барлығы",
        "national": "Мемлекеттік органдардың жиынтық ақпараты",
    },
    "ru": {
        "form": "Форма",
        "caption": lambda n: [f"Приложение {n}", *_RULES_RU],
        "signature": ("Руководитель", "(фамилия, имя, отчество (при его наличии))"),
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
        "area": lambda n, name: f"Сфера {n}. {name}",
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
    """row[key_kk] / row[key_ru] in the form's language, falling back to the other one."""
    other = "ru" if lang == "kk" else "kk"
    return row.get(f"{key}_{lang}") or row.get(f"{key}_{other}") or row.get(key) or ""


def _base(lang, number, title, columns, widths, kinds, **extra):
    t = TEXTS[lang]
    return FormDocument(
        caption=t["caption"](number),
        form_label=t["form"],
        title=title,
        columns=[Column(h, k, w) for h, w, k in zip(columns, widths, kinds, strict=True)],
        signatures=[t["signature"]],
        lang=lang,
        **extra,
    )


def annex1_document(*, lang, year, body, rows, as_of=None) -> FormDocument:
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
        [6, 45, 18, 45, 28, 40],
        [NUMBER, TEXT, MONEY, TEXT, TEXT, TEXT],
        subtitle=_pick(body or {}, "name", lang),
        sheet_title="1",
    )
    for n, row in enumerate(rows, start=1):
        doc.add(
            n,
            _pick(row, "theme", lang),
            row["financing"],
            row.get("justification", ""),
            row.get("target_group", ""),
            row.get("expected_result", ""),
        )
    if as_of is not None:
        doc.footer.append(t["as_of"](as_of))
    return doc


def annex2_document(*, lang, year, body, rows, as_of=None) -> FormDocument:
    """Annex 2: report on the completion of the public discussion.

    rows: dicts with theme_kk/theme_ru, author, remark, proposal, outcome
    (accepted/rejected/pending), justification."""
    lang = check_language(lang)
    t = TEXTS[lang]
    doc = _base(
        lang,
        2,
        t["annex2_title"],
        t["annex2_columns"],
        [6, 45, 60, 60],
        [NUMBER, TEXT, TEXT, TEXT],
        subtitle=f"{_pick(body or {}, 'name', lang)} · {year}".strip(" ·"),
        sheet_title="2",
    )
    for n, row in enumerate(rows, start=1):
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


def annex3_document(*, lang, year, body, groups, as_of=None) -> FormDocument:
    """Annex 3: Information on the social projects planned after the public discussion,
    grouped by the areas of the cycle's edition, with a "Total" row per area and a grand total.

    groups: list of dicts {number, name_kk, name_ru, rows: [dicts with administrator_kk/_ru,
    name_kk/_ru, amount (thousand tenge), summary]} — every area of the edition, in order."""
    lang = check_language(lang)
    t = TEXTS[lang]
    doc = _base(
        lang,
        3,
        t["annex3_title"].format(year=year),
        t["annex3_columns"],
        [6, 40, 50, 18, 60],
        [NUMBER, TEXT, TEXT, MONEY, TEXT],
        numbered_columns=True,
        subtitle=_pick(body, "name", lang) if body else t["national"],
        sheet_title="3",
    )
    add_grouped_rows(
        doc,
        (
            (
                t["area"](g["number"], _pick(g, "name", lang)),
                [
                    [
                        _pick(r, "administrator", lang),
                        _pick(r, "name", lang),
                        r["amount"],
                        r.get("summary", ""),
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
