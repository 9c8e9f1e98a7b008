"""Annex 6 as a FormDocument (no database): the Kazakh words of seed 001, the Russian ones of
the official form; the member named in the declaration and the signature; the draft mark."""

import datetime as dt

import pytest

from tapsyrys.core.errors import ApplicationError
from tapsyrys.publishing.annex6 import annex6_document
from tapsyrys.publishing.annexes import render

QUESTIONS = ("member", "governing", "payments", "family", "other")


def _notice(**kw):
    notice = {
        "body_kk": "Алматы қаласының әкімдігі", "body_ru": "Акимат города Алматы",
        "member": "Сауле Нурланова", "council_term": "2027–2029", "declares_conflict": False,
        "signed_on": dt.date(2026, 3, 20), "signed_at": "20.03.2026 11:00",
        "answers": [{"question": q, "answer": False, "ngos": [], "details": ""}
                    for q in QUESTIONS],
    }  # fmt: skip
    notice.update(kw)
    return notice


def _text(doc):
    parts = [*doc.caption, *doc.addressee, doc.title, *doc.footer]
    for row in doc.rows:
        parts.extend(str(v) for v in row.cells if v is not None)
    return "\n".join(str(p) for p in parts)


def test_kazakh():
    doc = annex6_document(lang="kk", notice=_notice())
    text = _text(doc)
    assert "6-қосымша" in text and "Кімге: Алматы қаласының әкімдігі" in text
    assert "2020" not in doc.title
    assert "2026 жылғы «20» наурыз" in text
    assert "Сараптамалық кеңес: 2027–2029 жылдар" in text


def test_russian_presence_and_named_ngo():
    answers = [{"question": q, "answer": q == "member",
                "ngos": [{"name_ru": "ОФ «Шаг»", "bin": "123456789012"}] if q == "member" else [],
                "details": ""} for q in QUESTIONS]  # fmt: skip
    doc = annex6_document(lang="ru", notice=_notice(declares_conflict=True, answers=answers))
    text = _text(doc)
    assert "Приложение 6" in text and "Кому: Акимат города Алматы" in text
    assert "о наличии конфликта интересов" in text
    assert "ОФ «Шаг» (БИН 123456789012)" in text
    assert "«20» марта 2026 года" in text


def test_draft_mark_and_renders():
    doc = annex6_document(lang="ru", notice=_notice(signed_on=None, signed_at=""), draft=True)
    assert doc.draft.startswith("ПРОЕКТ")
    for fmt in ("xlsx", "pdf"):
        content, media_type = render(doc, fmt)
        assert content and media_type


def test_language_refused():
    with pytest.raises(ApplicationError):
        annex6_document(lang="en", notice=_notice())
