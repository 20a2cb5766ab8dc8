"""Every page in the light and the dark scheme, on a phone and a laptop: zero axe-core violations (WCAG 2.2 A and AA
and best practices), no console errors, no failed requests, nothing from another host."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AXE_TOTALS, page_paths

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at " + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )


COMBINATIONS = [("light", 360), ("dark", 360), ("light", 1280), ("dark", 1280)]


def test_every_page_is_accessible_and_clean(browser, site_url, built_site, pages):
    """Each page is loaded once; the scheme and the width change in place (Material follows the
    reader's scheme as it changes), and axe runs on each of the four."""
    axe = Axe()
    host = urlsplit(site_url).netloc
    context = browser.new_context(color_scheme="light", viewport={"width": 360, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: urlsplit(r.url).netloc not in ("", host) and not r.url.startswith("data:") and foreign.append(r.url),
    )
    page.on("requestfailed", lambda r: failed.append(r.url))
    problems: list[str] = []
    checked, loads, rules = 0, 0, set()
    for path in page_paths(built_site, pages):
        errors.clear(), foreign.clear(), failed.clear()
        page.emulate_media(color_scheme="light")
        page.set_viewport_size({"width": 360, "height": 900})
        response = page.goto(site_url + path, wait_until="networkidle")
        loads += 1
        assert response is not None and response.ok, path
        # Material fades colours when the scheme changes: without that, axe reads the final colours.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        for scheme, width in COMBINATIONS:
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            expected = "slate" if scheme == "dark" else "default"
            page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected)
            result = axe.run(page, options=AXE_OPTIONS)
            violations = result.response["violations"]
            rules |= {r["id"] for r in result.response.get("passes", [])} | {v["id"] for v in violations}
            AXE_TOTALS["violations"] += len(violations)
            if violations:
                problems.append(f"{path} [{scheme}, {width} px]\n{describe(violations)}")
            AXE_TOTALS["pages"] += 1
        for kind, found in (
            ("console error", errors),
            ("request to another host", foreign),
            ("failed request", failed),
        ):
            problems += [f"{path} {kind}: {item}" for item in found]
        checked += 1
    context.close()
    AXE_TOTALS["rules"] |= rules
    assert checked == loads == len(pages)
    assert not problems, "\n".join(problems)
