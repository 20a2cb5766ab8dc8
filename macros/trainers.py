"""Trainers' material: handouts, the downloads page and the review schedule."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica import downloads, editorial, pages, siteconfig
from sciatica.render import handouts
from sciatica.render.html import el


def existing_page(site: Site, macro_name: str, sources: tuple[str, ...]) -> str:
    """The first of the pages (paths under docs/) that exists: a handout links to the fuller page
    once it is written, and to the page it replaces until then."""
    for source in sources:
        if (site.docs / source).is_file():
            return source
    site.fail(f"{macro_name}({', '.join(map(repr, sources))}): no such page in docs/")


def provenance(site: Site, macro_name: str, sources: tuple[str, ...]) -> handouts.Provenance:
    """The full page a handout summarises, and the handout page's own review dates. Its address is
    the published one, or None in a build without SITE_URL (the handout then says so)."""
    source = existing_page(site, macro_name, sources)
    title = str(editorial.front_matter(site.docs / source).get("title", source))
    meta = site.page.meta
    return handouts.Provenance(
        site.config.address(pages.page_url(source)),
        site.links.page(source),
        title,
        site.config.site_name,
        meta["reviewed"],
        meta["next_review"],
    )


def reader(site: Site) -> str:
    """Who reads the handout being rendered on paper (handouts.Handout.reader)."""
    name = site.page_path.removeprefix("handouts/").removesuffix(".md")
    found = handouts.handout_named(name, site.data)
    return found.reader if found else "student"


def handout_head(site: Site, *sources: str) -> Markup:
    """The QR code, address, review dates and licence of a handout; the full page is the first of
    `sources` that exists."""
    return handouts.handout_head(provenance(site, "handout_head", sources), reader(site))


def page_address(site: Site, source: str) -> Markup:
    """A page's full published address as a link, for an example on a page; in a build without
    SITE_URL, the page's path and what to set, never an address that does not exist."""
    existing_page(site, "page_address", (source,))
    address = site.config.address(pages.page_url(source))
    if address:
        return el("a", address, href=address)
    return el("span", pages.page_url(source), f" (address: {siteconfig.NO_ADDRESS})", class_="sc-no-address")


def handout(site: Site, technique: str) -> Markup:
    """A technique's whole handout: QR code with address, review dates and licence, summary,
    diagram and steps, contraindication rows and questions; then the answers on a sheet of their own."""
    found = site.entry("handout", "techniques", technique)
    page = f"massage/{technique}.md"  # the patient page: the handout's address and its "In short"
    source = provenance(site, "handout", (page,))
    parts = handouts.page_parts((site.docs / page).read_text(encoding="utf-8"), f"docs/{page}")
    # The self-check lives on the page in depth, with the steps and the evidence.
    questions = handouts.page_questions(site.data, handouts.technique_depth_page(technique))
    return el(
        "div",
        handouts.handout_head(source, reader(site)),
        handouts.technique_handout(found, site.data, parts, site.links, questions),
        handouts.answer_sheet(found.name, questions, source, site.links),
        class_="sc-handout",
    )


def repository_link(site: Site, text: str, path: str = "") -> str:
    """A link into the site's repository (REPO_URL), as Markdown (the address is the project's own
    setting, written as it is); in a build without it, the words and what to set, never a link to
    a repository that does not exist."""
    if site.config.repository:
        return f"[{text}]({site.config.repository.rstrip('/')}/{path.lstrip('/')})"
    return str(el("span", text, el("span", " (set REPO_URL to the repository's address)", class_="sc-no-address")))


def handout_list(site: Site) -> Markup:
    """Every handout, with what it holds and the names of its PDF files."""
    return handouts.handout_table(handouts.handout_list(site.data), site.links)


def download_table(site: Site) -> Markup:
    """Every file written before the build, with what it holds, its format and licence."""
    return downloads.download_table(downloads.described(site.data), site.links)


def review_schedule(site: Site) -> Markup:
    return editorial.review_table(editorial.page_reviews(site.docs), site.data.editorial, site.links)


MACROS = (handout_head, handout, handout_list, page_address, repository_link, download_table, review_schedule)
