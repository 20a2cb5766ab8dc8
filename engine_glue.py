"""The one module that knows about site engines.

MkDocs, ProperDocs and Zensical all run the macros plugin, which calls define_env() here (Zensical
once per page, the others once per build). Nothing else in the project imports or names an engine:
the data model and loader, the pure renderers (sciatica/render/), the build steps around the
engine (sciatica/build.py, downloads.py, postbuild.py) and the live preview only run the command
this module gives for the chosen engine (ENGINES).

What differs between the engines and is handled here:
- how to build into a folder (Zensical has no --site-dir: it gets a copy of the configuration);
- the page being rendered (MkDocs: page.file.src_uri; Zensical: page.path);
- links in raw HTML: MkDocs leaves them as written, so they are relative to the page's URL;
  Zensical rewrites them as relative to the Markdown file, so they are written that way there.

Every macro turns a failure into one line naming the page, the macro and what was wrong, printed
as it happens (an engine may hide the plugin's own warning) and raised so the build fails.
"""

from __future__ import annotations

import functools
import os
import sys
import typing
from pathlib import Path

# The macros plugin loads this file by its path; its imports need the project folder on the path.
PROJECT = Path(__file__).resolve().parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from markupsafe import Markup  # noqa: E402

from sciatica.model import ClaimTopic, DataError, SiteData, load_cached  # noqa: E402
from sciatica import editorial  # noqa: E402
from sciatica.render import anatomy, diagrams, tables  # noqa: E402
from sciatica.render.html import el, join  # noqa: E402

DATA_FILE = "data/sciatica.yml"

# How each engine builds the site into a folder; ENGINE chooses (make build, serve, test, bench).
ENGINES = {
    "mkdocs": ["-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "{site}"],
    "properdocs": ["-m", "properdocs", "build", "--strict", "--quiet", "--site-dir", "{site}"],
    # Zensical takes the site folder from its configuration (a copy naming it) and, unlike the
    # others, treats info-level link notices as warnings, so its own strict mode is left off; the
    # project's check of the built HTML (sciatica/postbuild.py) covers every link instead.
    "zensical": ["-m", "zensical", "build", "--config-file", "{config}"],
}
# MkDocs 1.6 prints a long notice about MkDocs 2 unless told not to.
ENGINE_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# Files an engine leaves in the project folder, which the build removes.
ENGINE_LEFTOVERS = {"zensical": [".cache"]}


def build_command(engine: str, site: Path, project: Path) -> list[str]:
    """The command that builds the project with `engine` into the folder `site`."""
    if engine not in ENGINES:
        raise ValueError(f"ENGINE={engine!r}: choose one of {', '.join(ENGINES)}")
    config = project / f".{engine}-{site.name}.yml"
    if "{config}" in " ".join(ENGINES[engine]):
        # The project's configuration with the output folder named; !ENV tags are kept as they are.
        text = (project / "mkdocs.yml").read_text(encoding="utf-8")
        config.write_text(f"{text.rstrip()}\n\n# Written by the build for this run only.\nsite_dir: {site}\n",
                          encoding="utf-8")
    return [sys.executable, *(part.replace("{site}", str(site)).replace("{config}", str(config))
                              for part in ENGINES[engine])]


def build_leftovers(engine: str, site: Path, project: Path) -> list[Path]:
    """What a build with `engine` leaves in the project folder (removed after the build)."""
    return [project / f".{engine}-{site.name}.yml", *(project / name for name in ENGINE_LEFTOVERS.get(engine, []))]


def running_on_zensical() -> bool:
    return "zensical" in sys.modules


class MacroError(Exception):
    """A page asked a macro for something the data does not have; the message is one line."""


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)
    raise MacroError(message)


def site_data(project_dir: str) -> SiteData:
    """The data file, read once per build (the cache lives in the model module, which an engine
    that re-runs this file for every page does not reload)."""
    try:
        return load_cached(Path(project_dir) / DATA_FILE, DATA_FILE, Path(project_dir) / "docs")
    except DataError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr, flush=True)
        raise MacroError(f"{DATA_FILE} has {len(error.problems)} problem(s); see the lines above") from None


class Citations:
    """Numbers references in the order a page first cites them."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, *ids: str) -> Markup:
        for ref in ids:
            self.numbers.setdefault(ref, len(self.numbers) + 1)
        return tables.citation_marks(ids, self.numbers)


def source_path(env) -> str:
    """The Markdown file being rendered, relative to docs/."""
    page = env.page
    if page is None:
        return ""
    file = getattr(page, "file", None)
    return file.src_uri if file is not None else str(page.path)


def page_source(env) -> str:
    return f"docs/{source_path(env)}" if env.page else "(no page)"


def page_links(env) -> tables.Links:
    """How raw-HTML links are written on this page for this engine (see the module's notes)."""
    directory_urls = bool(env.conf["use_directory_urls"])
    if running_on_zensical():
        return tables.Links.from_source(source_path(env), directory_urls)
    return tables.Links(tables.root_for(env.page.url if env.page else ""), directory_urls)


def define_env(env) -> None:
    data = site_data(env.project_dir)
    references_by_id = data.by_id("references")
    citations: dict[str, Citations] = {}  # per page: numbering starts again on every page
    env.variables["site_data"] = data

    def page_citations() -> Citations:
        return citations.setdefault(source_path(env), Citations())

    def macro(function):
        """Register a macro whose failures are one line: page, macro call and the reason."""
        @functools.wraps(function)
        def checked(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except MacroError:
                raise
            except Exception as error:  # noqa: BLE001 - any failure is reported, never swallowed
                call = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
                fail(f"{page_source(env)}: {function.__name__}({call}): {type(error).__name__}: {error}")
        env.macro(checked, function.__name__)
        return checked

    def entry(macro_name: str, collection: str, id_: str, *args: object):
        """The entry `id_` of a collection, or a one-line error naming page, macro and id."""
        found = data.by_id(collection).get(id_)
        if found is None:
            call = ", ".join(repr(a) for a in (id_, *args))
            known = ", ".join(sorted(data.by_id(collection)))
            fail(f"{page_source(env)}: {macro_name}({call}): no {collection.rstrip('s').replace('_', ' ')} "
                 f"{id_!r} in {DATA_FILE} (known: {known})")
        return found

    def one_of(macro_name: str, value: object, choices) -> None:
        if value not in choices:
            fail(f"{page_source(env)}: {macro_name}({value!r}): must be one of {', '.join(map(str, sorted(choices)))}")

    @macro
    def cite(*ids: str) -> Markup:
        for ref in ids:
            entry("cite", "references", ref)
        return page_citations().cite(*ids)

    @macro
    def references() -> str:
        """The page's reference list, at its foot: every source cited above, in order."""
        numbers = page_citations().numbers
        if not numbers:
            return ""
        ordered = [references_by_id[ref] for ref in sorted(numbers, key=numbers.get)]
        return f"## References {{ #references }}\n\n{tables.reference_list(ordered, page_links(env))}\n"

    @macro
    def contraindication_table(technique: str | None = None) -> Markup:
        if technique is not None:
            entry("contraindication_table", "techniques", technique)
        rows = tables.contraindications_for(data, technique)
        return tables.contraindication_table(rows, data, cite, page_links(env), technique)

    @macro
    def technique_diagram(technique: str) -> Markup:
        found = entry("technique_diagram", "techniques", technique)
        download = el("a", "Download this diagram (SVG)", href=page_links(env).file(f"diagrams/{technique}.svg"),
                      download=f"{technique}.svg")
        return diagrams.figure_html(diagrams.technique_figure(found, data), diagrams.caption(found, data.by_id("points")),
                                    f"diagram-{technique}", download)

    @macro
    def technique_steps(technique: str) -> Markup:
        return tables.technique_steps(entry("technique_steps", "techniques", technique), data.by_id("regions"),
                                      data.by_id("points"), cite, page_links(env))

    @macro
    def technique_facts(technique: str) -> Markup:
        return tables.technique_summary(entry("technique_facts", "techniques", technique), cite, page_links(env))

    @macro
    def evidence(technique: str) -> Markup:
        found = entry("evidence", "techniques", technique).evidence
        guidance = tables.guideline_refs(found.refs, references_by_id)
        return join([el("p", found.summary, cite(*found.refs)),
                     el("p", el("strong", "Guidelines: "), found.guidelines, cite(*guidance))])

    @macro
    def red_flags() -> Markup:
        return tables.red_flag_table(data.red_flags, data.escalation, cite)

    @macro
    def emergency_list() -> Markup:
        return tables.emergency_list(data.red_flags, data.escalation)

    @macro
    def same_day_signs() -> Markup:
        return tables.same_day_list(data.red_flags, data.escalation)

    @macro
    def emergency_signs() -> Markup:
        return tables.emergency_box(data.red_flags, data.escalation, data.emergency_numbers, page_links(env))

    @macro
    def emergency_numbers() -> Markup:
        sources = [ref for number in data.emergency_numbers for ref in number.refs]
        return join([tables.emergency_numbers(data.emergency_numbers), cite(*sources) if sources else None])

    @macro
    def glossary() -> Markup:
        return tables.glossary_list(data.glossary, cite)

    @macro
    def bibliography() -> str:
        return tables.bibliography(data.references)

    @macro
    def anatomy_diagram(view: str) -> Markup:
        one_of("anatomy_diagram", view, anatomy.anatomy_views(data))
        download = el("a", "Download this figure (SVG)", href=page_links(env).file(f"diagrams/anatomy-{view}.svg"),
                      download=f"anatomy-{view}.svg")
        return anatomy.anatomy_figure_html(view, data, download)

    @macro
    def root_level_table() -> Markup:
        return tables.root_level_table(data.root_levels, cite)

    @macro
    def causes_table(group: str | None = None) -> Markup:
        if group is not None:
            one_of("causes_table", group, tables.CAUSE_GROUPS)
        rows = [c for c in data.causes if group is None or c.group == group]
        return tables.causes_table(rows, cite, page_links(env))

    @macro
    def drug_table() -> Markup:
        return tables.drug_table(data.drugs, cite)

    @macro
    def drug_profiles() -> str:
        return "\n".join(tables.drug_profile(drug, cite, page_links(env)) for drug in tables.drug_rows(data.drugs))

    @macro
    def pregnancy_medicines() -> Markup:
        return tables.pregnancy_table(data.drugs, cite, page_links(env))

    @macro
    def outcome(outcome_id: str) -> Markup:
        return tables.outcome_sentence(entry("outcome", "outcomes", outcome_id), cite)

    @macro
    def outcomes_table() -> Markup:
        return tables.outcomes_table(data.outcomes, cite)

    @macro
    def review_schedule() -> Markup:
        pages = editorial.page_reviews(Path(env.project_dir) / "docs")
        return editorial.review_table(pages, data.editorial, page_links(env))

    @macro
    def claims_table(topic: str | None = None) -> Markup:
        if topic is not None:
            one_of("claims_table", topic, typing.get_args(ClaimTopic))
        rows = [c for c in data.claims if topic is None or c.topic == topic]
        return tables.claims_table(rows, cite, page_links(env))

    # --- figures: anatomy
    @macro
    def root_explorer() -> Markup:
        """L4, L5 and S1 one at a time: skin area, key muscles, reflex and test together."""
        return anatomy.root_explorer(data, cite, page_links(env).file)



def on_post_page_macros(env) -> None:
    """For the benchmark only (bench/run.py): keep each page as the macros rendered it, so the same
    pages can be built again without the macros. MkDocs and ProperDocs call this; Zensical does not."""
    folder = os.environ.get("SCIATICA_RENDERED_PAGES")
    if folder and env.page is not None:
        target = Path(folder) / source_path(env)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.markdown, encoding="utf-8")
