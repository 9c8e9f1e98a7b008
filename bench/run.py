"""`make bench`: seeds PostgreSQL at the given scale once, then measures each app's scenarios.

Prints, per scenario: median and 90th-percentile latency over N runs, SQL queries per run,
the median as a ratio to its floor measured in the same run (README: "Reading the bench") and,
for bulk work, units per second. Results also go to bench/results/latest.md (generated: never
edit it by hand).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")


def ensure_database():
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tapsyrys_bench")
    name = url.rsplit("/", 1)[-1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", base, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["psql", base, "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["demo", "national"], default="national")
    parser.add_argument("--only", help="run scenarios whose name contains this text")
    args = parser.parse_args()
    ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tapsyrys.core.extensions import app_modules
    from tapsyrys.core.models import User

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("seed_demo", scale=args.scale, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:  # fresh planner statistics after the bulk seed
        cursor.execute("ANALYZE")
    print(f"database ready ({args.scale} scale) in {time.monotonic() - started:.0f}s")

    from tapsyrys.core.models import Organisation

    print(f"NGOs: {Organisation.objects.filter(kind='ngo').count()}")
    from tapsyrys.core.bench_support import FLOORS, Scenario

    lines = [
        "| scenario | runs | median ms | p90 ms | queries | × floor | throughput |",
        "|---|---|---|---|---|---|---|",
    ]
    floors = {
        key: Scenario(label, url=url, runs=41, floor=key) for key, (label, url) in FLOORS.items()
    }
    floor_ms = {}
    selected = [
        sc
        for module in app_modules("bench")
        for sc in module.scenarios()
        if not args.only or args.only in sc.name
    ]
    for sc in [*floors.values(), *selected]:
        client = Client()
        if sc.username:
            client.force_login(User.objects.get(username=sc.username))
        timings, queries, units = [], [], 0
        for i in range(sc.runs):
            if sc.setup:
                sc.setup()
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                if sc.url:
                    response = client.get(sc.url)
                    if response.status_code != 200:
                        raise SystemExit(f"{sc.name}: GET {sc.url} → {response.status_code}")
                    done = 0
                else:
                    done = sc.func() or 0
                elapsed = time.perf_counter() - t0
            if i or sc.runs == 1:  # the first run warms caches
                timings.append(elapsed)
                queries.append(len(ctx.captured_queries))
                units += done
        if sc.teardown:
            sc.teardown()
        med = statistics.median(timings) * 1000
        p90 = sorted(timings)[max(0, int(len(timings) * 0.9) - 1)] * 1000
        rate = f"{units / sum(timings):,.0f} {sc.unit}/s" if sc.unit and units else ""
        if sc.is_floor or any(sc is f for f in floors.values()):
            floor_ms[sc.floor] = med
            ratio = "1.0× (floor)"
        elif sc.floor_name() in floor_ms:
            ratio = f"{med / floor_ms[sc.floor_name()]:.1f}× {sc.floor_name()}"
        else:
            ratio = ""
        line = (
            f"| {sc.name} | {len(timings)} | {med:.2f} | {p90:.2f} | "
            f"{statistics.median(queries):.0f} | {ratio} | {rate} |"
        )
        print(line)
        lines.append(line)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(f"scale: {args.scale}\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
