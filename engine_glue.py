"""The one module that knows about site engines: MkDocs, ProperDocs and Zensical all run the
macros plugin, which calls define_env() here. Everything else is engine-free: the data model
and loader (sciatica/model.py, sciatica/loading.py) and the pure renderers (sciatica/render/).

define_env() registers one function per macro. Each checks the ids a page passes and turns
any failure into one line naming the page, the macro and what was wrong, printed as it happens
(an engine may hide the plugin's own warning) and raised so the build fails.
"""

from __future__ import annotations

import functools
import sys
import typing
from pathlib import Path

# The macros plugin loads this file by its path; its imports need the project folder on the path.
PROJECT = Path(__file__).resolve().parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from markupsafe import Markup  # noqa: E402

from sciatica.model import ClaimTopic, DataError, SiteData, load  # noqa: E402
from sciatica import editorial  # noqa: E402
from sciatica.render import diagrams, tables  # noqa: E402
from sciatica.render.html import el, join  # noqa: E402

DATA_FILE = "data/sciatica.yml"

# How each engine builds the site into a folder; ENGINE chooses (make build, serve, test, bench).
ENGINES = {
    "mkdocs": ["-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "{site}"],
    "properdocs": ["-m", "properdocs", "build", "--strict", "--quiet", "--site-dir", "{site}"],
}
# MkDocs 1.6 prints a long notice about MkDocs 2 unless told not to.
ENGINE_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def build_command(engine: str, site: Path) -> list[str]:
    """The command that builds the site with `engine` into the folder `site`."""
    if engine not in ENGINES:
        raise ValueError(f"ENGINE={engine!r}: choose one of {', '.join(ENGINES)}")
    return [sys.executable, *(part.replace("{site}", str(site)) for part in ENGINES[engine])]


class MacroError(Exception):
    """A page asked a macro for something the data does not have; the message is one line."""


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)
    raise MacroError(message)


_loaded: dict[tuple, SiteData] = {}


def site_data(project_dir: str) -> SiteData:
    """The data file, read once per build: an engine may call define_env for every page."""
    path = Path(project_dir) / DATA_FILE
    stat = path.stat() if path.exists() else None
    key = (str(path), stat and stat.st_mtime_ns, stat and stat.st_size)
    if key not in _loaded:
        try:
            data = load(path, shown_as=DATA_FILE, docs_dir=Path(project_dir) / "docs")
        except DataError as error:
            for problem in error.problems:
                print(f"error: {problem}", file=sys.stderr, flush=True)
            raise MacroError(f"{DATA_FILE} has {len(error.problems)} problem(s); see the lines above") from None
        _loaded.clear()
        _loaded[key] = data
    return _loaded[key]


class Citations:
    """Numbers references in the order a page first cites them."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, *ids: str) -> Markup:
        for ref in ids:
            self.numbers.setdefault(ref, len(self.numbers) + 1)
        return tables.citation_marks(ids, self.numbers)


def page_source(env) -> str:
    return f"docs/{env.page.file.src_uri}" if env.page else "(no page)"


def page_root(env) -> str:
    """Relative path from the current page to the site root, for links inside raw HTML."""
    return tables.root_for(env.page.url if env.page else "")


def page_links(env) -> tables.Links:
    return tables.Links(page_root(env), env.conf["use_directory_urls"])


def define_env(env) -> None:
    data = site_data(env.project_dir)
    references = data.by_id("references")
    state = {"citations": Citations()}
    env.variables["site_data"] = data

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
        return state["citations"].cite(*ids)

    @macro
    def contraindication_table(technique: str | None = None) -> Markup:
        if technique is not None:
            entry("contraindication_table", "techniques", technique)
        rows = tables.contraindications_for(data, technique)
        return tables.contraindication_table(rows, data, cite, page_links(env), technique)

    @macro
    def technique_diagram(technique: str) -> Markup:
        found = entry("technique_diagram", "techniques", technique)
        return el(
            "figure",
            Markup(diagrams.technique_svg(found, data)),
            el("figcaption", diagrams.caption(found, data.by_id("points")),
               el("a", "Download this diagram (SVG)", href=f"{page_root(env)}diagrams/{technique}.svg",
                  download=f"{technique}.svg")),
            class_="sc-figure", id=f"diagram-{technique}")

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
        guidance = tables.guideline_refs(found.refs, references)
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
        one_of("anatomy_diagram", view, diagrams.ANATOMY_VIEWS)
        return el("figure", Markup(diagrams.anatomy_svg(view, data)),
                  el("figcaption", diagrams.ANATOMY_VIEWS[view]), class_="sc-figure", id=f"diagram-{view}")

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

    env.variables["_citations"] = state
    # reference id -> [(page url, page title)], filled as pages render; the references page's
    # "cited on" links are written from it once every page is done (hook: hooks/backlinks.py).
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
