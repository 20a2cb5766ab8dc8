"""axe-core's time on the site's pages: the version package-lock.json pins against an earlier one.

    python -m bench.axe [--against 4.12.1] [--rounds 3] [--site site]     (from the project folder)

Installs the earlier axe-core with npm into a temporary folder, serves the built site on
loopback, and on each page runs both versions in Debian's Chromium at 360 px, in turn and
interleaved round by round: every rule the accessibility test applies, then its colour rules
alone. Prints wall seconds (min, median and max) and the ratio of the pinned version to the
earlier one. The accessibility test spends most of its time in these runs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# The accessibility test's own axe-core and options (run as a module, so tests/ is found).
from sciatica.browser import CHROMIUM_ARGS
from tests.browser.conftest import AXE_CORE
from tests.browser.test_accessibility import AXE_OPTIONS, COLOUR_OPTIONS

# The longest pages first (the colour rules' time grows with the text on the page), then a short one.
PAGES = ["/references/", "/cases/", "/anatomy/", "/massage/kneading-in-depth/", "/"]
RUNS = {"all rules": AXE_OPTIONS, "colour rules": COLOUR_OPTIONS}


def earlier_axe(version: str, folder: Path) -> str:
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(folder),
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--silent",
            f"axe-core@{version}",
        ],
        check=True,
    )
    return (folder / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def served(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="4.12.1", help="the earlier axe-core version")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", default="site", help="a built site (make build)")
    args = parser.parse_args()
    site = Path(args.site).resolve()
    chromium = shutil.which("chromium")
    if not (site / "index.html").is_file() or chromium is None or not AXE_CORE.is_file():
        print("needs a built site (make build), Debian's chromium and node_modules (npm ci)", file=sys.stderr)
        return 1
    pinned = AXE_CORE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        scripts = {args.against: earlier_axe(args.against, Path(folder)), "pinned": pinned}
    from playwright.sync_api import sync_playwright

    seconds: dict[tuple[str, str, str], list[float]] = {}
    server, url = served(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 360, "height": 900}).new_page()
            for round_ in range(args.rounds):
                versions = list(scripts) if round_ % 2 == 0 else list(scripts)[::-1]
                for path in PAGES:
                    for version in versions:
                        page.goto(url + path, wait_until="load")
                        page.evaluate(scripts[version])
                        for kind, options in RUNS.items():
                            start = time.perf_counter()
                            page.evaluate("options => axe.run(document, options)", options)
                            seconds.setdefault((path, kind, version), []).append(time.perf_counter() - start)
            browser.close()
    finally:
        server.shutdown()
    found = re.search(r"axe v([\d.]+)", pinned[:200])
    print(
        f"axe-core {found.group(1) if found else '(pinned)'} (package-lock.json) against {args.against}: "
        f"wall seconds min/median/max, {args.rounds} interleaved rounds, 360 px"
    )
    print(f"{'page':<30} {'rules':<13} {args.against:>16} {'pinned':>16} {'pinned/earlier':>16}")
    for path in PAGES:
        for kind in RUNS:
            before, after = seconds[(path, kind, args.against)], seconds[(path, kind, "pinned")]
            ratio = [a / b for a, b in zip(after, before)]
            print(f"{path:<30} {kind:<13} {spread(before):>16} {spread(after):>16} {spread(ratio):>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
