"""Citations and the words behind them: citation marks, each page's reference list, the
bibliography and the glossary."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica.render import handouts, tables


def cite(site: Site, *ids: str) -> Markup:
    """Numbered citation marks, linked to the page's reference list."""
    return site.cite(*ids)


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
        return (f"## Sources {{ #references data-search-exclude=\"1\" }}\n\n"
                f"{handouts.source_list(ordered)}\n")
    # Kept out of the search index: a list of titles would match every search about anything.
    return (f"## References {{ #references data-search-exclude=\"1\" }}\n\n"
            f"{tables.reference_list(ordered, site.links)}\n")


def bibliography(site: Site) -> str:
    return tables.bibliography(site.data.references)


def glossary(site: Site) -> Markup:
    return tables.glossary_list(site.data.glossary, site.cite)


MACROS = (cite, references, bibliography, glossary)
