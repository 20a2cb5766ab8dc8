"""Every page in the light and the dark scheme, on a phone and a laptop: zero axe-core violations (WCAG 2.2 A and AA
and best practices), no console errors, no failed requests, nothing from another host. Every rule runs on every
page at both widths; in the dark scheme, the rules that read colours (see COLOUR_RULES)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

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

# The rules whose result can change with the colour scheme alone: they read colours. The others
# read the markup, the layout and what is visible, which the scheme does not change, except in
# Material's scheme switch (a page's other toggle shows): in the dark scheme they run again only
# where that holds for none of it, on the home page (the switch is the same on every page), or
# where anything else on the page shows or hides with the scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
COLOUR_OPTIONS = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}
SWITCH = "[data-md-component=palette]"
VISIBILITY = f"""() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('{SWITCH}')).map(e => e.checkVisibility() ? '1' : '0').join('')"""


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


# The pages in this many parts, so that pytest-xdist can share them between its workers. Size is
# only a rough guide to axe's time (a page of wide tables takes longer than its size says): small
# parts keep the last one from running long after the other worker has finished.
PARTS = 12


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_is_accessible_and_clean(browser, axe_script, site_url, built_site, pages, part, record_property):
    """Each page is loaded once; the scheme and the width change in place (Material follows the
    reader's scheme as it changes), and axe runs on each of the four. The parts share the pages
    by size (axe's time grows with the page), so that none takes much longer than the others."""
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
    checked, loads, rules, runs, violation_count, colour_only = 0, 0, set(), 0, 0, 0
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
        shown_in_light = ""
        for scheme, width in COMBINATIONS:
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            expected = "slate" if scheme == "dark" else "default"
            page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected)
            shown = page.evaluate(VISIBILITY)
            if scheme == "light":
                shown_in_light, options = shown, AXE_OPTIONS
            else:
                same = shown == shown_in_light and path != "/"
                options = COLOUR_OPTIONS if same else AXE_OPTIONS
                colour_only += same
            result = page.evaluate("options => axe.run(document, options)", options)
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
    record_property(
        "axe",
        json.dumps({"runs": runs, "colour_only": colour_only, "rules": sorted(rules), "violations": violation_count}),
    )
    assert mine and checked == loads == len(mine)
    assert not problems, "\n".join(problems)
