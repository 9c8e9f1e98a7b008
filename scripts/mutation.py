#!/usr/bin/env python3
"""`make mutation`: mutation testing of the pure rule modules (issue 11).

Runs mutmut (pinned in requirements-dev.txt, configured in pyproject.toml [tool.mutmut]) from a
fresh `mutants/` copy, then prints one line per mutated module and, last,

    mutation score N% (K killed of M covered)

A mutant is *covered* when at least one selected test calls the function it changes; it is
*killed* when a test fails (a timeout counts as killed). The run fails when a module scores under
90 % or when a surviving mutant is not listed in mutation-accepted.txt (equivalent mutants only,
each with its reason). Accepted survivors still count as survivors in the score.

Usage: python scripts/mutation.py [--keep]   (--keep reuses mutants/ and mutmut's cache)
"""

import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 90.0
ACCEPTED = ROOT / "mutation-accepted.txt"
KILLED = {"killed", "timeout", "segfault"}
SURVIVED = {"survived", "suspicious"}
NOT_COVERED = {"no tests", "skipped", "caught by type check"}
_KEY = re.compile(r"^\s*(?P<key>\S+): (?P<status>.+)$")


def module_of(key: str) -> str:
    """'tapsyrys.core.bin.x_is_valid_bin__mutmut_3' → 'tapsyrys/core/bin.py'."""
    module = re.split(r"\.x_|\.xǁ", key, maxsplit=1)[0]
    return module.replace(".", "/") + ".py"


def read_accepted() -> dict[str, str]:
    accepted = {}
    if not ACCEPTED.exists():
        return accepted
    for number, line in enumerate(ACCEPTED.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _sep, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{ACCEPTED.name}:{number}: {name} needs a reason after the name")
        accepted[name] = reason.strip()
    return accepted


def main() -> int:
    keep = "--keep" in sys.argv[1:]
    os.chdir(ROOT)
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tapsyrys_mutation")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    mutmut = [str(Path(sys.executable).parent / "mutmut")]
    if not keep and Path("mutants").exists():
        shutil.rmtree("mutants")
    Path("mutants").mkdir(exist_ok=True)
    log = Path("mutants/mutmut-run.log")
    print(f"mutmut run (database {env['DATABASE_URL'].rsplit('/', 1)[-1]}, log {log}) …")
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.call([*mutmut, "run"], env=env, stdout=out, stderr=subprocess.STDOUT)
    minutes = (time.monotonic() - started) / 60
    if code != 0:
        print(log.read_text(encoding="utf-8", errors="replace")[-4000:])
        print(f"mutmut run failed with exit code {code}")
        return code
    listing = subprocess.run(
        [*mutmut, "results", "--all", "true"], env=env, capture_output=True, text=True, check=True
    ).stdout
    status_of = {}
    for line in listing.splitlines():
        if match := _KEY.match(line):
            status_of[match["key"]] = match["status"].strip()

    accepted = read_accepted()
    by_module: dict[str, Counter] = defaultdict(Counter)
    unaccepted, stale = [], [name for name in accepted if name not in status_of]
    for key, status in sorted(status_of.items()):
        counts = by_module[module_of(key)]
        if status in KILLED:
            counts["killed"] += 1
            if key in accepted:
                stale.append(key)
        elif status in SURVIVED:
            counts["survived"] += 1
            if key in accepted:
                counts["accepted"] += 1
            else:
                unaccepted.append(key)
        elif status in NOT_COVERED:
            counts["not covered"] += 1
        else:
            counts["not checked"] += 1
            unaccepted.append(key)

    failed = False
    width = max((len(m) for m in by_module), default=0)
    total_killed = total_covered = 0
    for module, counts in sorted(by_module.items()):
        covered = counts["killed"] + counts["survived"]
        score = 100.0 * counts["killed"] / covered if covered else 100.0
        total_killed += counts["killed"]
        total_covered += covered
        low = score < THRESHOLD
        failed |= low
        print(
            f"{module:<{width}}  {score:5.1f}%  ({counts['killed']} killed of {covered} covered; "
            f"{counts['survived']} survived, {counts['accepted']} of them accepted; "
            f"{counts['not covered']} not covered)" + ("  BELOW 90%" if low else "")
        )
    for key in unaccepted:
        print(f"survivor not in {ACCEPTED.name}: {key}   (see: .venv/bin/mutmut show {key})")
    for key in stale:
        print(f"{ACCEPTED.name} lists {key}, which no longer survives: remove it")
    failed |= bool(unaccepted) or bool(stale)
    print(f"mutmut took {minutes:.1f} min")
    score = 100.0 * total_killed / total_covered if total_covered else 100.0
    print(f"mutation score {score:.1f}% ({total_killed} killed of {total_covered} covered)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
