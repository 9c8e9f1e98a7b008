"""Screenshots of pages in headless Chromium: python scripts/screenshot.py [--user U] [--lang kk]
[--base http://127.0.0.1:8000] PATH... → /tmp/shots/<lang>_<path>.png (to look at a page)."""

import argparse
import pathlib
import re

from playwright.sync_api import sync_playwright

parser = argparse.ArgumentParser()
parser.add_argument("paths", nargs="+")
parser.add_argument("--user")
parser.add_argument("--password", default="demo-2026")
parser.add_argument("--lang", default="kk")
parser.add_argument("--base", default="http://127.0.0.1:8000")
parser.add_argument("--out", default="/tmp/shots")
parser.add_argument("--width", type=int, default=1280)
parser.add_argument("--viewport-only", action="store_true", help="the first screen, not the page")
args = parser.parse_args()
out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    context = browser.new_context(viewport={"width": args.width, "height": 900})
    context.add_cookies([{"name": "tapsyrys_language", "value": args.lang, "url": args.base}])
    page = context.new_page()
    if args.user:
        page.goto(f"{args.base}/accounts/login/")
        page.fill("input[name=username]", args.user)
        page.fill("input[name=password]", args.password)
        page.click("[data-testid=login-submit]")
        page.wait_for_load_state()
    for path in args.paths:
        page.goto(f"{args.base}{path}")
        page.wait_for_load_state("networkidle")
        name = re.sub(r"[^a-zA-Z0-9]+", "_", path).strip("_") or "home"
        target = out / f"{args.lang}_{args.user or 'anon'}_{name}.png"
        page.screenshot(path=str(target), full_page=not args.viewport_only)
        print(target)
    browser.close()
