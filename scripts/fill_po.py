"""Fills empty kk/ru msgstr entries of every app's catalogue from JSON translation files.

Usage: python scripts/fill_po.py FILE.json [FILE.json …]

Each file maps msgid → [kk, ru]; a plural entry maps its singular msgid to
{"plural": "…", "kk": [one, other], "ru": [one, few, many]}; a pgettext entry's key is
"context\\u0004msgid". The .po files stay the one source of the catalogues: a JSON file is
only a way to hand a batch of translations over, and is not kept. Entries that already have
a translation are left as they are; English entries default to the source text.
"""

import json
import pathlib
import sys

import polib

PLURALS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def load(paths):
    table = {}
    for path in paths:
        table.update(json.loads(pathlib.Path(path).read_text(encoding="utf-8")))
    return table


def key_of(entry):
    return f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid


def fill(po, lang, table):
    """Fill empty and fuzzy entries from the table; a fuzzy entry (makemessages' guess from a
    similar msgid) keeps its flag unless the table translates it, so the check still fails."""
    filled = 0
    for entry in po:
        value = table.get(key_of(entry))
        fuzzy = "fuzzy" in entry.flags
        if value is None:
            continue
        if entry.msgid_plural:
            if isinstance(value, dict) and (fuzzy or not all(entry.msgstr_plural.values())):
                entry.msgstr_plural = dict(enumerate(value[lang]))
                filled += 1
            else:
                continue
        elif isinstance(value, list) and (fuzzy or not entry.msgstr):
            entry.msgstr = value[0 if lang == "kk" else 1]
            filled += 1
        else:
            continue
        if fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    return filled


def main():
    table = load(sys.argv[1:])
    root = pathlib.Path(__file__).resolve().parent.parent
    for path in sorted(root.glob("tapsyrys/*/locale/*/LC_MESSAGES/django.po")):
        lang = path.parts[-3]
        po = polib.pofile(str(path))
        po.metadata.update(
            {"Plural-Forms": PLURALS[lang], "Language": lang,
             "Content-Type": "text/plain; charset=UTF-8"}
        )  # fmt: skip
        if lang == "en":
            for entry in po:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                else:  # the source text is English: a fuzzy guess never survives
                    entry.msgstr = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = None
            filled = "en"
        else:
            filled = fill(po, lang, table)
        po.save()
        print(f"{path.relative_to(root)}: {filled}")


if __name__ == "__main__":
    main()
