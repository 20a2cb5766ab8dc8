"""Figures of people in Chromium: each picture renders at a readable size on a 320 px phone and
fits a laptop screen, the programme prints on one sheet (two sides), and print is black on white."""

from __future__ import annotations

import pytest

PAGES = [
    "/treatment/exercise-programme/",
    "/treatment/exercise-programme-in-depth/",
    "/diagnosis-in-depth/",
    "/trainers/",
]

MEASURE = """svg => {
  const box = svg.getBoundingClientRect();
  const sizes = [...svg.querySelectorAll('text')].map(t => {
    const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); });
  return {width: box.width, height: box.height, smallest: Math.min(...sizes)};
}"""


def watch(page):
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.mark.parametrize(("width", "scheme"), [(320, "light"), (1280, "light"), (1280, "dark")])
def test_pictures_render_and_stay_readable(browser, site_url, width, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    problems, seen = [], 0
    for path in PAGES:
        page = context.new_page()
        errors = watch(page)
        assert page.goto(site_url + path, wait_until="load").ok
        for svg in page.query_selector_all(".sc-pose-panels svg"):
            found = svg.evaluate(MEASURE)
            seen += 1
            name = f"{path} {svg.get_attribute('id')} at {width} px"
            if found["width"] <= 0 or found["height"] <= 0:
                problems.append(f"{name}: not rendered")
            if found["width"] > width:
                problems.append(f"{name}: wider than the screen")
            if found["height"] > 620:
                problems.append(f"{name}: too tall ({found['height']:.0f} px)")
            if width <= 320 and found["smallest"] < 12:
                problems.append(f"{name}: text only {found['smallest']:.1f} px")
        problems += [f"{path}: {e}" for e in errors]
        page.close()
    context.close()
    assert seen >= 20
    assert not problems, "\n".join(problems)


def test_programme_prints_on_one_sheet_in_black_and_white(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "/treatment/exercise-programme-in-depth/", wait_until="load")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")  # printed from dark mode
    page.emulate_media(media="print")
    colours = page.evaluate("""() => {
      const get = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
      const near = '.sc-fig-pose .sc-fig-layer:not(.sc-fig-far)';
      return {fill: get(near + ' .sc-fig-in', 'fill'), line: get(near + ' .sc-fig-out', 'stroke'),
              arrow: get('.sc-fig-arrow', 'stroke'), hidden: get('#evidence', 'display'),
              sheet: get('.sc-print-sheet', 'display'), emergency: get('.sc-emergency', 'display')};
    }""")
    assert colours["fill"] == "rgb(255, 255, 255)"
    assert colours["line"] == "rgb(0, 0, 0)" and colours["arrow"] == "rgb(0, 0, 0)"
    assert colours["hidden"] == "none" and colours["sheet"] != "none" and colours["emergency"] != "none"
    pdf = page.pdf(format="A4", print_background=True)
    pages = (
        pdf.count(b"/Type /Page\n")
        + pdf.count(b"/Type /Page/")
        + pdf.count(b"/Type /Page ")
        + pdf.count(b"/Type /Page>")
    )
    assert 1 <= pages <= 2, f"the programme prints on {pages} pages"
    page.close()
