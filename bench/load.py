"""`make load`: gunicorn with 2 workers on the national PostgreSQL database (the one `make bench`
seeds) and a bounded loopback load from wrk over the public portal, then the same load on the
plain floor (a Django view returning "ok") for comparison. Prints requests a second,
p50/p95/p99 latency and errors; writes bench/results/load.md (generated: never edit it).

The workers share Redis (REDIS_URL, default 127.0.0.1:6379/3) as production does, so a page one
worker caches is served by the other and a write invalidates both (README: "Reading the bench").
Target on a 2-core machine (issue 8): >= 300 requests a second mixed, p95 <= 250 ms, 0 errors.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tapsyrys_bench")

LUA = r"""
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%%d seconds=%%.3f p50=%%.2f p95=%%.2f p99=%%.2f errors=%%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def mixed_paths():
    """The public mix: home, the registry, a name search, the NGO with the longest history,
    the discussions list, the largest discussion, the NGO API and the deadline API."""
    import django

    django.setup()
    from django.urls import reverse

    from tapsyrys.contracting.bench import _ngo_with_longest_history
    from tapsyrys.formation.bench import largest_discussion

    topic = largest_discussion()
    paths = [
        "/",
        "/contracting/ngos/",
        "/contracting/ngos/?q=%D0%BC%D0%B5%D1%87%D1%82%D0%B0",
        f"/contracting/ngos/{_ngo_with_longest_history()}/",
        reverse("formation:discussions"),
        "/api/organisations/?kind=ngo",
        "/api/calendar/deadline/?start=2025-03-14&working_days=10",
    ]
    if topic:
        paths.insert(5, reverse("formation:public_topic", args=[topic]))
    return paths


def wrk(base, paths, *, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": ", ".join(f'"{p}"' for p in paths)})
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            script.name,
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    found = re.search(
        r"RESULT requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) "
        r"errors=(\d+)",
        out,
    )
    requests, duration, p50, p95, p99, errors = found.groups()
    return {
        "rps": int(requests) / float(duration),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(errors),
        "requests": int(requests),
    }


def wait_until_up(base, timeout=60):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            urllib.request.urlopen(base + "/bench-floor/plain/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--bind", default="127.0.0.1:8097")
    args = parser.parse_args()
    paths = mixed_paths()
    base = f"http://{args.bind}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--chdir",
            str(ROOT),
            "--bind",
            args.bind,
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        env={**os.environ},
    )
    try:
        wait_until_up(base)
        for path in paths:  # every page once, so the load measures the served portal
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
        mixed = wrk(base, paths, seconds=args.seconds, connections=args.connections)
        floor = wrk(
            base,
            ["/bench-floor/plain/"],
            seconds=max(10, args.seconds // 3),
            connections=args.connections,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [
        f"gunicorn: 2 workers × 4 threads; wrk: 2 threads, {args.connections} connections, "
        f"{args.seconds} s mixed",
        "",
        "| load | requests/s | p50 ms | p95 ms | p99 ms | errors | × plain floor (rps) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in (("mixed public portal", mixed), ("plain floor", floor)):
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
            f"{r['errors']} | {r['rps'] / floor['rps']:.2f} |"
        )
    lines += ["", "mixed paths: " + ", ".join(paths)]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.md").write_text(text + "\n")
    ok = mixed["rps"] >= 300 and mixed["p95"] <= 250 and mixed["errors"] == 0
    print("target (>= 300 rps, p95 <= 250 ms, 0 errors):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
