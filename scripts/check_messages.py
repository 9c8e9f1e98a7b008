"""Fails when a catalogue has an untranslated or fuzzy entry (X-I18N: kk, ru, en complete)."""

import pathlib
import sys

import polib

root = pathlib.Path(__file__).resolve().parent.parent
problems = []
catalogues = sorted(root.glob("tapsyrys/*/locale/*/LC_MESSAGES/django.po"))
for path in catalogues:
    po = polib.pofile(str(path))
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{path.relative_to(root)}: fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                problems.append(f"{path.relative_to(root)}: untranslated: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"{path.relative_to(root)}: untranslated: {entry.msgid!r}")
for problem in problems:
    print(problem)
print(f"{len(catalogues)} catalogues checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
