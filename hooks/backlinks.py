"""MkDocs hook: the references page links each source back to the pages that cite it.

MkDocs renders the Markdown (and so the macros and their citations) of every page before it
writes any page's HTML, so by on_post_page the citations of the whole site are known."""

from __future__ import annotations


def on_post_page(output: str, page, config) -> str:
    # Imported here: hooks load before the macros plugin has put its package on the path.
    from sciatica.render.tables import fill_cited_on, root_for
    cited_on = config.plugins["macros"].variables.get("_cited_on", {})
    return fill_cited_on(output, cited_on, root_for(page.url))
