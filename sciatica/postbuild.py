"""One pass over the built site, the same whichever engine built it.

Engines differ in what they run (Zensical ignores MkDocs hooks without a word), so everything
that must happen to the finished pages happens here, on plain HTML:

- glossary abbreviations get their expansion as a tooltip, in the page content only;
- links to other sites are marked, so a printed page can show their address;
- the references page links each source to the pages that cite it (read from those pages' own
  reference lists, so the links can never disagree with them);
- three repairs make Material's templates valid HTML, and the search dialog gets a name;
- the offline copy loads its search shim from the site and drops instant navigation;
- every script file is deferred, so a page is painted before its scripts arrive;
- every internal link and anchor is checked, raw HTML from the macros included.

Pages are processed as text with small, exact patterns: no full HTML parse of every page.
"""

from __future__ import annotations

import bisect
import html
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sciatica import links, warm
from sciatica.search import COMMON_WORDS, STOP_WORDS, TOPIC_WORDS

# --- abbreviations ---------------------------------------------------------------------------

# Text inside these is left alone: already expanded, code, drawings, scripts, styles.
SKIP = {"abbr", "code", "pre", "script", "style", "svg", "kbd", "textarea"}
# A comment, or an opening or closing tag of an element in SKIP: all the scan needs to know where
# the text that is left alone begins and ends (the other tags are only stepped over).
SKIP_EDGE = re.compile(
    rf"<!--.*?-->|<(/?)(?:{'|'.join(sorted(SKIP))})(?![a-zA-Z0-9-])[^>]*?(/?)>", re.DOTALL | re.IGNORECASE
)
ARTICLE_OPENING = re.compile(r"<article\b[^>]*>")


@lru_cache(maxsize=4)  # the same glossary for every page of a build: compile it once
def abbreviation_pattern(abbreviations: tuple[str, ...]) -> re.Pattern | None:
    if not abbreviations:
        return None
    # A whole word of running text (a plural such as NSAIDs counts too), never part of a character
    # reference (&para; &#91;) or of an address (a/b.c, www.x, x@y). Each word looks behind itself
    # after it matched, so the pattern starts with plain letters, which re skips to quickly.
    alternatives = "|".join(
        rf"{re.escape(a)}(?<![\w&#/.@:-]{re.escape(a)})" for a in sorted(abbreviations, key=len, reverse=True)
    )
    return re.compile(rf"((?:{alternatives}))(?=s?\b)(?![/.@:]\w|;)")


def left_alone(fragment: str) -> tuple[list[int], list[int]]:
    """Where the comments and the SKIP elements (outermost, nested ones inside) start and end."""
    starts: list[int] = []
    ends: list[int] = []
    depth = 0
    for edge in SKIP_EDGE.finditer(fragment):
        if edge.group(0).startswith("<!--"):
            if not depth:
                starts.append(edge.start())
                ends.append(edge.end())
        elif edge.group(2):  # a self-closing tag holds no text
            continue
        elif edge.group(1):
            if depth == 1:
                ends.append(edge.end())
            depth = max(depth - 1, 0)  # a stray closing tag closes nothing
        else:
            if not depth:
                starts.append(edge.start())
            depth += 1
    if len(ends) < len(starts):  # left open: alone to the end
        ends.append(len(fragment))
    return starts, ends


def in_running_text(fragment: str, at: int, starts: list[int], ends: list[int]) -> bool:
    """Not inside a tag, and not inside a comment or an element in SKIP."""
    if fragment.rfind("<", 0, at) > fragment.rfind(">", 0, at):
        return False
    span = bisect.bisect_right(starts, at) - 1
    return span < 0 or at >= ends[span]


def add_abbreviations(fragment: str, expansions: dict[str, str]) -> str:
    """Wrap each abbreviation in running text in <abbr title="expansion">. The glossary's
    abbreviations are letters, digits and hyphens, so a match never runs across a tag."""
    pattern = abbreviation_pattern(tuple(expansions))
    found = list(pattern.finditer(fragment)) if pattern else []
    if not found:
        return fragment
    starts, ends = left_alone(fragment)
    out, done = [], 0
    for match in found:
        if in_running_text(fragment, match.start(), starts, ends):
            short = match.group(1)
            out += [fragment[done : match.start()], f'<abbr title="{html.escape(expansions[short])}">{short}</abbr>']
            done = match.end()
    out.append(fragment[done:])
    return "".join(out)


def in_article(page: str, change: Callable[[str], str]) -> str:
    """The page with `change` made to its article's content (up to the first </article>, found
    with str.find: a lazy regex over a whole page steps through it one character at a time)."""
    opening = ARTICLE_OPENING.search(page)
    end = page.find("</article>", opening.end()) if opening else -1
    if not opening or end < 0:
        return page
    return page[: opening.end()] + change(page[opening.end() : end]) + page[end:]


def abbreviate_article(page: str, expansions: dict[str, str]) -> str:
    return in_article(page, lambda article: add_abbreviations(article, expansions))


# --- tables as labelled cards on a phone ------------------------------------------------------------

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
BODY = re.compile(r"<tbody>(.*?)</tbody>", re.DOTALL)
ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL)
CELL_OPEN = re.compile(r"<(td|th)\b(?![^>]*data-label)([^>]*)>")


def label_table(table: str) -> str:
    """Give each body cell its column's name (data-label), so a phone can show each row as a
    card with the names repeated (CSS in docs/stylesheets/site.css)."""
    head = re.search(r"<thead>(.*?)</thead>", table, re.DOTALL)
    if not head:
        return table
    labels = [
        html.escape(html.unescape(TAGS.sub("", cell)).strip(), quote=True) for cell in HEAD_CELL.findall(head.group(1))
    ]

    def row(match: re.Match) -> str:
        cells = iter(labels)

        def cell(opening: re.Match) -> str:
            label = next(cells, "")
            return f'<{opening.group(1)}{opening.group(2)} data-label="{label}">' if label else opening.group(0)

        return match.group(1) + CELL_OPEN.sub(cell, match.group(2)) + match.group(3)

    return BODY.sub(lambda body: "<tbody>" + ROW.sub(row, body.group(1)) + "</tbody>", table)


def label_tables(page: str) -> str:
    return TABLE.sub(lambda match: label_table(match.group(0)), page)


# --- search that forgives a typing slip ---------------------------------------------------------------

# Each page names the worker by a path relative to itself ("../../assets/..." below the top level).
SEARCH_WORKER = re.compile(r'("search": *")((?:\.\./)*assets/javascripts/workers/)(search\.[0-9a-f]+\.min\.js)(")')
TYPO_WORKER = "search-typos.js"
TYPO_WORKER_SCRIPT = Path(__file__).with_name("static") / TYPO_WORKER


SEARCH_INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"  # the offline copy's index, inlined in a script


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


def finish_search_index(site: Path, previous: str | None = None, rendered: set[str] | None = None) -> None:
    """Material copies a page's tags to each of its sections; keep them on the page's own entry,
    which is the one that should rank first, and which then stands out (the boost is shared by
    one entry, not a dozen) in a smaller index. After a build of a few pages (the live preview),
    the engine's index holds only those pages: the other pages' entries come from `previous`.
    The offline copy's script is written again from the finished index, whichever engine wrote it."""
    index_file = site / SEARCH_INDEX
    if not index_file.exists():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if previous is not None and rendered is not None:
        kept = [doc for doc in json.loads(previous).get("docs", []) if page_of(doc.get("location", "")) not in rendered]
        index["docs"] = kept + [doc for doc in index.get("docs", []) if page_of(doc.get("location", "")) in rendered]
    for doc in index.get("docs", []):
        if "#" in doc.get("location", ""):
            doc.pop("tags", None)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(text, encoding="utf-8")
    if (site / OFFLINE_INDEX).exists():
        (site / OFFLINE_INDEX).write_text(f"var __index = {text}", encoding="utf-8")


def forgiving_worker(material_worker: str) -> str:
    """The worker script, with Material's worker, the stop words, the site's subject and the
    common words (one list each, in sciatica/search.py)."""
    return TYPO_WORKER_SCRIPT.read_text(encoding="utf-8") % {
        "worker": material_worker,
        "stop_words": json.dumps(sorted(STOP_WORDS)),
        "topic_words": json.dumps(sorted(TOPIC_WORDS)),
        "common_words": json.dumps(sorted(COMMON_WORDS)),
    }


def forgiving_search(page: str) -> tuple[str, str | None]:
    """Point Material's search at the forgiving worker; returns the page and the original worker."""
    match = SEARCH_WORKER.search(page)
    if not match:
        return page, None
    return SEARCH_WORKER.sub(lambda m: m.group(1) + m.group(2) + TYPO_WORKER + m.group(4), page), match.group(3)


# --- links to other sites, for print ------------------------------------------------------------

# In the built HTML, links inside the site are relative and links to other sites absolute (the
# browser later makes every link absolute, so print styles cannot tell them apart themselves).
EXTERNAL_LINK = re.compile(r'<a (?![^>]*\bdata-external\b)(?=[^>]*\bhref="https?://)')


def mark_external_links(page: str) -> str:
    """`data-external` on each link in the article that leads to another site (printed with its address)."""
    return in_article(page, lambda article: EXTERNAL_LINK.sub("<a data-external ", article))


# --- valid markup ------------------------------------------------------------------------------

CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')
TOC_LABEL = '<label class="md-nav__title" for="__toc">'
SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(>)')
HIDDEN_OVERLAY = '<label class="md-overlay" for="__drawer" aria-hidden="true">'
SECTION_TITLE = re.compile(r'<label class="md-nav__title" for="(__nav[\w]*)">(.*?)</label>', re.DOTALL)
SECTION_TOGGLE = re.compile(
    r'(<label class="md-nav__link[^"]*" for="(__nav[\w]*)" id="__nav[\w]*_label"[^>]*>(?:\s|<span[^>]*></span>)*)(</label>)'
)


def name_section_toggles(page: str) -> str:
    """A section with its own index page gets an arrow toggle with no words, and the section's menu
    is named by that toggle: every such menu would be a landmark without a name (axe:
    landmark-unique). The toggle takes the section's title as words read aloud, not shown (a label
    may not carry aria-label)."""
    titles = {key: " ".join(html.unescape(TAGS.sub(" ", text)).split()) for key, text in SECTION_TITLE.findall(page)}

    def named(match: re.Match) -> str:
        title = titles.get(match.group(2))
        return (
            f'{match.group(1)}<span class="sc-unseen">{html.escape(title)}</span>{match.group(3)}'
            if title
            else match.group(0)
        )

    return SECTION_TOGGLE.sub(named, page)


def valid_markup(page: str) -> str:
    """Material writes autocomplete on checkbox toggles (only text inputs may carry it), an empty
    tabindex on section labels, a table-of-contents label on pages with no table of contents,
    and a search dialog without a name (axe: aria-dialog-name); Zensical's templates also hide a
    label that belongs to a control. Exact edits on those lines only."""
    page = page.replace(HIDDEN_OVERLAY, '<label class="md-overlay" for="__drawer">')
    page = CHECKBOX_AUTOCOMPLETE.sub(r"\1", page)
    page = EMPTY_TABINDEX.sub(r"\1", page)
    if 'id="__toc"' not in page:
        page = page.replace(TOC_LABEL, '<label class="md-nav__title">')
    return name_section_toggles(SEARCH_DIALOG.sub(r'\1 aria-label="Search"\2', page))


# --- the references page's back-links -------------------------------------------------------------

REFERENCE_LIST = re.compile(r'<ol class="sc-references">(.*?)</ol>', re.DOTALL)
LIST_ITEM_ID = re.compile(r'<li id="ref-([a-z0-9-]+)"')
CITED_ON_SLOT = re.compile(r'<span class="sc-cited-on" data-ref="([^"]+)"></span>')
TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
TAGS = re.compile(r"<[^>]+>")


def page_title(page: str) -> str:
    match = TITLE.search(page)
    return html.unescape(TAGS.sub("", match.group(1))).replace("¶", "").strip() if match else ""


def citations(page: str) -> list[str]:
    """The reference ids a page lists at its foot."""
    return [ref for block in REFERENCE_LIST.findall(page) for ref in LIST_ITEM_ID.findall(block)]


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one page's URL to another's ('' is the home page), as the engine writes them."""
    base = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", base or ".")
    if (to_url.endswith("/") or to_url == "") and not target.endswith("/"):
        target += "/"
    return "./" if target in (".", "./") else target


def fill_cited_on(page: str, page_url: str, cited_on: dict[str, list[tuple[str, str]]]) -> str:
    """Fill each slot on the references page with links to the pages citing that reference."""

    def links(match: re.Match) -> str:
        pages = cited_on.get(match.group(1), [])
        if not pages:
            return '<span class="sc-cited-on"> Not cited on any page.</span>'
        anchors = "; ".join(
            f'<a href="{html.escape(relative_url(page_url, url))}">{html.escape(title)}</a>' for url, title in pages
        )
        return f'<span class="sc-cited-on"> Cited on: {anchors}</span>'

    return CITED_ON_SLOT.sub(links, page)


# --- the offline copy ----------------------------------------------------------------------------

SHIM_REMOTE = re.compile(r'https://unpkg\.com/iframe-worker/shim[^"\']*')
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
NEEDS_A_SERVER = {"navigation.instant", "navigation.instant.progress", "navigation.instant.prefetch"}


def offline_page(page: str, root: str) -> str:
    """The search shim from the site itself, and no instant navigation (it needs a server)."""
    page = SHIM_REMOTE.sub(root + SHIM_PATH, page)

    def features(match: re.Match) -> str:
        config = json.loads(match.group(2))
        config["features"] = [f for f in config.get("features", []) if f not in NEEDS_A_SERVER]
        return match.group(1) + json.dumps(config) + match.group(3)

    return CONFIG_SCRIPT.sub(features, page)


# --- text from the data that the theme's templates place --------------------------------------------

FILL_SLOT = re.compile(r'<span data-sc-fill="([a-z-]+)"></span>')


def fill_slots(page: str, fills: dict[str, str]) -> str:
    """The theme's templates cannot call the macros on every engine, so a template leaves an empty
    slot (the urgent-help banner's signs) and this pass puts the data's words in it."""
    return FILL_SLOT.sub(lambda m: fills.get(m.group(1), m.group(0)), page)


# --- sections that moved to a page's partner ---------------------------------------------------------

# The element's text up to the first closing tag of a block (a cell, a link, a heading): words
# marked up inside it (an abbreviation, emphasis) stay part of the title.
INLINE = "abbr|em|strong|b|i|code|span|sup|sub|small|mark"
ELEMENT = re.compile("<([a-z0-9]+)[^>]*>((?:(?!</\\1>|</(?!(?:" + INLINE + ")>)).)*)", re.DOTALL)


def id_tags(page: str) -> dict[str, int]:
    """Each id on the page, and where the tag that carries it (its first use) starts: one scan of
    the page for all its anchors, not one for each."""
    found: dict[str, int] = {}
    for match in links.ID_ATTRIBUTE.finditer(page):
        found.setdefault(match.group(1) or match.group(2) or match.group(3), page.rfind("<", 0, match.start()))
    return found


def section_title(page: str, anchor: str, tags: dict[str, int]) -> str:
    start = tags.get(anchor, -1)
    match = ELEMENT.match(page, start) if start >= 0 else None
    text = html.unescape(TAGS.sub("", match.group(2))) if match else anchor
    return " ".join(text.replace("¶", "").split()) or anchor


def promised_anchors(promised: tuple[str, ...] | list[str], addresses: set[str]) -> list[str]:
    """The anchors the published links (written /page/#anchor) promise on a page known by any of
    `addresses` (its own, and those that redirect to it), in whichever URL style."""
    return [link.split("#", 1)[1] for link in promised if "#" in link and address(link) in addresses]


def moved_sections(page: str, page_url: str, partner: str, partner_url: str, wanted: list[str]) -> str:
    """Anchors a trainer once linked on this page, now on its partner page (a patient page and its
    depth page): each keeps its name here, folded away, and leads on (site.js follows it at once;
    without JavaScript the reader opens the fold and the link)."""
    here = {a or b or c for a, b, c in links.ID_ATTRIBUTE.findall(page)}
    there = id_tags(partner)
    moved = [anchor for anchor in dict.fromkeys(wanted) if anchor not in here and anchor in there]
    if not moved:
        return page
    target = relative_url(page_url, partner_url)
    items = "".join(
        f'<li id="{html.escape(anchor)}" data-moved-to="{html.escape(target)}#{html.escape(anchor)}">'
        f'<a href="{html.escape(target)}#{html.escape(anchor)}">{html.escape(section_title(partner, anchor, there))}'
        f"</a></li>"
        for anchor in moved
    )
    block = (
        f'<details class="sc-moved" data-search-exclude><summary>Sections now on the full page '
        f"({len(moved)})</summary><ul>{items}</ul></details>"
    )
    return page.replace("</article>", block + "</article>", 1) if "</article>" in page else page


# --- names that must be unique ---------------------------------------------------------------------


def repeated_ids(site: Path, path: Path, page: str) -> list[str]:
    """An id used twice on a page: a link to it, or a label for it, reaches only the first (two
    entries of the data whose ids make the same name, such as a case and a question)."""
    counts = Counter(a or b or c for a, b, c in links.ID_ATTRIBUTE.findall(page))
    return [
        f"site: {path.relative_to(site).as_posix()}: the id {name!r} is used {count} times on the page; "
        "two entries of the data make the same name: rename one"
        for name, count in counts.items()
        if name and count > 1  # an empty id is no anchor
    ]


# --- the pass -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    expansions: dict[str, str]  # abbreviation -> what it stands for, from the glossary
    offline: bool = False
    shim: Path | None = None  # the iframe-worker shim file, for the offline copy
    base_path: str = "/"  # the path of the site's address, such as /sciatica/
    fills: dict[str, str] = field(default_factory=dict)  # slot name -> HTML from the data
    partners: dict[str, str] = field(default_factory=dict)  # a patient page's URL -> its depth page's URL
    promised: tuple[str, ...] = ()  # the published links (published-links.txt), whose anchors must keep landing


def page_url_of(site: Path, path: Path, directory_urls: bool = True) -> str:
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html") if directory_urls else relative


def redirected_here(site: Path, pages: dict[Path, str], directory_urls: bool = True) -> dict[str, list[str]]:
    """A page's URL -> the URLs whose redirect stubs send readers to it (the page moved there): the
    anchors published under the old address are the page's to keep too."""
    built = links.BuiltSite(site, texts=pages)
    found: dict[str, list[str]] = {}
    for path, text in pages.items():
        refresh = links.REFRESH.search(text[:2000])
        if refresh is None:
            continue
        target, _ = built.target(html.unescape(refresh.group(1)), path)
        if target.is_relative_to(site):
            found.setdefault(page_url_of(site, target, directory_urls), []).append(
                page_url_of(site, path, directory_urls)
            )
    return found


def address(url: str) -> str:
    """A page's address in one form, whatever the URL style: 'treatment/drugs/' (directory URLs),
    'treatment/drugs.html' (the offline copy) and '/treatment/drugs/' (published) are one page."""
    path = url.split("#", 1)[0].strip("/")
    path = path.removesuffix("index.html").removesuffix(".html")
    return path.strip("/")


# --- scripts that wait for the page ------------------------------------------------------------

# A script loaded from a file, not yet deferred (nor async, nor a module, which never block).
BLOCKING_SCRIPT = re.compile(r'<script (?![^>]*\b(?:defer|async)\b|[^>]*\btype="module")(?=[^>]*\bsrc=)')


def deferred_scripts(page: str) -> str:
    """Every script file (Material's bundle, the site's own, the offline copy's search shim) runs
    once the page is read, in the order the page lists them, and no longer holds up its first
    paint: a phone shows the text while the scripts are still on their way. The inline scripts
    before them (the colour scheme, the search index's wrapper) still run at once, as they must."""
    return BLOCKING_SCRIPT.sub("<script defer ", page)


def page_steps(text: str, options: Options) -> tuple[str, str | None]:
    """The steps that read nothing but the page and the options, and the search worker it loads."""
    text = label_tables(
        valid_markup(mark_external_links(abbreviate_article(fill_slots(text, options.fills), options.expansions)))
    )
    return forgiving_search(deferred_scripts(text))


def finished_page(page: str, text: str, options: Options) -> tuple[str, str | None]:
    """page_steps, kept by what they read: in the preview's builder, a data save finishes again
    only the pages it changed (sciatica/warm.py)."""
    if not warm.ACTIVE:
        return page_steps(text, options)
    # Only the abbreviations the page contains: a changed glossary entry finishes again only its pages.
    used = sorted((short, long) for short, long in options.expansions.items() if short in text)
    key = (warm.digest(text), warm.digest(repr((sorted(options.fills.items()), used))))
    kept = warm.FINISHED.get(page, key)
    if kept is None:
        kept = page_steps(text, options)
        warm.FINISHED.put(page, key, kept)
    return kept


# --- the stylesheet -------------------------------------------------------------------------------

SITE_STYLESHEETS = "stylesheets"  # the site's own (mkdocs.yml extra_css); Material's come minified


def minified_stylesheet(css: str) -> str:
    """The stylesheet as readers get it: its comments (which explain each rule to whoever edits
    docs/stylesheets/) and spacing left out, about 5 KB of the 11 KB every page loads compressed."""
    import rcssmin  # here, not at the top: only the engine's process finishes a site

    return rcssmin.cssmin(css)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def run(site: Path, options: Options, only: set[Path] | None = None, previous_index: str | None = None) -> list[str]:
    """Finish the built site in place; returns problems (broken links), one line each. With
    `only`, the engine rendered just those pages again (the others are finished already), and
    `previous_index` is the search index before it did."""
    pages = {path: path.read_text(encoding="utf-8") for path in html_pages(site)}
    cited_on: dict[str, list[tuple[str, str]]] = {}
    for path, text in pages.items():
        for ref in citations(text):
            cited_on.setdefault(ref, []).append((page_url_of(site, path, not options.offline), page_title(text)))
    workers: set[str] = set()
    arrivals = redirected_here(site, pages, not options.offline) if options.partners else {}
    for path, text in pages.items():
        if only is not None and path not in only:
            continue
        url = page_url_of(site, path, not options.offline)
        if url in options.partners:  # first, so the links left behind are finished like the rest of the page
            partner_url = options.partners[url]
            partner = site / (
                partner_url + "index.html" if partner_url.endswith("/") or not partner_url else partner_url
            )
            if partner.is_file():
                addresses = {address(u) for u in (url, *arrivals.get(url, ()))}
                wanted = promised_anchors(options.promised, addresses)
                text = moved_sections(text, url, partner.read_text(encoding="utf-8"), partner_url, wanted)
        text, worker = finished_page(path.relative_to(site).as_posix(), text, options)
        if worker:
            workers.add(worker)
        if CITED_ON_SLOT.search(text):
            text = fill_cited_on(text, url, cited_on)
        if options.offline:
            text = offline_page(text, "../" * (len(path.relative_to(site).parts) - 1))
        pages[path] = text
        path.write_text(text, encoding="utf-8")
    for sheet in (site / SITE_STYLESHEETS).glob("*.css"):
        sheet.write_text(minified_stylesheet(sheet.read_text(encoding="utf-8")), encoding="utf-8")
    for worker in workers:
        folder = site / "assets" / "javascripts" / "workers"
        (folder / TYPO_WORKER).write_text(forgiving_worker(worker), encoding="utf-8")
    rendered = None if only is None else {page_url_of(site, path, not options.offline) for path in only}
    finish_search_index(site, previous_index if only is not None else None, rendered)
    if options.offline and options.shim:
        target = site / SHIM_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(options.shim.read_text(encoding="utf-8"), encoding="utf-8")
    problems = [
        problem for path in (only if only is not None else pages) for problem in repeated_ids(site, path, pages[path])
    ]
    # After a build of a few pages: their links, and every link that leads to them.
    return problems + links.BuiltSite(site, options.base_path, texts=pages).page_problems(list(pages), only)
