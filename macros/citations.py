"""Citations and the words behind them: citation marks, each page's reference list, the
bibliography and the glossary."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica.render import handouts, tables


def cite(site: Site, *ids: str) -> Markup:
    """Numbered citation marks, linked to the page's reference list."""
    return site.cite(*ids)


def sources(site: Site, *ids: str) -> str:
    """Sources for what a patient page says without marks in its text (its first screen stays
    clear): they join the page's list of sources, numbered in order, and show no mark here."""
    site.cite(*ids)
    return ""


def for_patients(site: Site) -> bool:
    """A page written for patients alone keeps its sources folded away at its foot."""
    meta = getattr(site.page, "meta", None) or {}
    return list(meta.get("audience") or []) == ["patients"]


def references(site: Site, short: bool = False) -> str:
    """The page's reference list, at its foot: every source cited above, in order. `short` gives
    each source in a line (who, what, when), for a leaflet that lists its sources at the end and
    prints no citation marks; its full page has the full references."""
    numbers = site.citations().numbers
    if not numbers:
        return ""
    by_id = site.data.by_id("references")
    ordered = [by_id[ref] for ref in sorted(numbers, key=numbers.__getitem__)]
    if short:
        return f'## Sources {{ #references data-search-exclude="1" }}\n\n{handouts.source_list(ordered)}\n'
    listed = tables.reference_list(ordered, site.links)
    if for_patients(site):
        # Folded: the page stays short; its citation marks still open it (a fragment opens <details>).
        return (
            f'<details class="sc-sources" id="references" data-search-exclude="1">'
            f"<summary>Sources for this page ({len(ordered)})</summary>\n{listed}\n</details>\n"
        )
    # Kept out of the search index: a list of titles would match every search about anything.
    return f'## References {{ #references data-search-exclude="1" }}\n\n{listed}\n'


def bibliography(site: Site) -> str:
    return tables.bibliography(site.data.references)


def glossary(site: Site) -> Markup:
    return tables.glossary_list(site.data.glossary, site.cite)


MACROS = (cite, sources, references, bibliography, glossary)
