"""Printing from the browser: ordinary pages print clean in either scheme (white page and margins,
answers closed, no screen furniture), and each handout fits its sheets."""

from __future__ import annotations

import re

import pytest

# What the page looks like to the printer: the root's background and scheme paint the margins.
PRINTED = """() => {
  const style = (e) => e ? getComputedStyle(e) : null;
  const root = style(document.documentElement), body = style(document.body);
  const shown = (selector) => [...document.querySelectorAll(selector)].filter(
      e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden').length;
  return {rootBackground: root.backgroundColor, rootScheme: root.colorScheme, bodyBackground: body.backgroundColor,
          text: style(document.querySelector('article p')).color,
          answers: shown('article details > :not(summary)'), questions: shown('article details > summary'),
          backLinks: shown('.sc-ref-more') + shown('.sc-cited-on'), citeBox: shown('.sc-cite-page'),
          printUrl: shown('.sc-print-url'), headerLinks: shown('article .headerlink')};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_technique_page_prints_black_on_white_with_answers_closed(browser, site_url, scheme, tmp_path):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "/massage/kneading-in-depth/", wait_until="networkidle")  # with its self-check
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # Material opens every answer here
    printed = page.evaluate(PRINTED)
    context.close()
    assert printed["rootBackground"] == "rgb(255, 255, 255)" and printed["rootScheme"] == "light"
    assert printed["bodyBackground"] == "rgb(255, 255, 255)"
    red, green, blue = (float(v) for v in re.findall(r"[\d.]+", printed["text"])[:3])
    assert max(red, green, blue) < 60, printed["text"]  # dark text, whatever the scheme on screen
    assert printed["questions"] >= 3 and printed["answers"] == 0
    assert printed["backLinks"] == 0 and printed["citeBox"] == 0 and printed["headerLinks"] == 0
    assert printed["printUrl"] == 1


def test_every_handout_fits_its_sheets_and_its_answers_one(browser, site_url, data, tmp_path):
    """What make handouts does: print each handout with Chromium, without its answer sheet, then
    the answer sheet alone; count the pages of each PDF."""
    from sciatica.render.handouts import handout_list
    from tools.handouts import MAX_PAGES, print_all
    listed = handout_list(data)
    printed = print_all(browser, site_url, [h.name for h in listed], tmp_path, scheme="dark")
    pages = {(item.name, item.kind): item.pages for item in printed}
    assert {name for name, kind in pages if kind == "answers"} == {h.name for h in listed if h.answers}
    assert set(pages) >= {(h.name, "handout") for h in listed}
    too_long = {key: count for key, count in pages.items() if count > MAX_PAGES[key[1]] or count < 1}
    assert not too_long, too_long
    for item in printed:
        assert item.path.read_bytes().startswith(b"%PDF"), item.path
