"""Diagrams in Chromium: each downloadable SVG renders on its own, and each inline diagram
renders in its page with no console errors, at a size that fits a laptop screen and with text
that is still readable on a 320 px phone, where its key goes below it. The root explorer's
tabs work without JavaScript, and with it outline the chosen root's table row."""

from __future__ import annotations

import pytest

# Rendered size of the smallest text in the key and labels, in CSS pixels.
MEASURE = """svg => {
  const box = svg.getBoundingClientRect();
  const sizes = [...svg.querySelectorAll('.sc-legend, .sc-label')].map(t => {
    const size = parseFloat(getComputedStyle(t).fontSize);
    const matrix = t.getScreenCTM();
    return size * Math.hypot(matrix.a, matrix.b);
  });
  return {width: box.width, height: box.height, smallest: Math.min(...sizes),
          texts: svg.querySelectorAll('text').length};
}"""


def diagram_files(built_site):
    files = sorted((built_site / "diagrams").glob("*.svg"))
    assert files, "no diagrams were published"
    return files


def pages_with_diagrams(built_site, pages):
    found = [p for p in pages if 'class="sc-figure"' in p.read_text(encoding="utf-8")]
    assert found, "no page shows a diagram"
    return ["/" + str(p.parent.relative_to(built_site)).strip(".") + "/" for p in found]


def watch(page):
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed request {r.url}"))
    return errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_downloadable_diagram_renders_on_its_own(browser, site_url, built_site, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 800, "height": 900})
    # Opening a file on its own makes Chromium ask for /favicon.ico, which the site does not
    # have; that 404 is the browser's request, not the diagram's, so answer it here.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    problems = []
    for file in diagram_files(built_site):
        page = context.new_page()
        errors = watch(page)
        response = page.goto(f"{site_url}/diagrams/{file.name}", wait_until="load")
        assert response.ok, file.name
        assert "svg" in response.headers.get("content-type", ""), file.name
        found = page.evaluate(f"(() => {{ const measure = {MEASURE}; return measure(document.documentElement); }})()")
        if found["width"] <= 0 or found["height"] <= 0 or found["texts"] == 0:
            problems.append(f"{file.name}: rendered {found}")
        problems += [f"{file.name} [{scheme}]: {e}" for e in errors]
        page.close()
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (320, "light")])
def test_inline_diagrams_render_fit_and_stay_readable(browser, site_url, built_site, pages, width, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    problems, seen = [], 0
    for path in pages_with_diagrams(built_site, pages):
        page = context.new_page()
        errors = watch(page)
        assert page.goto(site_url + path, wait_until="load").ok, path
        for svg in page.query_selector_all(".sc-figure svg.sc-diagram"):
            if not svg.is_visible():
                continue  # a root explorer figure in a tab not chosen (tested below)
            found = svg.evaluate(MEASURE)
            seen += 1
            name = f"{path} {svg.get_attribute('id')} at {width} px"
            if found["width"] <= 0 or found["height"] <= 0:
                problems.append(f"{name}: not rendered ({found})")
            if found["width"] > width:
                problems.append(f"{name}: wider than the screen ({found['width']:.0f} px)")
            if width >= 1280 and found["height"] > 620:
                problems.append(f"{name}: too tall for a laptop screen ({found['height']:.0f} px)")
            if width <= 320 and found["smallest"] < 10:
                problems.append(f"{name}: text only {found['smallest']:.1f} px high")
        problems += [f"{path} [{scheme}]: {e}" for e in errors]
        page.close()
    context.close()
    assert seen, "no inline diagram was found"
    assert not problems, "\n".join(problems)


# Where the drawing and its key stand, and how wide the drawing is drawn.
PLACEMENT = """figure => {
  const drawing = figure.querySelector('.sc-figure-parts > svg').getBoundingClientRect();
  const key = figure.querySelector('.sc-key').getBoundingClientRect();
  return {drawingWidth: drawing.width, drawingBottom: drawing.bottom, keyTop: key.top,
          keyLeft: key.left, drawingRight: drawing.right};
}"""


@pytest.mark.parametrize("path", ["/massage/kneading-in-depth/", "/anatomy/", "/root-explorer/"])
def test_on_a_phone_the_key_goes_below_the_full_width_drawing(browser, site_url, path):
    """At 360 px the key wraps under the drawing, which takes the screen's width (it used to be
    squeezed to about 170 px beside its key); on a laptop the key stands beside it."""
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        assert page.goto(site_url + path, wait_until="load").ok
        for figure in page.query_selector_all("figure.sc-figure"):
            if not figure.is_visible():
                continue
            found = figure.evaluate(PLACEMENT)
            if width == 360:
                assert found["keyTop"] >= found["drawingBottom"] - 1, (path, found)
                assert found["drawingWidth"] >= 260, (path, found)  # was squeezed to about 170
            else:
                assert found["keyLeft"] >= found["drawingRight"] - 1, (path, found)
        context.close()


def chosen(page) -> dict:
    return page.evaluate("""() => ({
      shown: [...document.querySelectorAll('.sc-root-explorer .sc-figure')]
               .filter(f => f.getBoundingClientRect().height > 0).map(f => f.id),
      outlined: [...document.querySelectorAll('.sc-root-levels tr.sc-row-active')].map(r => r.id)})""")


@pytest.mark.parametrize("script", [True, False])
def test_the_root_explorer_shows_one_root_at_a_time(browser, site_url, script):
    context = browser.new_context(java_script_enabled=script, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = watch(page)
    assert page.goto(site_url + "/root-explorer/", wait_until="load").ok
    assert chosen(page)["shown"] == ["diagram-root-l4"]
    assert chosen(page)["outlined"] == (["root-l4"] if script else [])
    for root in ("l5", "s1", "l4"):
        page.click(f"label[for=explore-{root}]")
        state = chosen(page)
        assert state["shown"] == [f"diagram-root-{root}"], (script, root, state)
        assert state["outlined"] == ([f"root-{root}"] if script else []), (script, root, state)
    # From the keyboard: the tabs are radio buttons, so the arrow keys move between roots.
    if script:
        page.focus("#explore-l4")
        page.keyboard.press("ArrowRight")
        assert chosen(page) == {"shown": ["diagram-root-l5"], "outlined": ["root-l5"]}
    assert not errors, errors
    context.close()
