"""Printing from the browser: ordinary pages print clean in either scheme (white page and margins,
answers closed, no screen furniture), and each handout fits its sheets in type a reader can read:
its text, diagrams, badges and keys measured as Chromium lays them out for A4."""

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
    page.goto(site_url + "/massage/kneading-in-depth/", wait_until="load")  # with its self-check
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


# The width the page's own @page rules leave for the text on A4, in CSS pixels: the last margin
# each side that applies in print, as Chromium picks it.
PRINTABLE_WIDTH = """() => {
  const px = length => { const probe = document.createElement('div'); probe.style.width = length;
    document.body.appendChild(probe); const width = probe.getBoundingClientRect().width; probe.remove(); return width; };
  const margins = {left: '0px', right: '0px'};
  const visit = rules => { for (const rule of rules) {
    if (rule instanceof CSSPageRule) {
      if (rule.style.marginLeft) margins.left = rule.style.marginLeft;
      if (rule.style.marginRight) margins.right = rule.style.marginRight;
    } else if (rule instanceof CSSMediaRule && matchMedia(rule.conditionText).matches) { visit(rule.cssRules); }
  } };
  for (const sheet of document.styleSheets) {
    try { if (!sheet.media.mediaText || matchMedia(sheet.media.mediaText).matches) visit(sheet.cssRules); } catch (e) {}
  }
  return px('210mm') - px(margins.left) - px(margins.right);
}"""

# What a reader of the printed page sees: every piece of text with its computed size, each
# diagram's width, the size of its badges and its text, and the greyscale contrast of a badge.
MEASURE = """() => {
  const PT = 0.75, CM = 2.54 / 96, MM = 25.4 / 96;
  const root = document.querySelector('.md-content__inner');
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const luminance = colour => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const texts = [], walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const words = node.textContent.trim(), element = node.parentElement;
    if (words && !element.closest('svg') && shown(element)) {
      texts.push({pt: parseFloat(getComputedStyle(element).fontSize) * PT, words: words.slice(0, 50)});
    }
  }
  const diagrams = [...root.querySelectorAll('figure svg.sc-diagram')].filter(shown).map(svg => {
    const width = svg.getBoundingClientRect().width, scale = width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].filter(shown).map(t => parseFloat(getComputedStyle(t).fontSize) * scale * PT);
    const badges = [...svg.querySelectorAll('circle.sc-badge')].filter(shown);
    const badgeText = svg.querySelector('.sc-badge-text');
    return {id: svg.id, cm: width * CM, textPt: sizes.length ? Math.min(...sizes) : null,
            badgeMm: badges.length ? Math.min(...badges.map(c => 2 * c.r.baseVal.value * scale * MM)) : null,
            badgeContrast: badges.length && badgeText ? contrast(getComputedStyle(badges[0]).fill, getComputedStyle(badgeText).fill) : null};
  });
  const blocks = [...root.querySelectorAll('p, li')].filter(shown).map(e => e.innerText.replace(/\\s+/g, ' ').trim())
    .filter(t => t.length > 60);
  return {texts, diagrams, repeated: blocks.filter((t, i) => blocks.indexOf(t) !== i),
          marks: [...root.querySelectorAll('sup.sc-cite')].filter(shown).length,
          sources: [...root.querySelectorAll('#references ~ ol.sc-references li')].filter(shown).length};
}"""


def measure_in_print(browser, site_url, name: str, mode: str) -> dict:
    """A handout laid out as Chromium prints it on A4: print media, at the width its @page rules
    leave, in the print mode tools/handouts.py uses."""
    from tools.handouts import PRINT_MODE

    context = browser.new_context(viewport={"width": 800, "height": 1100})
    page = context.new_page()
    try:
        assert page.goto(f"{site_url}/handouts/{name}/", wait_until="load").ok, name
        page.emulate_media(media="print")
        page.evaluate(PRINT_MODE, f"sc-print-{mode}")
        page.set_viewport_size({"width": round(page.evaluate(PRINTABLE_WIDTH)), "height": 1100})
        return page.evaluate(MEASURE)
    finally:
        context.close()


def test_handouts_print_in_type_a_reader_can_read(browser, site_url, data):
    """Patients' leaflets and forms at 11 pt or more, students' sheets at 10.5 pt or more, nothing
    smaller; every diagram at least 6 cm wide, its badges large and black on white, its labels
    legible; no block printed twice; a leaflet without citation marks, its sources at the end."""
    from sciatica.render.handouts import MIN_DIAGRAM_CM, MIN_PRINT_PT, handout_list

    problems = []
    for handout in handout_list(data):
        for mode in ["handout"] + (["answers"] if handout.answers else []):
            found = measure_in_print(browser, site_url, handout.name, mode)
            where = f"{handout.name} ({mode})"
            least = min(found["texts"], key=lambda t: t["pt"])
            if least["pt"] < MIN_PRINT_PT[handout.reader] - 0.05:
                problems.append(
                    f"{where}: {least['pt']:.1f} pt < {MIN_PRINT_PT[handout.reader]} pt: {least['words']!r}"
                )
            for drawing in found["diagrams"]:
                if drawing["cm"] < MIN_DIAGRAM_CM:
                    problems.append(f"{where}: diagram {drawing['id']} {drawing['cm']:.1f} cm wide")
                if drawing["textPt"] is not None and drawing["textPt"] < 9:
                    problems.append(f"{where}: diagram {drawing['id']} labels at {drawing['textPt']:.1f} pt")
                if drawing["badgeMm"] is not None and drawing["badgeMm"] < 4.5:
                    problems.append(f"{where}: diagram {drawing['id']} step badges {drawing['badgeMm']:.1f} mm")
                if drawing["badgeContrast"] is not None and drawing["badgeContrast"] < 7:
                    problems.append(f"{where}: badge numbers at {drawing['badgeContrast']:.1f}:1 in greyscale")
            if mode == "handout" and handout.answers and not found["diagrams"]:
                problems.append(f"{where}: no diagram printed")
            if found["repeated"]:
                problems.append(f"{where}: printed twice: {found['repeated'][0][:70]!r}")
            if handout.reader == "patient" and mode == "handout" and (found["marks"] or not found["sources"]):
                problems.append(f"{where}: {found['marks']} citation marks, {found['sources']} sources at the end")
    assert not problems, "\n".join(problems)
