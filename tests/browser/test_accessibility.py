"""Every page in the light and the dark scheme, on a phone and a laptop: zero axe-core violations (WCAG 2.2 A and AA
and best practices), no console errors, no failed requests, nothing from another host."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import page_paths

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


def shares(paths: list[str], sizes: list[int], parts: int) -> list[list[str]]:
    """The pages in `parts` lists of about equal size: each page, largest first, joins the
    smallest list so far."""
    lists: list[list[str]] = [[] for _ in range(parts)]
    totals = [0] * parts
    for size, path in sorted(zip(sizes, paths), reverse=True):
        smallest = totals.index(min(totals))
        lists[smallest].append(path)
        totals[smallest] += size
    return lists


# The pages in this many parts, so that pytest-xdist can share them between its workers.
PARTS = 6


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_is_accessible_and_clean(browser, site_url, built_site, pages, part, record_property):
    """Each page is loaded once; the scheme and the width change in place (Material follows the
    reader's scheme as it changes), and axe runs on each of the four. The parts share the pages
    by size (axe's time grows with the page), so that none takes much longer than the others."""
    axe_script = Axe().axe_script  # axe-core itself, as the package ships it
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
    checked, loads, rules, runs, violation_count = 0, 0, set(), 0, 0
    mine = shares(page_paths(built_site, pages), [p.stat().st_size for p in pages], PARTS)[part]
    for path in mine:
        errors.clear(), foreign.clear(), failed.clear()
        page.emulate_media(color_scheme="light")
        page.set_viewport_size({"width": 360, "height": 900})
        response = page.goto(site_url + path, wait_until="load")
        loads += 1
        assert response is not None and response.ok, path
        # Material fades colours when the scheme changes: without that, axe reads the final colours.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.evaluate(axe_script)  # once per load: the scheme and width change in place
        for scheme, width in COMBINATIONS:
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            expected = "slate" if scheme == "dark" else "default"
            page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected)
            result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            violations = result["violations"]
            rules |= {r["id"] for r in result.get("passes", [])} | {v["id"] for v in violations}
            violation_count += len(violations)
            if violations:
                problems.append(f"{path} [{scheme}, {width} px]\n{describe(violations)}")
            runs += 1
        # The network is idle by now (the axe runs take seconds): every request of the page has
        # ended, and any failure is in the lists, without waiting idle before the runs.
        page.wait_for_load_state("networkidle")
        for kind, found in (
            ("console error", errors),
            ("request to another host", foreign),
            ("failed request", failed),
        ):
            problems += [f"{path} {kind}: {item}" for item in found]
        checked += 1
    context.close()
    # Summed over the parts at the end of the run (tests/browser/conftest.py).
    record_property("axe", json.dumps({"runs": runs, "rules": sorted(rules), "violations": violation_count}))
    assert mine and checked == loads == len(mine)
    assert not problems, "\n".join(problems)
