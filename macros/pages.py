"""The shape of a page: where a page's short part for patients ends."""

from __future__ import annotations

from macros.context import Site
from sciatica.render.html import el


def students_part(site: Site) -> str:
    """Where a page's short part for patients ends and the detail for students begins."""
    links = site.links
    stop_here = el(
        "p",
        el("strong", "That was the short version."),
        " If you came for advice, you can stop here: see ",
        el("a", "what to do now", href=links.page("what-to-do-now.md")),
        " or ",
        el("a", "urgent help", href=links.page("urgent-help.md")),
        ". The rest of this page is the detail: how it works, the evidence, and questions to test yourself.",
        class_="sc-stop-here",
    )
    return f"## For students and therapists {{ #for-students .sc-students-start }}\n\n{stop_here}\n"


MACROS = (students_part,)
