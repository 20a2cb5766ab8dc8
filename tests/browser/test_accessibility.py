"""Every page in the light and the dark scheme, on a phone and a laptop: zero axe-core violations (WCAG 2.2 A and AA
and best practices), no console errors, no failed requests, nothing from another host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AXE_TOTALS, page_paths

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "wcag22aa", "best-practice"]},
               "resultTypes": ["violations"]}


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
                     for v in violations)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_accessible_and_clean(browser, site_url, built_site, pages, scheme, width):
    axe = Axe()
    host = urlsplit(site_url).netloc
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    problems, checked, rules = [], 0, set()
    for path in page_paths(built_site, pages):
        page = context.new_page()
        errors, foreign, failed = [], [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: urlsplit(r.url).netloc not in ("", host) and not r.url.startswith("data:")
                and foreign.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response.ok, path
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected, path
        result = axe.run(page, options=AXE_OPTIONS)
        violations = result.response["violations"]
        rules |= {r["id"] for r in result.response.get("passes", [])} | {v["id"] for v in violations}
        AXE_TOTALS["violations"] += len(violations)
        if violations:
            problems.append(f"{path} [{scheme}, {width} px]\n{describe(violations)}")
        for kind, found in (("console error", errors), ("request to another host", foreign),
                            ("failed request", failed)):
            problems += [f"{path} [{scheme}] {kind}: {item}" for item in found]
        checked += 1
        page.close()
    context.close()
    AXE_TOTALS["pages"] += checked
    AXE_TOTALS["rules"] |= rules
    assert checked == len(pages)
    assert not problems, "\n".join(problems)
