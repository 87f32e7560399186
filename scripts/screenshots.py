"""Screenshot pages as a logged-in user, to look at the product the way its users see it.

The shared ``screenshot`` tool cannot log in; this one can. It drives Debian's Chromium through
Playwright (as the browser tests do), logs in once per user, and saves one PNG per page:

    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 --out /tmp/shots \\
        login=-:/login/ board=dispatcher:/work-orders/board/ \\
        my-jobs=technician:/work-orders/my-jobs/:390x844

Each page is NAME=USER:PATH[:WIDTHxHEIGHT]; USER "-" means not logged in. --lang picks the
interface language (zh-hans, zh-hant, en) through Django's language cookie. Demo logins share
the password demo12345 (README.md, "Demo data").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ACCEPT_LANGUAGE = {"zh-hans": "zh-CN", "zh-hant": "zh-TW", "en": "en-US"}


def parse_page(spec: str) -> tuple[str, str, str, tuple[int, int]]:
    name, _, rest = spec.partition("=")
    user, _, rest = rest.partition(":")
    path, _, size = rest.partition(":")
    if not (name and user and path.startswith("/")):
        raise SystemExit(f"bad page {spec!r}: want NAME=USER:/PATH[:WIDTHxHEIGHT]")
    width, _, height = (size or "1280x900").partition("x")
    return name, user, path, (int(width), int(height))


def new_context(
    browser: Browser, args: argparse.Namespace, size: tuple[int, int]
) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        locale=ACCEPT_LANGUAGE.get(args.lang, args.lang),
    )
    host = urlsplit(args.base).hostname or "127.0.0.1"
    context.add_cookies(
        [{"name": "django_language", "value": args.lang, "domain": host, "path": "/"}]
    )
    return context


def log_in(context: BrowserContext, args: argparse.Namespace, user: str) -> None:
    page = context.new_page()
    page.goto(f"{args.base}/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", args.password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    if "/login/" in page.url:
        raise SystemExit(f"could not log in as {user!r}")
    page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", metavar="NAME=USER:PATH[:WxH]")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--lang", default="zh-hans")
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--viewport-only", action="store_true", help="not the whole page")
    args = parser.parse_args()
    args.base = args.base.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)
    pages = [parse_page(spec) for spec in args.pages]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        contexts: dict[tuple[str, tuple[int, int]], BrowserContext] = {}
        for name, user, path, size in pages:
            context = contexts.get((user, size))
            if context is None:
                context = contexts[(user, size)] = new_context(browser, args, size)
                if user != "-":
                    log_in(context, args, user)
            page = context.new_page()
            response = page.goto(args.base + path)
            page.wait_for_load_state("networkidle")
            out = args.out / f"{name}.png"
            page.screenshot(path=str(out), full_page=not args.viewport_only)
            status = response.status if response else "?"
            print(f"{out}  {status}  {user} {path}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
