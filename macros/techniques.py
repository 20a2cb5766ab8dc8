"""Massage techniques: the diagram, the ordered steps, the facts and the evidence of each."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica.render import svg, tables
from sciatica.render import techniques as technique_diagrams
from sciatica.render.html import el, join


def technique_diagram(site: Site, technique: str) -> Markup:
    found = site.entry("technique_diagram", "techniques", technique)
    download = el(
        "a",
        "Download this diagram (SVG)",
        href=site.links.file(f"diagrams/{technique}.svg"),
        download=f"{technique}.svg",
    )
    return svg.figure_html(
        technique_diagrams.technique_figure(found, site.data),
        technique_diagrams.caption(found, site.data.by_id("points")),
        f"diagram-{technique}",
        download,
    )


def technique_steps(site: Site, technique: str) -> Markup:
    return tables.technique_steps(
        site.entry("technique_steps", "techniques", technique),
        site.data.by_id("regions"),
        site.data.by_id("points"),
        site.cite,
        site.links,
    )


def technique_facts(site: Site, technique: str) -> Markup:
    return tables.technique_summary(site.entry("technique_facts", "techniques", technique), site.cite, site.links)


def evidence(site: Site, technique: str) -> Markup:
    found = site.entry("evidence", "techniques", technique).evidence
    guidance = tables.guideline_refs(found.refs, site.data.by_id("references"))
    return join(
        [
            el("p", found.summary, site.cite(*found.refs)),
            el("p", el("strong", "Guidelines: "), found.guidelines, site.cite(*guidance)),
        ]
    )


MACROS = (technique_diagram, technique_steps, technique_facts, evidence)
