"""Fills kk/ru msgstr of one app's catalogue from a translation table (msgid → kk, ru).

Usage: python scripts/i18n/fill_po.py <app> <table.py>   (the table defines T = {...};
a plural entry maps to ((kk_one, kk_other), (ru_one, ru_few, ru_many))).
Untouched entries keep what they have; the check_messages script reports the rest.
"""

import pathlib
import runpy
import sys

import polib

PLURALS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}

app, table = sys.argv[1], runpy.run_path(sys.argv[2])["T"]
root = pathlib.Path(__file__).resolve().parents[2] / "tapsyrys" / app / "locale"
for index, lang in ((0, "kk"), (1, "ru")):
    path = root / lang / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = PLURALS[lang]
    po.metadata["Language"] = lang
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in po:
        if entry.msgid not in table:
            continue
        value = table[entry.msgid][index]
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(value))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
en = root / "en" / "LC_MESSAGES" / "django.po"
po = polib.pofile(str(en))
po.metadata["Plural-Forms"] = PLURALS["en"]
po.metadata["Language"] = "en"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
for entry in po:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    elif not entry.msgstr:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.save()
