"""Screenshots of built pages in Debian's Chromium, light and dark, for looking at changes.

python tools/screenshot.py site/massage/effleurage/index.html --out /tmp/shots [--width 360] [--print]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

from sciatica.browser import CHROMIUM_ARGS


def launch(playwright):
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not on PATH: apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def set_scheme(page, scheme: str) -> None:
    """Material keeps the reader's choice in local storage; set it as the toggle would."""
    page.evaluate(
        """scheme => { document.body.setAttribute('data-md-color-scheme', scheme);
        document.body.setAttribute('data-md-color-primary', 'indigo'); }""",
        scheme,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("targets", nargs="+", help="files or http URLs")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true", help="whole page, not just the viewport")
    parser.add_argument("--print", action="store_true", help="also print each page to PDF")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for target in args.targets:
            url = target if target.startswith("http") else Path(target).resolve().as_uri()
            stem = target.replace("/", "_").replace(":", "").strip("_")[-80:]
            page.goto(url)
            for scheme in ("default", "slate"):
                set_scheme(page, scheme)
                path = out / f"{stem}-{args.width}-{scheme}.png"
                page.screenshot(path=str(path), full_page=args.full)
                print(path)
            if args.print:
                path = out / f"{stem}.pdf"
                page.emulate_media(media="print")
                page.pdf(path=str(path), format="A4", print_background=True)
                page.emulate_media(media="screen")
                print(path)
        browser.close()


if __name__ == "__main__":
    main()
