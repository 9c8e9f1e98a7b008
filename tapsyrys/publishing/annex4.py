"""Annex 4 of the Rules: an independent expert's notification of the presence or absence of a
conflict of interest with the NGO implementing the state social order (§9), in Kazakh and
Russian, as a `FormDocument` (rendered to xlsx and PDF by `publishing.annexes.render`).

The Kazakh words are those of Annex 4 in seed `001` (Order No. 407 edition); the Russian ones
follow the official Russian text of the Rules (not in the seeds: written from the same form,
question by question). The annex is a questionnaire, not a table: the five questions are laid
out as numbered rows (question, answer, the NGOs named and the details), the declaration
("I notify the absence / the presence of a conflict", the chosen one kept) above them, the
confirmation, the date and the signature line below, as in the annex.

The input is a plain dict (see `notice_data` in `tapsyrys.monitoring.views.experts`):
{body_kk, body_ru, expert, declares_conflict, signed_on (date or None), answers: [{question,
answer (bool), ngos: [{name_kk, name_ru, bin}], details}]} in the order of NOTICE_QUESTIONS.
"""

from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_language, edition_words
from .document import NUMBER, PORTRAIT, TEXT, Column, FormDocument, Signature

QUESTIONS = ("member", "governing", "payments", "family", "other")

TEXTS = {
    "kk": {
        "to": "Кімге: {body}",
        "to_hint": "(мемлекеттік органның атауы)",
        "from": "Кімнен: {expert}",
        "from_hint": "(сарапшының тегі, аты, әкесінің аты (бар болған кезде))",
        "title": "Мемлекеттік әлеуметтік тапсырысты іске асыратын үкіметтік емес ұйыммен "
        "мүдделер қақтығысының болуы не болмауы туралы хабарлама",
        "absence": "Мен {expert} мемлекеттік әлеуметтік тапсырыс саласындағы мемлекеттік "
        "органмен және мемлекеттік әлеуметтік тапсырысты іске асыратын үкіметтік емес ұйыммен "
        "мүдделер қақтығысының болмауы туралы хабарлаймын, тәуелсіз сарапшы ретінде өзімнің "
        "қызметімді жүзеге асыру кезінде әділдік және объективтілік қағидаттарын мүлтіксіз "
        "сақтаймын.",
        "presence": "Мен {expert} мемлекеттік әлеуметтік тапсырыс саласындағы мемлекеттік "
        "органмен және әлеуметтік тапсырысты іске асыратын үкіметтік емес ұйыммен мүдделер "
        "қақтығысының болуы туралы хабарлаймын.",
        "questions": {
            "member": "Сіз үкіметтік емес ұйымның мүшесі (қатысушысы), құрылтайшысы болып "
            "табыласыз ба (егер солай болса, онда үкіметтік емес ұйымның атауын көрсетіңіз)",
            "governing": "Сіз басқару органының мүшесі, үкіметтік емес ұйымның басшысы болып "
            "табыласыз ба (егер солай болса, онда басқару органын, үкіметтік емес ұйымның "
            "атауын және атқаратын лауазымыңызды көрсетіңіз)",
            "payments": "Соңғы үш жыл ішінде Сіз үкіметтік емес ұйымнан көрсетілген қызметтер "
            "немесе тікелей қаржылық қолдау үшін төлем алдыңыз ба (егер алсаңыз, онда нақты "
            "қандай қызметтер және үкіметтік емес ұйымның атауын көрсетіңіз)",
            "family": "Сізде үкіметтік емес ұйымның жұмыскерлерімен жақын туыстық "
            "байланыстарыңыз бар ма (егер солай болса, жұмыскердің тегін, атын, әкесінің атын "
            "(бар болған кезде), ол жұмыс істейтін үкіметтік емес ұйымның атауын, туыстық "
            "деңгейін көрсетіңіз)",
            "other": "Сізде басқа ықтимал мүдделер қақтығысы бар ма (егер болса, көрсету керек)",
        },
        "columns": ["№", "Сұрақ", "Жауап", "Үкіметтік емес ұйымның атауы, мәліметтер"],
        "yes": "Иә",
        "no": "Жоқ",
        "bin": "БСН",
        "confirm": "Мен мүдделер қақтығысына қатысты саясатты түсінетінімді және аталған "
        "хабарламаны толтыру кезінде сенімді ақпарат беретінімді растаймын.",
        "date": lambda d: f"{d:%Y} жылғы «{d:%d}» {_KK_MONTHS[d.month - 1]}",
        "no_date": "20 ____ жылғы « ____ » _____",
        "signature": Signature("", "(сарапшының тегі, аты, әкесінің аты)", "Қолы"),
        "signed_mark": "Хабарламаға электрондық түрде {moment} қол қойылды",
    },
    "ru": {
        "to": "Кому: {body}",
        "to_hint": "(наименование государственного органа)",
        "from": "От кого: {expert}",
        "from_hint": "(фамилия, имя, отчество (при его наличии) эксперта)",
        "title": "Уведомление о наличии или отсутствии конфликта интересов с "
        "неправительственной организацией, реализующей государственный социальный заказ",
        "absence": "Я, {expert}, уведомляю об отсутствии конфликта интересов с государственным "
        "органом в сфере государственного социального заказа и неправительственной "
        "организацией, реализующей государственный социальный заказ, при осуществлении своей "
        "деятельности в качестве независимого эксперта буду строго следовать принципам "
        "справедливости и объективности.",
        "presence": "Я, {expert}, уведомляю о наличии конфликта интересов с государственным "
        "органом в сфере государственного социального заказа и неправительственной "
        "организацией, реализующей государственный социальный заказ.",
        "questions": {
            "member": "Являетесь ли Вы членом (участником), учредителем неправительственной "
            "организации (если да, то укажите наименование неправительственной организации)",
            "governing": "Являетесь ли Вы членом органа управления, руководителем "
            "неправительственной организации (если да, то укажите орган управления, "
            "наименование неправительственной организации и занимаемую должность)",
            "payments": "Получали ли Вы в течение последних трех лет оплату за оказанные "
            "услуги или прямую финансовую поддержку от неправительственной организации (если "
            "да, то укажите, какие именно услуги и наименование неправительственной "
            "организации)",
            "family": "Имеете ли Вы близкие родственные связи с работниками "
            "неправительственной организации (если да, то укажите фамилию, имя, отчество (при "
            "его наличии) работника, наименование неправительственной организации, в которой "
            "он работает, степень родства)",
            "other": "Имеете ли Вы иной потенциальный конфликт интересов (если да, то "
            "необходимо указать)",
        },
        "columns": ["№", "Вопрос", "Ответ", "Наименование неправительственной организации, "
                    "сведения"],
        "yes": "Да",
        "no": "Нет",
        "bin": "БИН",
        "confirm": "Подтверждаю, что понимаю политику в отношении конфликта интересов и "
        "предоставляю достоверную информацию при заполнении данного уведомления.",
        "date": lambda d: f"«{d:%d}» {_RU_MONTHS[d.month - 1]} {d:%Y} года",
        "no_date": "« ____ » _____ 20 ____ года",
        "signature": Signature("", "(фамилия, имя, отчество эксперта)", "Подпись"),
        "signed_mark": "Уведомление подписано в электронной форме {moment}",
    },
}  # fmt: skip
_KK_MONTHS = [
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
]  # fmt: skip
_RU_MONTHS = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


def _ngo_line(ngo, lang, bin_label):
    name = _pick(ngo, "name", lang)
    return f"{name} ({bin_label} {ngo['bin']})" if ngo.get("bin") else name


def annex4_document(*, lang, notice, draft=False) -> FormDocument:
    """Annex 4 for one notice in `lang` ("kk" or "ru")."""
    lang = check_language(lang)
    t = TEXTS[lang]
    base = ANNEX_TEXTS[lang]
    expert = notice["expert"]
    body = _pick(notice, "body", lang)
    doc = FormDocument(
        caption=base["caption"](edition_words(None, lang)["rules"], 4),
        addressee=[
            t["to"].format(body=body),
            t["to_hint"],
            t["from"].format(expert=expert),
            t["from_hint"],
        ],
        form_label=base["form"],
        title=t["title"],
        columns=[
            Column(h, k, w)
            for h, k, w in zip(
                t["columns"], [NUMBER, TEXT, TEXT, TEXT], [5, 56, 11, 46], strict=True
            )
        ],
        lang=lang,
        orientation=PORTRAIT,
        page_label=base["page"],
        draft=base["draft"] if draft else "",
        sheet_title="4",
        signatures=[Signature(**{**vars(t["signature"]), "name": expert})],
    )
    statement = t["presence"] if notice["declares_conflict"] else t["absence"]
    doc.add_group(statement.format(expert=expert))
    for n, row in enumerate(notice["answers"], start=1):
        lines = [_ngo_line(ngo, lang, t["bin"]) for ngo in row.get("ngos", ())]
        if row.get("details"):
            lines.append(row["details"])
        doc.add(
            n,
            t["questions"][row["question"]],
            t["yes"] if row["answer"] else t["no"],
            "\n".join(lines),
        )
    doc.add_group(t["confirm"])
    signed_on = notice.get("signed_on")
    doc.footer.append(t["date"](signed_on) if signed_on else t["no_date"])
    if notice.get("signed_at"):
        doc.footer.append(t["signed_mark"].format(moment=notice["signed_at"]))
    return doc
