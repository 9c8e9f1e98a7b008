"""Annex 6 of the Rules: an expert council member's notification of the presence or absence
of a conflict of interest with NGOs implementing the state social order (§16), in Kazakh and
Russian, as a `FormDocument` (rendered to xlsx and PDF by `publishing.annexes.render`).

Annex 6 asks the same five questions as Annex 4 (`publishing.annex4`), addressed to the state
body under which the council is formed and not tied to one project. The Kazakh words are those
of Annex 6 in seed `001` (which, like Annex 4, reads "тәуелсіз сарапшы ретінде" in the
declaration of absence: kept as the law has it); the Russian ones follow the English Annex 6
of seed `000` ("as a member of the expert council") with the Russian wording of Annex 4.

The input is a plain dict (see `notice_data` in `tapsyrys.evaluation.views.councils`):
{body_kk, body_ru, member, council_term (e.g. "2027–2029"), declares_conflict, signed_on
(date or None), signed_at (text), answers: [{question, answer (bool), ngos: [{name_kk,
name_ru, bin}], details}]} in the order of `core.conflicts.QUESTIONS`.
"""

from .annex4 import TEXTS as ANNEX4_TEXTS
from .annex4 import _ngo_line
from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_language, edition_words
from .document import NUMBER, PORTRAIT, TEXT, Column, FormDocument, Signature

TEXTS = {
    "kk": {
        **ANNEX4_TEXTS["kk"],
        "council": "Сараптамалық кеңес: {term} жылдар",
        "signature": Signature("", "(сараптамалық кеңес мүшесінің тегі, аты, әкесінің аты)",
                               "Қолы"),
    },
    "ru": {
        **ANNEX4_TEXTS["ru"],
        "from_hint": "(фамилия, имя, отчество (при его наличии) члена экспертного совета)",
        "absence": "Я, {expert}, уведомляю об отсутствии конфликта интересов с государственным "
        "органом в сфере государственного социального заказа и неправительственной "
        "организацией, реализующей государственный социальный заказ, при осуществлении своей "
        "деятельности в качестве члена экспертного совета буду строго следовать принципам "
        "справедливости и объективности.",
        "council": "Экспертный совет на {term} годы",
        "signature": Signature("", "(фамилия, имя, отчество члена экспертного совета)",
                               "Подпись"),
    },
}  # fmt: skip


def annex6_document(*, lang, notice, draft=False) -> FormDocument:
    """Annex 6 for one council member's notice in `lang` ("kk" or "ru")."""
    lang = check_language(lang)
    t = TEXTS[lang]
    base = ANNEX_TEXTS[lang]
    member = notice["member"]
    body = _pick(notice, "body", lang)
    addressee = [
        t["to"].format(body=body),
        t["to_hint"],
        t["from"].format(expert=member),
        t["from_hint"],
    ]
    if notice.get("council_term"):
        addressee.append(t["council"].format(term=notice["council_term"]))
    doc = FormDocument(
        caption=base["caption"](edition_words(None, lang)["rules"], 6),
        addressee=addressee,
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
        sheet_title="6",
        signatures=[Signature(**{**vars(t["signature"]), "name": member})],
    )
    statement = t["presence"] if notice["declares_conflict"] else t["absence"]
    doc.add_group(statement.format(expert=member))
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
