"""A patient on a phone (360 px): the emergency action in one tap, tables as cards, targets a
finger can hit, a contraindications filter, and a search that finds what people type."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

CALL_PAGES = ["/", "/urgent-help/", "/what-to-do-now/"]


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, color_scheme="light", has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def boxes(page, selector: str) -> list[dict]:
    """The on-screen size of every visible element the selector finds."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => { const b = e.getBoundingClientRect();
        return {w: b.width, h: b.height, html: e.outerHTML.slice(0, 90)}; }).filter(b => b.w > 0 && b.h > 0)""",
    )


# --- calling for help --------------------------------------------------------------------------


@pytest.mark.parametrize("path", CALL_PAGES)
def test_call_buttons_are_at_least_48_px_and_call_every_number(phone, site_url, data, path):
    phone.goto(site_url + path, wait_until="load")
    buttons = boxes(phone, "article a.sc-call-button")
    numbers = [n.number for n in data.emergency_numbers]
    assert buttons and len(buttons) % len(numbers) == 0
    small = [b for b in buttons if b["h"] < 48 or b["w"] < 48]
    assert not small, small
    hrefs = phone.eval_on_selector_all(
        "article .sc-call",
        "sets => sets.map(s => [...s.querySelectorAll('a')].map(a => a.getAttribute('href')).sort())",
    )
    assert all(found == sorted(f"tel:{n}" for n in numbers) for found in hrefs)


def test_urgent_help_leads_with_the_action_at_body_size(phone, site_url):
    phone.goto(site_url + "/urgent-help/", wait_until="load")
    first = phone.evaluate("""() => { const h1 = document.querySelector('article h1');
        const next = h1.nextElementSibling; const body = document.querySelector('article > p:not([class])');
        return {cls: next.className, size: parseFloat(getComputedStyle(next.querySelector('p')).fontSize),
                body: parseFloat(getComputedStyle(body).fontSize), top: next.getBoundingClientRect().top,
                button: next.querySelector('a.sc-call-button').getBoundingClientRect().bottom}; }""")
    assert "sc-action" in first["cls"]
    assert first["size"] >= first["body"] >= 16
    assert first["button"] <= PHONE["height"], "the first call button shows without scrolling"


def test_a_chosen_region_comes_first_on_every_page_and_is_remembered(phone, site_url, data):
    phone.goto(site_url + "/urgent-help/", wait_until="load")
    last = data.emergency_numbers[-1]
    phone.select_option("article .sc-call-region select >> nth=0", last.id)
    firsts = phone.eval_on_selector_all(
        "article .sc-call-list", "lists => lists.map(l => l.querySelector('a').getAttribute('href'))"
    )
    assert firsts and all(href == f"tel:{last.number}" for href in firsts)
    phone.goto(site_url + "/", wait_until="load")
    assert phone.get_attribute("article .sc-call-list a", "href") == f"tel:{last.number}"
    assert len(phone.query_selector_all("article .sc-call-list a")) == len(data.emergency_numbers)


def test_without_javascript_every_number_shows_and_no_chooser(browser, site_url, data):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for path in CALL_PAGES:
        page.goto(site_url + path)
        shown = [
            h for h in page.eval_on_selector_all("article .sc-call a", "as => as.map(a => a.getAttribute('href'))")
        ]
        assert shown[: len(data.emergency_numbers)] == [f"tel:{n.number}" for n in data.emergency_numbers]
        assert page.query_selector(".sc-call-region") is None
    context.close()


HELP_PAGES = ["/what-to-do-now/", "/urgent-help/"]


def help_regions(page) -> list[str]:
    """The help regions in the order shown, the open one marked with a star."""
    return page.eval_on_selector_all(
        "article .sc-help-region", "ds => ds.map(d => d.dataset.region + (d.open ? '*' : ''))"
    )


def test_help_that_is_not_999_opens_at_the_chosen_region_on_every_page(phone, site_url, data):
    phone.goto(site_url + "/what-to-do-now/", wait_until="load")
    regions = [n.id for n in data.emergency_numbers]
    assert help_regions(phone) == [regions[0] + "*", *regions[1:]]  # the page's own order, the first open
    assert not phone.eval_on_selector("article .sc-help-numbers-fold", "d => d.open")  # folded until asked
    last = data.emergency_numbers[-1]
    phone.select_option("article .sc-call-region select >> nth=0", last.id)
    assert help_regions(phone) == [last.id + "*", *regions[:-1]]
    assert phone.eval_on_selector("article .sc-help-numbers-fold", "d => d.open")
    for path in HELP_PAGES[1:]:  # remembered on the next page
        phone.goto(site_url + path, wait_until="load")
        assert help_regions(phone) == [last.id + "*", *regions[:-1]], path
        buttons = boxes(phone, "article .sc-help-region[open] a.sc-help-button")
        assert buttons and not [b for b in buttons if b["h"] < 48 or b["w"] < 48], buttons
    phone.select_option("article .sc-call-region select >> nth=0", "")
    assert help_regions(phone) == [regions[0] + "*", *regions[1:]]


def test_without_javascript_every_help_number_is_there(browser, site_url, data):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    numbers = {f"tel:{line.number.replace(' ', '')}" for line in data.helplines if line.number}
    for path in HELP_PAGES:
        page.goto(site_url + path)
        shown = set(
            page.eval_on_selector_all("article .sc-help a[href^='tel:']", "as => as.map(a => a.getAttribute('href'))")
        )
        assert shown == numbers, path
        assert help_regions(page)[0].endswith("*"), path
    context.close()


# --- tables --------------------------------------------------------------------------------------


def test_tables_become_cards_that_name_each_column(on_a_phone):
    problems = {path: found["cardProblems"][:5] for path, found in on_a_phone.items() if found["cardProblems"]}
    assert not problems, problems
    assert sum(found["tables"] for found in on_a_phone.values()) >= 10


def test_a_link_to_a_row_lands_on_it_and_outlines_it(phone, site_url, data):
    row = data.contraindications[3].id
    phone.goto(f"{site_url}/massage/contraindications-in-depth/#ci-{row}", wait_until="load")
    found = phone.evaluate(f"""() => {{ const r = document.getElementById('ci-{row}'); const b = r.getBoundingClientRect();
        return {{top: b.top, bottom: b.bottom, outline: getComputedStyle(r).outlineStyle}}; }}""")
    assert 0 <= found["top"] < PHONE["height"]
    assert found["outline"] == "solid"


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all(
        ".sc-contraindications tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)"
    )


def test_the_contraindications_filter_shows_the_rows_that_apply(phone, site_url, data):
    phone.goto(site_url + "/massage/contraindications-in-depth/", wait_until="load")
    every = [f"ci-{c.id}" for c in data.contraindications]
    assert sorted(visible_rows(phone)) == sorted(every)
    technique = data.techniques[-1].id
    phone.select_option("form.sc-filter select[name=technique]", technique)
    expected = {f"ci-{c.id}" for c in data.contraindications if "all" in c.applies_to or technique in c.applies_to}
    assert set(visible_rows(phone)) == expected and 0 < len(expected) < len(every)
    phone.select_option("form.sc-filter select[name=severity]", "local")
    expected = {
        f"ci-{c.id}"
        for c in data.contraindications
        if c.severity == "local" and ("all" in c.applies_to or technique in c.applies_to)
    }
    assert set(visible_rows(phone)) == expected
    assert phone.text_content("form.sc-filter output") == f"{len(expected)} of {len(every)} rows shown"
    phone.select_option("form.sc-filter select[name=technique]", "")
    phone.select_option("form.sc-filter select[name=severity]", "hazard")
    assert set(visible_rows(phone)) == {f"ci-{c.id}" for c in data.contraindications if c.kind == "hazard"}


def test_is_it_safe_a_condition_opens_from_the_keyboard(phone, site_url, data):
    """ "Is massage safe for me?" at 360 px: Tab reaches a condition, Enter opens it, and its three
    answers show on the screen; Enter closes it again."""
    from sciatica.render.patient_safety import offered

    phone.goto(site_url + "/massage/is-it-safe/", wait_until="load")
    entry = data.by_id("contraindications")["pregnancy"]
    fold = phone.locator("details#safe-pregnancy")
    assert fold.get_attribute("open") is None
    assert phone.locator("details.sc-for-you").count() == len(offered(data))
    for _ in range(300):
        phone.keyboard.press("Tab")
        if phone.evaluate(
            "document.activeElement.tagName === 'SUMMARY' && "
            "document.activeElement.parentElement.id === 'safe-pregnancy'"
        ):
            break
    else:
        pytest.fail("the keyboard never reached the condition")
    phone.keyboard.press("Enter")
    assert fold.get_attribute("open") is not None
    answers = fold.locator("dl.sc-for-you-answers")
    assert answers.is_visible()
    assert " ".join(entry.for_you.can_i.split()) in " ".join(answers.inner_text().split())
    box = answers.bounding_box()
    summary = fold.locator("summary").bounding_box()
    assert box["width"] <= PHONE["width"] and box["x"] >= 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    assert box["y"] + box["height"] - summary["y"] <= PHONE["height"], "the three answers fit on one screen"
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('#safe-pregnancy dd')).fontSize)")
    body = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('article > p:not([class])')).fontSize)")
    assert size >= body, "the answers are not smaller than body text"
    phone.keyboard.press("Enter")
    assert fold.get_attribute("open") is None


def test_is_it_safe_works_without_javascript(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/massage/is-it-safe/")
    fold = page.locator("details#safe-anticoagulants")
    assert not fold.locator("dl").is_visible()
    fold.locator("summary").click()
    assert fold.locator("dl").is_visible()
    context.close()


def test_without_javascript_the_filter_hides_and_every_row_shows(browser, site_url, data):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/massage/contraindications-in-depth/")
    assert not page.is_visible("form.sc-filter")
    assert len(visible_rows(page)) == len(data.contraindications)
    context.close()


# --- touch -----------------------------------------------------------------------------------


def test_marks_step_and_heading_links_are_24_px_targets_without_hover(on_a_phone):
    """Citation marks, heading and step links, row links, choosers and call buttons (TOUCH_TARGETS
    in tests/browser/conftest.py) are at least 24 px each way, and the links show without hover."""
    counted = sum(len(found["targets"]) for found in on_a_phone.values())
    small = [(path, b) for path, found in on_a_phone.items() for b in found["targets"] if b["w"] < 24 or b["h"] < 24]
    hidden = [(path, o) for path, found in on_a_phone.items() for o in found["linkOpacities"] if o < 0.5]
    assert counted > 1000
    assert not small, small[:5]
    assert not hidden, hidden[:5]


def test_citation_marks_are_as_large_as_the_small_print(phone, site_url):
    """A mark inside a table inherited 0.7em of the table's small text, about 9 px: too small to
    read. Every mark is at least the site's small print (0.6rem, 12 px), in tables and in text."""
    for path in ("/diagnosis-in-depth/", "/massage/contraindications-in-depth/", "/treatment/drugs-in-depth/"):
        phone.goto(site_url + path)
        sizes = phone.eval_on_selector_all(
            "article sup.sc-cite", "ms => ms.map(m => [!!m.closest('table'), parseFloat(getComputedStyle(m).fontSize)])"
        )
        assert any(in_table for in_table, _ in sizes), path
        small = [size for _, size in sizes if size < 11.9]
        assert not small, (path, small[:5])


def test_no_blank_gap_under_titles(on_a_phone):
    gaps = {path: found["titleGap"] for path, found in on_a_phone.items() if found["titleGap"] > 32}
    assert not gaps, gaps  # one short line at most, never the old ~120 px


def test_audience_words_are_words_not_buttons(phone, site_url):
    phone.goto(site_url + "/symptoms/")
    style = phone.evaluate(
        "() => { const t = document.querySelector('.sc-audience .sc-tag'); const s = getComputedStyle(t);"
        " return {border: s.borderTopWidth, tag: t.tagName}; }"
    )
    assert style == {"border": "0px", "tag": "SPAN"}


# --- search ------------------------------------------------------------------------------------

# What people type, and the page that must be among the first three results. Questions, lay and
# medical words, brand names, abbreviations and slips of the finger.
QUERIES = [
    ("what should I do", "what-to-do-now"),
    ("sciatia", ""),
    ("siatica", ""),
    ("what is sciatica", ""),
    ("straight leg raise", "diagnosis"),
    ("SLR", "diagnosis"),
    ("slump test", "diagnosis"),
    ("MRI", "diagnosis"),
    ("do I need a scan", "diagnosis"),
    ("petrissage", "massage/kneading"),
    ("kneading", "massage/kneading"),
    ("exercises for sciatica", "treatment/exercise-and-activity"),
    ("stretches for sciatica", "treatment/exercise-and-activity"),
    ("should I rest in bed", "treatment/exercise-and-activity"),
    ("yoga", "treatment/exercise-and-activity"),
    ("blood clot", "massage/contraindications"),
    ("dvt massage", "massage/contraindications"),
    ("warfarin massage", "massage/contraindications"),
    ("blood thinners", "massage/contraindications"),
    ("is massage safe", "massage/is-it-safe"),  # the page that answers "Is massage safe for me?"
    ("is massage safe for me", "massage/is-it-safe"),
    ("massage with diabetes", "massage/is-it-safe"),
    ("nurofen", "treatment/drugs"),
    ("ibuprofen", "treatment/drugs"),
    ("ibuprofin", "treatment/drugs"),
    ("pregabalin", "treatment/drugs"),
    ("pregablin", "treatment/drugs"),
    ("lyrica", "treatment/drugs"),
    ("gabapentin", "treatment/drugs"),
    ("naproxen", "treatment/drugs"),
    ("paracetamol", "treatment/drugs"),
    ("codeine", "treatment/drugs"),
    ("tramadol", "treatment/drugs"),
    ("amitriptyline", "treatment/drugs"),
    ("diazepam", "treatment/drugs"),
    ("muscle relaxant", "treatment/drugs"),
    ("nerve pain tablets", "treatment/drugs"),
    ("capsaicin cream", "treatment/drugs"),
    ("Vioxx", "treatment/drugs"),
    ("can't pee", "urgent-help"),
    ("numb bum", "urgent-help"),
    ("bladder problems", "urgent-help"),
    ("cauda equina", "urgent-help"),
    ("red flags", "urgent-help"),
    ("leg weakness", "urgent-help"),
    ("cancer back pain", "urgent-help"),
    ("when to go to hospital", "urgent-help"),
    ("A&E", "urgent-help"),
    ("999", "urgent-help"),
    ("emergency number", "urgent-help"),
    ("slipped disc", "causes/disc-herniation"),
    ("bulging disc", "causes/disc-herniation"),
    ("piriformis", "causes/piriformis-and-other-causes"),
    ("piriformus", "causes/piriformis-and-other-causes"),
    ("what causes sciatica", "causes"),
    ("pregnant", "causes/pregnancy"),
    ("massage in pregnancy", "causes/pregnancy"),
    ("breastfeeding", "causes/pregnancy"),
    ("spinal stenosis", "causes/spinal-stenosis"),
    ("spondylolisthesis", "causes/spondylolisthesis"),
    ("heat pack", "treatment/self-care"),
    ("hot water bottle", "treatment/self-care"),
    ("how to sleep with sciatica", "treatment/self-care"),
    ("sciatica at night", "treatment/self-care"),
    ("going back to work", "treatment/self-care"),
    ("how long does sciatica last", "symptoms"),
    ("will it go away", "symptoms"),
    ("pain down my leg", "symptoms"),
    ("pins and needles", "symptoms"),
    ("steroid injection", "treatment/injections"),
    ("epidural", "treatment/injections"),
    ("discectomy", "treatment/surgery"),
    ("surgery", "treatment/surgery"),
    ("can massage help sciatica", "massage"),
    ("massage for sciatica", "massage"),
    ("what happens in a massage", "massage/session"),
    ("cupping", "massage/cupping"),
    ("hijama", "massage/cupping"),
    ("acupressure", "massage/acupressure"),
    ("shiatsu", "massage/acupressure"),
    ("effleurage", "massage/effleurage"),
    ("tapotement", "massage/vibration-percussion"),
    ("foam roller", "massage/self-massage"),
    ("tennis ball", "massage/self-massage"),
    ("deep heat", "massage/warming-ointments"),
    ("tiger balm", "massage/warming-ointments"),
    ("L5 nerve root", "anatomy"),
    ("dermatome", "anatomy"),
    ("sciatic nerve", "anatomy"),
    ("glossary", "glossary"),
    ("source article", "about"),
    ("wet myself", "urgent-help"),
    ("numbnes groin", "urgent-help"),
    ("back pain and fever", "urgent-help"),
    ("fell and hurt my back", "urgent-help"),
    ("cant walk", "urgent-help"),
    ("foot drop", "urgent-help"),
    ("sciatica in both legs", "urgent-help"),
    ("osteoporosis", "urgent-help"),
    ("massage gun", "massage/vibration-percussion"),
    ("hurts to cough", "symptoms"),
    ("sneezing", "symptoms"),
    ("sitting hurts", "treatment/self-care"),
    ("driving with sciatica", "treatment/self-care"),
    ("tens machine", "treatment"),
    ("chiropractor", "treatment"),
    ("osteopath", "treatment"),
    ("acupuncture", "treatment"),
    ("back brace", "treatment"),
    ("physio", "treatment/exercise-and-activity"),
    ("nerve slider", "treatment/exercise-programme"),
    ("operation", "treatment/surgery"),
    ("nerve block", "treatment/injections"),
    ("ibuprophen", "treatment/drugs"),
    ("what can I take for sciatica", "treatment/drugs"),
    ("slipped disk", "causes/disc-herniation"),
    ("trapped nerve", "causes"),
    ("narrowing of the spine", "causes/spinal-stenosis"),
    ("smoking", "causes/risk-factors"),
    ("spinal infection", "causes/serious-causes"),
    ("GP closed at the weekend", "what-to-do-now"),
    ("quiz", "practice"),
]

RESULTS = """() => { const meta = document.querySelector('.md-search-result__meta');
    return {meta: meta ? meta.textContent : '',
            pages: [...document.querySelectorAll('.md-search-result__list > .md-search-result__item > a')]
                   .map(a => new URL(a.href).pathname)}; }"""


def search(page, query: str) -> list[str]:
    """Ask one query and read its answer: the first three pages. Material searches when a key is
    released in the field, so the query is put in whole and one key (End) sends it; the first
    answer after the cleared field's "Type to start" is then the answer to this query."""
    page.fill(".md-search__input", "")
    page.wait_for_function("() => /Type to start/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")
    page.wait_for_function(
        "() => !/Type to start|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    return list(dict.fromkeys(page.evaluate(RESULTS)["pages"]))[:3]


def test_search_finds_the_page_people_mean(phone, site_url):
    assert len(QUERIES) >= 100 and len({q for q, _ in QUERIES}) == len(QUERIES)
    phone.goto(site_url + "/", wait_until="load")
    phone.click("label[for=__search]")
    misses = []
    for query, owner in QUERIES:
        top = search(phone, query)
        if ("/" + owner + "/" if owner else "/").replace("//", "/") not in top:
            misses.append(f"{query!r}: wanted /{owner}, got {top}")
    print(f"search relevance: {len(QUERIES) - len(misses)} of {len(QUERIES)} queries have their page in the top 3")
    assert not misses, "\n".join(misses)


# A patient page and its page in depth: the patients' words find the short page first.
PATIENT_BEFORE_DEPTH = [
    ("ibuprofen", "treatment/drugs"),
    ("epidural", "treatment/injections"),
    ("effleurage", "massage/effleurage"),
    ("warfarin massage", "massage/contraindications"),
    ("naproxen", "treatment/drugs"),  # also in practice questions, a case and the medicines handout
    ("cauda equina", "urgent-help"),  # also in cases, practice questions and the screening form
]


def test_search_puts_the_patient_page_above_its_depth_page_and_shows_no_alias_words(phone, site_url):
    phone.goto(site_url + "/", wait_until="load")
    phone.click("label[for=__search]")
    for query, patient in PATIENT_BEFORE_DEPTH:
        search(phone, query)
        pages = list(dict.fromkeys(phone.evaluate(RESULTS)["pages"]))
        assert pages and pages[0] == f"/{patient}/", (query, pages)
        # The alias words are in the index (as tags) but a result never shows them.
        shown = phone.evaluate(
            "() => [...document.querySelectorAll('.md-search-result .md-tag')]"
            ".filter(t => t.getClientRects().length).map(t => t.textContent)"
        )
        assert shown == [], (query, shown)


def test_a_very_long_query_is_answered(phone, site_url):
    """A 10,000-letter query (pasted by mistake) is cut before the fuzzy match, so the search still
    answers it, and the next query too."""
    phone.goto(site_url + "/", wait_until="load")
    phone.click("label[for=__search]")
    query = "sciatica" * 1250
    phone.fill(".md-search__input", query[:-1])
    phone.type(".md-search__input", query[-1])  # Material searches on a key, not on a paste alone
    phone.wait_for_function(
        "() => !/Type to start|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    assert "/treatment/drugs/" in search(phone, "ibuprofen")


def test_search_leaves_out_reference_lists_and_snippets_keep_cells_apart(built_site):
    import json
    import re

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in index if d["location"].endswith("#references")]
    tables = [
        d
        for d in index
        if d["location"] in ("urgent-help-in-depth/#red-flags", "massage/contraindications-in-depth/#table")
    ]
    assert len(tables) == 2
    for doc in tables:
        assert not re.search(r"[a-z][A-Z][a-z]", re.sub(r"<[^>]+>", " ", doc["text"])), doc["location"]
