"""The browser tier: Debian's Chromium driven by Playwright, against the built site served on
loopback. Without Chromium these tests fail under CI and are skipped loudly elsewhere."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from sciatica.browser import CHROMIUM_ARGS
from tests.conftest import ROOT, require_tool

# axe-core, as package-lock.json pins it (npm ci; make test installs it).
AXE_CORE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


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
def axe_script() -> str:
    require_tool(AXE_CORE.is_file(), f"{AXE_CORE.relative_to(ROOT)} is missing: run npm ci (make test installs it)")
    return AXE_CORE.read_text(encoding="utf-8")


def axe_violations(page, axe_script: str, options: dict) -> list[dict]:
    """axe-core's violations on the page as it stands (axe is added to the page if it has none)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_script)
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# --- every page once, on a phone ------------------------------------------------------------------

PHONE = {"width": 360, "height": 740}
# The targets a finger must hit, and the links that must show without hover.
TOUCH_TARGETS = (
    "article sup.sc-cite a, article .headerlink, article a.sc-row-link, article select, article a.sc-call-button"
)
ALWAYS_SHOWN_LINKS = "article h2 .headerlink, article .sc-steps .headerlink"

# What the phone tests measure on a page, in one pass (each test reads its own part).
MEASURE = """([targets, shown, screen]) => {
    const box = e => { const b = e.getBoundingClientRect();
        return {w: b.width, h: b.height, html: e.outerHTML.slice(0, 90)}; };
    const article = document.querySelector('article');
    const title = document.querySelector('article h1');
    let block = title && title.nextElementSibling;
    while (block && !block.textContent.trim()) { block = block.nextElementSibling; }
    const body = parseFloat(getComputedStyle(article).fontSize);
    const tables = [...document.querySelectorAll('article table')];
    return {
        scrollWidth: document.documentElement.scrollWidth,
        scrollHeight: document.documentElement.scrollHeight,
        titleGap: title.nextElementSibling.getBoundingClientRect().top - title.getBoundingClientRect().bottom,
        answerTop: block ? block.getBoundingClientRect().top + window.scrollY : 1e9,
        marksOnFirstScreen: [...document.querySelectorAll('article .sc-cite')]
            .filter(m => m.getBoundingClientRect().top + window.scrollY < screen).length,
        smallWarnings: [...document.querySelectorAll(
                'article .admonition:is(.warning,.danger,.caution,.attention,.failure,.bug)')]
            .filter(w => parseFloat(getComputedStyle(w).fontSize) < body)
            .map(w => `"${w.textContent.trim().slice(0, 40)}" at ${getComputedStyle(w).fontSize}`),
        tables: tables.length,
        cardProblems: tables.flatMap(table => {
            const head = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
            return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.children].map((cell, i) => {
                const label = getComputedStyle(cell, '::before').content;
                const display = getComputedStyle(cell).display;
                return (display === 'block' && label === JSON.stringify(head[i])) ? null
                    : `${row.id || i}: ${display} ${label} != ${head[i]}`;
            })).filter(Boolean);
        }),
        targets: [...document.querySelectorAll(targets)].map(box).filter(b => b.w > 0 && b.h > 0),
        linkOpacities: [...document.querySelectorAll(shown)].map(l => parseFloat(getComputedStyle(l).opacity)),
    };
}"""


@pytest.fixture(scope="session")
def on_a_phone(browser, site_url, built_site, pages) -> dict[str, dict]:
    """Every built page loaded once on a phone (360 x 740, touch, light scheme), as the page is at
    its load event, and measured for the phone tests: {URL path: measures}. Loading each page once
    for all of them keeps the browser tier quick as the site grows."""
    context = browser.new_context(viewport=PHONE, color_scheme="light", has_touch=True, is_mobile=True)
    page = context.new_page()
    measured = {}
    for path in page_paths(built_site, pages):
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.ok, path
        measured[path] = page.evaluate(MEASURE, [TOUCH_TARGETS, ALWAYS_SHOWN_LINKS, PHONE["height"]])
    context.close()
    return measured
