"""The browser tier: Debian's Chromium driven by Playwright, against the built site served on
loopback. Without Chromium these tests fail under CI and are skipped loudly elsewhere."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from tests.conftest import require_tool

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    found = shutil.which("chromium")
    require_tool(
        found is not None, "Debian's chromium is not on PATH: the browser tier cannot run (apt-get install -y chromium)"
    )
    return found


def page_paths(built_site, pages) -> list[str]:
    """The URL path of every built page, as a reader would type it."""
    return ["/" if p.parent == built_site else f"/{p.parent.relative_to(built_site).as_posix()}/" for p in pages]


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))

    class QuietHandler(handler.func):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Filled by the accessibility test; printed at the end of the run for the record.
AXE_TOTALS = {"pages": 0, "rules": set(), "violations": 0}


def pytest_terminal_summary(terminalreporter):
    if AXE_TOTALS["pages"]:
        terminalreporter.write_line(
            f"axe-core: {AXE_TOTALS['pages']} checks (each page in two schemes at two widths), "
            f"{len(AXE_TOTALS['rules'])} rules applied, {AXE_TOTALS['violations']} violations"
        )
