"""The HTML tier: every page carries its description, audience and review dates; clinical
pages carry the urgent-help link; nothing is loaded from another host."""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sciatica import editorial, pages, siteconfig
from sciatica.links import BuiltSite, is_external
from sciatica.postbuild import html_pages
from sciatica.render import helplines
from tests.conftest import ROOT, built_file, parsed_page

DOCS = ROOT / "docs"
CLINICAL_SECTIONS = ("anatomy", "causes", "symptoms", "diagnosis", "treatment", "massage")


def front_matter(path: Path) -> dict:
    meta = editorial.front_matter(path)
    assert meta, f"{path} has no front matter"
    return meta


def source_pages() -> list[Path]:
    return pages.source_pages(DOCS)


def built_page(site: Path, source: Path) -> Path:
    return built_file(site, source.relative_to(DOCS).as_posix())


def is_clinical(source: Path) -> bool:
    return source.relative_to(DOCS).parts[0].removesuffix(".md") in CLINICAL_SECTIONS


@pytest.mark.parametrize("source", source_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_has_complete_front_matter(source):
    meta = front_matter(source)
    for field in ("title", "description", "audience", "reviewed", "next_review"):
        assert meta.get(field), f"{source.name}: {field} missing"
    assert set(meta["audience"]) <= {"patients", "students", "trainers"}
    assert 50 <= len(meta["description"]) <= 170
    assert meta["next_review"] > meta["reviewed"]
    if is_clinical(source):
        assert meta.get("clinical") is True, f"{source.name} is clinical and must show the urgent-help link"


def test_every_page_has_description_audience_and_review_dates(built_site):
    for source in source_pages():
        meta = front_matter(source)
        html = parsed_page(built_page(built_site, source))
        assert html.select_one('meta[name="description"]')["content"] == meta["description"], source
        assert html.select_one('meta[name="audience"]')["content"] == ", ".join(meta["audience"]), source
        review = html.select_one("footer.sc-review")
        assert review is not None, source
        assert [t["datetime"] for t in review.select("time")] == [str(meta["reviewed"]), str(meta["next_review"])]


def test_clinical_pages_link_to_urgent_help(built_site):
    clinical = [s for s in source_pages() if is_clinical(s)]
    assert clinical
    for source in clinical:
        html = parsed_page(built_page(built_site, source))
        banner = html.select_one("aside.sc-urgent")
        assert banner is not None, source
        assert banner.select_one("a")["href"].endswith("urgent-help/"), source


def test_pages_cite_sources_and_list_them(built_site):
    for source in source_pages():
        html = parsed_page(built_page(built_site, source))
        marks = {a["href"] for a in html.select("sup.sc-cite a")}
        listed = {f"#{li['id']}" for li in html.select("ol.sc-references li")}
        # A source listed without a mark is one a patient page names with {{ sources(...) }}, or one
        # behind a block that shows no marks and names its sources instead (data-sources).
        named = {
            ref
            for call in re.findall(r"sources\(([^)]*)\)", source.read_text(encoding="utf-8"))
            for ref in re.findall(r"[\"']([^\"']+)[\"']", call)
        }
        named |= {ref for block in html.select("article [data-sources]") for ref in block["data-sources"].split()}
        assert marks <= listed and listed - marks <= {f"#ref-{ref}" for ref in named}, source
        if is_clinical(source):
            assert marks, f"{source} is clinical but cites nothing"


def test_citation_marks_are_named_by_label_not_by_a_tooltip_title(built_site):
    """A citation says "Reference n" to a screen reader. It carries no title: with content.tooltips
    Material builds a tooltip for every titled element as the page loads, which on the pages with
    hundreds of citations blocked a phone's main thread for over a second."""
    for source in source_pages():
        for mark in parsed_page(built_page(built_site, source)).select("sup.sc-cite a"):
            assert mark.get("aria-label") == f"Reference {mark.get_text()}", (source, str(mark))
            assert not mark.has_attr("title"), (source, str(mark))


EXTERNAL_ATTRS = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
]


def test_no_resource_is_loaded_from_another_host(built_site, pages):
    offenders = []
    for page in pages:
        html = parsed_page(page)
        for tag, attr in EXTERNAL_ATTRS:
            for element in html.select(f"{tag}[{attr}]"):
                if tag == "link" and element.get("rel") == ["canonical"]:
                    continue  # the canonical address names the page; nothing is fetched
                if urlsplit(element[attr]).netloc:
                    offenders.append(f"{page.relative_to(built_site)}: <{tag} {attr}={element[attr]}>")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(built_site)}: url(//...)")
    assert not offenders, "\n".join(offenders)


def test_no_script_file_holds_up_the_first_paint(built_site):
    """Every page, the 404 page and the redirects included: each script file is deferred, so a
    phone paints the page before the scripts arrive, and they still run in the order listed."""
    blocking, deferred = [], 0
    for page in sorted(built_site.rglob("*.html")):
        for script in parsed_page(page).select("script[src]"):
            if script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module":
                deferred += 1
            else:
                blocking.append(f"{page.relative_to(built_site)}: {script['src']}")
    assert deferred > 90 * 4 and not blocking, blocking[:10]


def sign_text(flag) -> str:
    return " ".join(flag.sign.split()) + (f" {flag.contact}" if flag.contact else "")


def test_urgent_help_lists_every_emergency_sign_and_the_action(built_site, data):
    html = parsed_page(built_site / "urgent-help" / "index.html")
    signs = [li.get_text() for li in html.select("#emergency ~ ul.sc-emergency-signs li:not(.sc-escalation)")]
    emergency = [f for f in data.red_flags if f.action == "emergency"]
    assert sorted(signs) == sorted(sign_text(f) for f in emergency)
    assert {f.id for f in emergency if not f.cauda_equina} >= {"cancer-nerve-symptoms"}
    assert html.select_one("#emergency ~ ul.sc-emergency-signs li.sc-escalation")
    same_day = [li.get_text() for li in html.select("#same-day ~ ul.sc-same-day-signs li")]
    assert same_day == [sign_text(f) for f in data.red_flags if f.action == "urgent"]
    assert html.select_one("#same-day ~ p.sc-escalation")
    text = html.get_text(" ")
    calls = {a["href"] for a in html.select("article .sc-call a[href^='tel:']")}
    assert len(data.emergency_numbers) >= 3
    assert calls == {f"tel:{n.number}" for n in data.emergency_numbers}  # every number, callable
    others = {a["href"] for a in html.select("article a[href^='tel:']")} - calls
    assert others == {helplines.tel(line.number) for line in data.helplines if line.number}  # and help that is not 999
    assert "emergency department" in text


def test_references_page_groups_sources_and_links_back_to_citing_pages(built_site, data):
    html = parsed_page(built_site / "references" / "index.html")
    entries = html.select("li[id^=ref-]")
    assert len(entries) == len(data.references)
    assert {h["id"] for h in html.select("h2[id^=kind-]")} >= {"kind-guideline", "kind-systematic-review"}
    cited_on = {li["id"]: [a["href"] for a in li.select(".sc-cited-on a")] for li in entries}
    assert not [ref for ref, hrefs in cited_on.items() if not hrefs], "every source is cited somewhere"
    assert "../urgent-help/" in cited_on["ref-nice-ng59"] or any(cited_on.values())
    # Every back-link leads to a page that really lists that reference at its foot.
    listed: dict[str, set[str]] = {}
    for ref_id, hrefs in cited_on.items():
        for href in hrefs:
            if href not in listed:
                target = (built_site / "references" / href / "index.html").resolve()
                # The list follows its heading, or sits inside the fold of a patient page's sources.
                foot = parsed_page(target).select("#references ~ ol li[id], #references ol li[id]")
                listed[href] = {li["id"] for li in foot}
            assert ref_id in listed[href], (ref_id, href)


def test_every_glossary_abbreviation_on_the_site_shows_its_expansion(built_site, pages, data):
    from sciatica.postbuild import SKIP, abbreviation_pattern

    expansions = {t.abbreviation: t.term for t in data.glossary if t.abbreviation}
    pattern = abbreviation_pattern(tuple(expansions))
    bare, expanded = [], 0
    for page in pages:
        article = parsed_page(page).select_one("article")
        for abbr in article.select("abbr"):
            expanded += 1
            assert abbr.get("title") == expansions.get(abbr.get_text()), (page, abbr)
        for text in article.find_all(string=pattern):
            if not any(parent.name in SKIP for parent in text.parents):
                bare.append(f"{page.relative_to(built_site)}: {text.strip()[:60]}")
    assert expanded > 50
    assert not bare, "\n".join(bare[:20])


def study_pages() -> list[Path]:
    """In-depth pages: clinical pages written for students (urgent help is for acting, not study)."""
    return [s for s in source_pages() if is_clinical(s) and "students" in front_matter(s)["audience"]]


@pytest.mark.parametrize("source", study_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_study_pages_open_with_objectives_and_end_with_key_points_and_self_check(built_site, source):
    article = parsed_page(built_page(built_site, source)).select_one("article")
    objectives = article.select_one(".admonition.abstract")
    assert objectives is not None and "Learning objectives" in objectives.select_one(".admonition-title").text
    assert len(objectives.select("li")) >= 3
    order = article.find_all(True)
    students_start = article.select_one("h2#for-students")
    if "patients" in front_matter(source)["audience"]:
        # The short part for patients comes first; the students' part opens with its objectives.
        assert students_start is not None and "sc-students-start" in students_start["class"]
        assert objectives.find_previous_sibling() is students_start.find_next_sibling("p", class_="sc-stop-here")
        summary = article.select_one(".admonition.summary")
        assert summary is not None and order.index(summary) < order.index(students_start), "in short comes first"
    else:
        first_section = article.select_one("h2")
        assert students_start is None
        assert first_section is None or order.index(objectives) < order.index(first_section), "objectives come first"
    headings = [h.get("id") for h in article.select("h2")]
    assert "key-points" in headings and "self-check" in headings
    assert headings.index("key-points") < headings.index("self-check")
    if students_start is not None:
        assert headings.index("for-students") < headings.index("key-points")
    questions = article.select("#self-check ~ form.sc-quiz")
    assert len(questions) >= 3
    for question in questions:  # each reads as a question with its answer hidden until opened
        assert question.select_one("fieldset > legend").get_text(strip=True)
        assert len(question.select("input[type=radio], input[type=checkbox]")) >= 2
        answers = question.select("details.sc-quiz-answer")
        assert len(answers) == 1 and not answers[0].has_attr("open"), "answers stay hidden until opened"
        assert question.select_one("button.sc-quiz-check").has_attr("hidden"), "no button that does nothing"


def test_emergency_signs_never_appear_without_the_action(built_site, pages, data):
    boxes = 0
    for page in pages:
        if page.parent.name == "urgent-help":
            continue  # the signs' own page, where the action follows under its own heading
        html = parsed_page(page)
        for signs in html.select("article ul.sc-emergency-signs"):
            box = signs.find_parent(class_="sc-emergency")
            assert box is not None, page
            assert "emergency department now" in box.get_text(), page
            assert len(box.select("a[href^='tel:']")) == len(data.emergency_numbers), page
            assert box.select_one("a[href$='urgent-help/#emergency']"), page
            listed = box.get("data-short-list")  # a short list carries its chosen signs; a full list every one
            flags = (
                [data.by_id("red_flags")[i] for i in data.by_id("short_lists")[listed].signs]
                if listed
                else data.red_flags
            )
            assert len(signs.select("li:not(.sc-escalation)")) == sum(f.action == "emergency" for f in flags), page
            assert signs.select_one("li.sc-escalation"), page  # the escalation rule goes with the signs
            boxes += 1
    assert boxes >= 8


SOURCE_ARTICLE = re.compile(r"source article|article this site grew from", re.IGNORECASE)


def test_every_mention_of_the_source_article_links_to_the_about_page(built_site, pages):
    """'The source article' is explained once, on the About page; every mention in running text
    leads there (headings, question titles and table headers name it without a link)."""
    unlinked = []
    for page in pages:
        if page.parent.name == "about":
            continue
        article = parsed_page(page).select_one("article")
        for text in article.find_all(string=SOURCE_ARTICLE):
            link = text.find_parent("a")
            if link is not None or text.find_parent(["h1", "h2", "h3", "h4", "summary", "th", "dt"]):
                continue  # a link already (to the About page, or a page named after the article), or a heading
            if text.find_parent(class_="sc-cite-page"):
                continue  # "Cite this page" repeats the page's title, as the heading does
            unlinked.append(f"{page.relative_to(built_site)}: {text.strip()[:70]}")
    assert not unlinked, "\n".join(unlinked)


def test_figures_stay_out_of_the_search_index(built_site):
    """A figure's labels would reach the index as one run of words ("rightleftPiriformis..."):
    every inline SVG is excluded, and no figure's opening words appear in the index."""
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = " ".join(doc["text"] for doc in index["docs"])
    figures = 0
    for path in built_site.rglob("index.html"):
        for svg in parsed_page(path).select("article svg"):
            words = "".join(text.get_text() for text in svg.find_all("text"))
            if len(words) < 20:
                continue  # a QR code or an icon: no labels
            figures += 1
            assert svg.has_attr("data-search-exclude"), path
            assert words[:40] not in indexed, (path, words[:40])
    assert figures > 20


def test_the_sites_stylesheet_is_sent_without_comments_and_keeps_every_rule(built_site):
    """docs/stylesheets/site.css explains its rules in comments; the built copy leaves them out
    (sciatica/postbuild.py), and each rule of the source is still there, in the same order."""
    source = (DOCS / "stylesheets" / "site.css").read_text(encoding="utf-8")
    built = (built_site / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "/*" not in built and len(built) < 0.8 * len(source)

    def selectors(css: str) -> list[str]:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
        return [re.sub(r"\s+", "", found) for found in re.findall(r"([^{};]+)\{", css)]

    assert selectors(built) == selectors(source)


PAGE_BUDGET_KB = 120  # compressed: a page, with everything it loads before the reader does anything


@functools.cache
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def sent_with(site: Path, page: Path) -> dict[str, int]:
    """What a browser fetches to show the page, each file's size gzipped as a static host sends it:
    the page, its stylesheets, scripts, images and icon. The search index and Material's search
    worker come only when the reader goes to search (tests/browser/test_readers.py)."""
    soup = parsed_page(page)
    wanted = [tag.get("href") for tag in soup.select("link[rel=stylesheet], link[rel=icon]")]
    wanted += [tag.get("src") for tag in soup.select("script[src], img[src]")]
    sizes = {page.relative_to(site).as_posix(): gzipped_size(page)}
    for address in wanted:
        if not address or urlsplit(address).scheme or address.startswith("data:"):
            continue
        path = urlsplit(address).path  # 404.html names its files from the site's root
        target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
        sizes[target.relative_to(site.resolve()).as_posix()] = gzipped_size(target)
    return sizes


def test_every_page_with_what_it_loads_is_at_most_120_kb(built_site):
    over = {}
    for page in html_pages(built_site):
        total = sum(sent_with(built_site, page).values()) / 1024
        if total > PAGE_BUDGET_KB:
            over[page.relative_to(built_site).as_posix()] = round(total, 1)
    assert not over, over
    home = sent_with(built_site, built_site / "index.html")
    assert any(name.startswith("assets/javascripts/bundle.") for name in home), home  # the theme's code is counted
    assert "stylesheets/site.css" in home and "assets/images/favicon.png" in home, home


def menu_targets(site: Path, page: Path) -> set[Path]:
    """The built pages the page's main menu (Material's primary sidebar) links to."""
    links = [a["href"] for a in parsed_page(page).select(".md-sidebar--primary a.md-nav__link[href]")]
    return {BuiltSite(site).target(href, page)[0] for href in links if not is_external(href)}


def test_a_page_carries_its_own_part_of_the_menu_and_the_rest_by_one_link(built_site):
    """Each page's menu lists every page of its own top-level part, and each other part by one
    link only (Material's navigation.prune): the whole menu on every page was half of a page's
    HTML, and of what a phone had to lay out."""
    site = built_site.resolve()
    parts: dict[str, set[Path]] = {}
    for trail, source in siteconfig.nav_files(siteconfig.read_raw(ROOT)["nav"]):
        parts.setdefault(trail.split(" > ")[0], set()).add(built_file(site, source).resolve())
    for own, page_source in (("Massage", "massage/kneading.md"), ("Sciatica", "causes/pregnancy.md")):
        targets = menu_targets(site, built_file(site, page_source).resolve())
        assert parts[own] <= targets, (page_source, sorted(map(str, parts[own] - targets)))
        for part, pages_of_part in parts.items():
            if part != own:
                assert len(pages_of_part & targets) == 1, (page_source, part, len(pages_of_part & targets))
