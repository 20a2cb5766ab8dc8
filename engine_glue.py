"""MkDocs macros: glue only. Loads the data file once per build and registers pure functions.

The logic lives in model.py (schema and loading), diagrams.py (SVG) and tables.py (HTML);
downloads.py (an MkDocs hook) publishes the data and diagrams as files. This module keeps
the per-page citation numbering and appends each page's reference list.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The macros plugin loads this file by its path; its imports need the project folder on the path.
PROJECT = Path(__file__).resolve().parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from sciatica.render import diagrams, tables
from sciatica.render.html import el, join
from sciatica.model import DataError, SiteData, load

DATA_FILE = "data/sciatica.yml"


class Citations:
    """Numbers references in the order a page first cites them; reset for every page."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, *ids: str) -> Markup:
        for ref in ids:
            self.numbers.setdefault(ref, len(self.numbers) + 1)
        return tables.citation_marks(ids, self.numbers)


def page_root(env) -> str:
    """Relative path from the current page to the site root, for links inside raw HTML."""
    return tables.root_for(env.page.url if env.page else "")


def page_links(env) -> tables.Links:
    return tables.Links(page_root(env), env.conf["use_directory_urls"])


def read_data(project_dir: str) -> SiteData:
    try:
        return load(Path(project_dir) / DATA_FILE, shown_as=DATA_FILE)
    except DataError as error:
        # One line per problem, no traceback: MkDocs prints a PluginError's message as it is.
        raise PluginError(f"the data file has {len(error.problems)} problem(s):\n{error}") from None


def define_env(env) -> None:
    data = read_data(env.project_dir)
    references = data.by_id("references")
    state = {"citations": Citations()}
    env.variables["site_data"] = data

    def cite(*ids: str) -> Markup:
        unknown = [ref for ref in ids if ref not in references]
        if unknown:
            raise ValueError(f"{env.page.file.src_uri}: cite() names unknown reference(s) {unknown}")
        return state["citations"].cite(*ids)

    env.macro(cite)

    @env.macro
    def contraindication_table(technique: str | None = None) -> Markup:
        if technique is not None and technique not in data.by_id("techniques"):
            raise ValueError(f"contraindication_table(): no technique {technique!r} in {DATA_FILE}")
        rows = tables.contraindications_for(data, technique)
        return tables.contraindication_table(rows, data, cite, page_links(env), technique)

    @env.macro
    def technique_diagram(technique: str) -> Markup:
        entry = data.by_id("techniques")[technique]
        root = page_root(env)
        figure = el(
            "figure",
            Markup(diagrams.technique_svg(entry, data)),
            el("figcaption",
                      diagrams.caption(entry, data.by_id("points")),
                      el("a", "Download this diagram (SVG)", href=f"{root}diagrams/{technique}.svg",
                                download=f"{technique}.svg")),
            class_="sc-figure", id=f"diagram-{technique}")
        return figure

    @env.macro
    def technique_steps(technique: str) -> Markup:
        return tables.technique_steps(data.by_id("techniques")[technique], data.by_id("regions"),
                                      data.by_id("points"), cite)

    @env.macro
    def technique_facts(technique: str) -> Markup:
        return tables.technique_summary(data.by_id("techniques")[technique], cite)

    @env.macro
    def evidence(technique: str) -> Markup:
        entry = data.by_id("techniques")[technique].evidence
        guidance = tables.guideline_refs(entry.refs, references)
        return Markup(f"{el('p', entry.summary, cite(*entry.refs))}"
                      f"{el('p', el('strong', 'Guidelines: '), entry.guidelines, cite(*guidance))}")

    @env.macro
    def red_flags() -> Markup:
        return tables.red_flag_table(data.red_flags, cite)

    @env.macro
    def cauda_equina_signs() -> Markup:
        return tables.cauda_equina_list(data.red_flags)

    @env.macro
    def same_day_signs() -> Markup:
        return tables.same_day_list(data.red_flags)

    @env.macro
    def emergency_signs() -> Markup:
        return tables.emergency_box(data.red_flags, data.emergency_numbers, page_links(env))

    @env.macro
    def emergency_numbers() -> Markup:
        sources = [ref for number in data.emergency_numbers for ref in number.refs]
        return join([tables.emergency_numbers(data.emergency_numbers), cite(*sources) if sources else None])

    @env.macro
    def glossary() -> Markup:
        return tables.glossary_list(data.glossary, cite)

    @env.macro
    def bibliography() -> str:
        return tables.bibliography(data.references)

    @env.macro
    def anatomy_diagram(view: str) -> Markup:
        if view not in diagrams.ANATOMY_VIEWS:
            raise ValueError(f"anatomy_diagram(): view must be one of {sorted(diagrams.ANATOMY_VIEWS)}")
        return el("figure", Markup(diagrams.anatomy_svg(view, data)),
                  el("figcaption", diagrams.ANATOMY_VIEWS[view]), class_="sc-figure", id=f"diagram-{view}")

    @env.macro
    def root_level_table() -> Markup:
        return tables.root_level_table(data.root_levels, cite)

    @env.macro
    def causes_table(group: str | None = None) -> Markup:
        rows = [c for c in data.causes if group is None or c.group == group]
        return tables.causes_table(rows, cite, page_links(env))

    @env.macro
    def drug_table() -> Markup:
        return tables.drug_table(data.drugs, cite)

    @env.macro
    def drug_profiles() -> str:
        return "\n".join(tables.drug_profile(drug, cite) for drug in tables.drug_rows(data.drugs))

    @env.macro
    def claims_table(topic: str | None = None) -> Markup:
        rows = [c for c in data.claims if topic is None or c.topic == topic]
        return tables.claims_table(rows, cite, page_links(env))

    env.variables["_citations"] = state
    # reference id -> [(page url, page title)], filled as pages render; the references page's
    # "cited on" links are written from it once every page is done (hook: macros/backlinks.py).
    env.variables["_cited_on"] = {}


def on_pre_page_macros(env) -> None:
    env.variables["_citations"]["citations"] = Citations()


def on_post_page_macros(env) -> None:
    """Append the page's reference list."""
    data: SiteData = env.variables["site_data"]
    numbers = env.variables["_citations"]["citations"].numbers
    if numbers:
        references = data.by_id("references")
        ordered = sorted(numbers, key=numbers.get)
        # str(): adding Markup to the page's str would escape the whole page.
        listing = str(tables.reference_list([references[ref] for ref in ordered], page_links(env)))
        env.markdown += f"\n\n## References {{ #references }}\n\n{listing}\n"
        for ref in ordered:
            env.variables["_cited_on"].setdefault(ref, []).append((env.page.url, env.page.title))
