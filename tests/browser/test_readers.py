"""Readers in a real browser: keyboard-only use, small screens, printed handouts and the
offline copy opened from a folder."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

ACTIVE = """(() => { const e = document.activeElement;
  return {tag: e.tagName, cls: e.className || '', href: e.getAttribute('href') || '',
          label: e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent.trim()}; })()"""


def tab_until(page, wanted, limit: int = 200) -> dict:
    """Press Tab until the focused element matches; fail if the keyboard never gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE)
        if wanted(focused):
            return focused
    pytest.fail("the keyboard never reached the element")


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    yield page
    context.close()


def test_search_index_and_engine_are_fetched_only_when_the_reader_goes_to_search(page, site_url):
    """The index (over a megabyte) and Material's search engine (its worker script, 12 KB compressed)
    are not part of loading a page (overrides/partials/search-on-demand.html and
    sciatica/static/search-typos.js): each comes once, when the reader first goes to the search
    field, and the search then answers, forgiving a slip of the finger."""
    engine = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.goto(site_url + "/treatment/drugs/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert [path for path in asked if "search_index" in path or engine.search(path)] == []
    page.click(".md-search__input")
    page.keyboard.type("piriformus")  # a slip the site's worker forgives, on a page below the top level
    page.wait_for_selector(".md-search-result__item a[href*='piriformis-and-other-causes']")
    assert [path for path in asked if "search_index" in path] == ["/search/search_index.json"]
    assert len([path for path in asked if engine.search(path)]) == 1


def test_search_works_from_the_keyboard(page, site_url):
    page.goto(site_url + "/", wait_until="load")
    page.keyboard.press("/")
    assert "md-search__input" in page.evaluate(ACTIVE)["cls"]
    page.keyboard.type("piriformis")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    result = page.evaluate(ACTIVE)
    assert "md-search-result__link" in result["cls"]
    page.keyboard.press("Enter")
    page.wait_for_url("**" + urlsplit(result["href"]).path + "**")


def test_palette_toggle_works_from_the_keyboard(page, site_url):
    page.goto(site_url + "/", wait_until="load")
    tab_until(page, lambda f: "md-option" in f["cls"])
    schemes = []
    for _ in range(3):  # automatic, light, dark: each Enter moves to the next
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)
        assert "md-option" in page.evaluate(ACTIVE)["cls"]  # focus stays on the toggle
        schemes.append(page.get_attribute("body", "data-md-color-scheme"))
    assert "slate" in schemes and "default" in schemes


def test_navigation_works_from_the_keyboard(page, site_url):
    page.goto(site_url + "/", wait_until="load")
    tab_until(page, lambda f: f["label"] == "Massage" and "md-tabs__link" in f["cls"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/massage/**")
    assert page.locator("h1").first.inner_text().strip()


def test_hidden_answers_open_from_the_keyboard(page, site_url):
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="load")
    answer = page.locator("#self-check ~ form details").first
    assert answer.get_attribute("open") is None
    tab_until(page, lambda f: f["tag"] == "SUMMARY", limit=400)
    page.keyboard.press("Enter")
    assert answer.get_attribute("open") is not None


def test_hidden_answers_need_no_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/massage/effleurage-in-depth/")
    question = page.locator("#self-check ~ form").first
    assert question.locator("legend").is_visible() and question.locator("label").first.is_visible()
    assert not question.locator("button.sc-quiz-check").is_visible()  # it would do nothing
    explanations = question.locator(".sc-quiz-explanations")
    assert not explanations.is_visible()
    question.locator("summary").click()
    assert explanations.is_visible()
    context.close()


def test_no_page_scrolls_sideways_at_360_px(on_a_phone):
    too_wide = {path: found["scrollWidth"] for path, found in on_a_phone.items() if found["scrollWidth"] > 360}
    assert len(on_a_phone) >= 7
    assert not too_wide, too_wide


def test_pages_print_as_clean_handouts(browser, site_url, tmp_path):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url + "/massage/effleurage/", wait_until="load")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator(".sc-print-url").is_visible()
    assert "reviewed" in page.locator(".sc-review").inner_text().lower()
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
    context.close()


def test_offline_copy_works_from_a_folder(browser, offline_site):
    context = browser.new_context()
    page = context.new_page()
    outside, errors = [], []
    page.on("request", lambda r: not r.url.startswith(("file://", "data:", "blob:")) and outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((offline_site / "index.html").as_uri())
    page.locator("a[href$='urgent-help.html']").first.click()
    page.wait_for_url("**/urgent-help.html")
    assert page.locator("#emergency").count() == 1
    page.keyboard.press("/")
    page.keyboard.type("piriformis")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    context.close()
    assert not outside, outside
    assert not errors, errors


def test_a_published_section_that_moved_lands_on_its_content(page, site_url, built_site):
    """Every registered address of a section now on a page in depth (such as
    /treatment/drugs/#drug-ibuprofen) opens that section there, in view."""
    import re

    from tools.published_links import read_registry

    moved = []
    for link in read_registry():
        path, _, anchor = link.partition("#")
        built = built_site / path.strip("/") / "index.html"
        if anchor and built.is_file() and re.search(rf'id="{re.escape(anchor)}" data-moved-to=', built.read_text()):
            moved.append((link, anchor))
    assert ("/treatment/drugs/#drug-ibuprofen", "drug-ibuprofen") in moved
    # In the browser, the first moved section in each folder (and ibuprofen): the same stub script
    # serves them all, and the build tier follows every one (test_every_registered_link_resolves).
    first = {link.split("/")[1]: (link, anchor) for link, anchor in reversed(moved)}
    sample = sorted({*first.values(), ("/treatment/drugs/#drug-ibuprofen", "drug-ibuprofen")})
    for link, anchor in sample:
        page.goto(site_url + link, wait_until="load")
        page.wait_for_function("path => !location.pathname.endsWith(path)", arg=link.split("#")[0])
        assert page.url.endswith("#" + anchor), (link, page.url)
        target = page.locator(f"[id='{anchor}']")
        assert target.count() == 1, (link, page.url)
        assert 0 <= target.bounding_box()["y"] < page.viewport_size["height"], (link, "not in view")
    print(f"{len(moved)} registered section addresses moved; {len(sample)} opened, each lands on its section")
