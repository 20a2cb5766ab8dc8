"""Massage techniques: the diagram, the ordered steps, the facts and the evidence of each."""

from __future__ import annotations

from typing import get_args

from markupsafe import Markup

from macros.context import Site
from sciatica.model import Technique
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


FAMILY_ORDER = get_args(Technique.model_fields["family"].annotation)


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def kinds_of_massage(site: Site) -> Markup:
    """Every technique's patient page, by family (the classical strokes first) and then in data
    order, as a run of links for a sentence: a new technique appears here with its entry."""
    ordered = sorted(site.data.techniques, key=lambda t: FAMILY_ORDER.index(t.family))
    links = [el("a", lower_first(t.name), href=site.links.page(f"massage/{t.id}.md")) for t in ordered]
    if len(links) < 2:
        return join(links)
    return join([join(links[:-1], ", "), " and ", links[-1]])


MACROS = (technique_diagram, technique_steps, technique_facts, evidence, kinds_of_massage)
