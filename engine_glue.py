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
from sciatica import downloads, editorial, question_exports, quizbank, search, siteconfig  # noqa: E402
from sciatica.render import anatomy, diagrams, forms, handouts, programme, quiz, tables  # noqa: E402
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


def add_search_aliases(env, data: SiteData) -> None:
    """MkDocs and ProperDocs: Material's search indexes a page's `tags` with a high boost, so the
    page that owns a word ranks first for it. (The page's meta is shared with the engine; Zensical
    keeps its own and ranks by the page text alone.)"""
    page = env.page
    meta = getattr(page, "meta", None)
    if page is None or not isinstance(meta, dict) or running_on_zensical():
        return
    words = search.search_tags(data).get(source_path(env))
    if words:
        meta["tags"] = [*meta.get("tags", []), *words]


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
        # Kept out of the search index: a list of titles would match every search about anything.
        return (f"## References {{ #references data-search-exclude=\"1\" }}\n\n"
                f"{tables.reference_list(ordered, page_links(env))}\n")

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
    def call_buttons() -> Markup:
        sources = [ref for number in data.emergency_numbers for ref in number.refs]
        return join([tables.call_buttons(data.emergency_numbers),
                     el("span", "Sources for these numbers:", cite(*sources), class_="sc-call-sources") if sources else None])

    @macro
    def contraindication_filter() -> Markup:
        return tables.contraindication_filter(data.techniques)

    @macro
    def first_steps() -> Markup:
        return tables.first_steps_list(data.first_steps, cite, page_links(env))

    @macro
    def students_part() -> str:
        """Where a page's short part for patients ends and the detail for students begins."""
        links = page_links(env)
        stop_here = el("p", el("strong", "That was the short version."), " If you came for advice, you can stop "
                       "here: see ", el("a", "what to do now", href=links.page("what-to-do-now.md")), " or ",
                       el("a", "urgent help", href=links.page("urgent-help.md")), ". The rest of this page is the "
                       "detail: how it works, the evidence, and questions to test yourself.", class_="sc-stop-here")
        return f"## For students and therapists {{ #for-students .sc-students-start }}\n\n{stop_here}\n"

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

    # --- the trainers' kit: printable handouts and the client screening form -----------------------
    docs = Path(env.project_dir) / "docs"
    config = siteconfig.read(Path(env.project_dir))

    def existing_page(macro_name: str, sources: tuple[str, ...]) -> str:
        """The first of the pages (paths under docs/) that exists: a handout links to the fuller page
        once it is written, and to the page it replaces until then."""
        for source in sources:
            if (docs / source).is_file():
                return source
        fail(f"{page_source(env)}: {macro_name}({', '.join(map(repr, sources))}): no such page in docs/")

    @macro
    def screening_form(part: str | None = None, compact: bool = False) -> Markup:
        """The client screening form (one part of it, or all); compact leaves out reasons and sources."""
        if part is not None:
            one_of("screening_form", part, forms.PARTS)
        return forms.screening_form(data, None if compact else cite, part, compact)

    def provenance(macro_name: str, sources: tuple[str, ...]) -> handouts.Provenance:
        """The full page a handout summarises, and the handout page's own review dates."""
        source = existing_page(macro_name, sources)
        title = str(editorial.front_matter(docs / source).get("title", source))
        return handouts.Provenance(config.site_url + tables.page_url(source), page_links(env).page(source), title,
                                   config.site_name, env.page.meta["reviewed"], env.page.meta["next_review"])

    @macro
    def handout_head(*sources: str) -> Markup:
        """The QR code, address, review dates and licence of a handout; the full page is the first of
        `sources` that exists."""
        return handouts.handout_head(provenance("handout_head", sources))

    @macro
    def handout(technique: str) -> Markup:
        """A technique's whole handout: QR code with address, review dates and licence, summary,
        diagram and steps, contraindication rows and questions; then the answers on a sheet of their own."""
        found = entry("handout", "techniques", technique)
        source = provenance("handout", (f"massage/{technique}.md",))
        parts = handouts.page_parts((docs / f"massage/{technique}.md").read_text(encoding="utf-8"),
                                    f"docs/massage/{technique}.md")
        return el("div", handouts.handout_head(source), handouts.technique_handout(found, data, parts, page_links(env)),
                  handouts.answer_sheet(found.name, handouts.page_questions(data, f"massage/{technique}.md"), source,
                                        page_links(env)), class_="sc-handout")

    @macro
    def download_table() -> Markup:
        """Every file written before the build, with what it holds, its format and licence."""
        return downloads.download_table(downloads.described(data), page_links(env))

    @macro
    def handout_list() -> Markup:
        """Every handout, with what it holds and the names of its PDF files."""
        return handouts.handout_table(handouts.handout_list(data), page_links(env))

    @macro
    def medicines_advised_against() -> Markup:
        """The medicines a guideline advises against for sciatica, each with what it says."""
        shown = handouts.advised_against(data.drugs)
        sources = [ref for drug, _ in shown for p in drug.positions if p.stance in handouts.ADVISED_AGAINST
                   for ref in p.refs]
        return join([handouts.advised_against_list(data.drugs, page_links(env)),
                     el("p", "Source: ", cite(*dict.fromkeys(sources)), class_="sc-sources-line")])


    # --- trainers' kit: questions and cases
    @macro
    def self_check(*ids: str) -> Markup:
        """The page's questions under its 'Check your understanding' heading: those whose `page`
        is this page, or the questions named."""
        if ids:
            chosen = [entry("self_check", "questions", question_id) for question_id in ids]
        else:
            chosen = [q for q in data.questions if q.page == source_path(env)]
            if not chosen:
                fail(f"{page_source(env)}: self_check(): no question in {DATA_FILE} has page: {source_path(env)}")
        return quiz.self_check([quizbank.question_item(q) for q in chosen], cite, page_links(env))

    @macro
    def quiz_question(question_id: str) -> Markup:
        return quiz.question_form(quizbank.question_item(entry("quiz_question", "questions", question_id)), cite,
                                  page_links(env))

    @macro
    def practice(topic: str | None = None) -> str | Markup:
        """Questions by topic with a score kept in the browser: one topic, or every topic under its heading."""
        grouped = {t: [quizbank.question_item(q) for q in qs] for t, qs in quizbank.by_topic(data.questions).items()}
        if topic is not None:
            one_of("practice", topic, quizbank.TOPIC_LABELS)
            return quiz.practice_topic(topic, grouped[topic], cite, page_links(env))
        return quiz.practice(grouped, cite, page_links(env))

    @macro
    def case_study(case_id: str, number: int = 1) -> str:
        found = entry("case_study", "cases", case_id)
        return quiz.case_study(number, found.id, found.title, found.vignette, quizbank.case_stages(found, data),
                               cite, page_links(env), found.refs)

    @macro
    def question_bank_files() -> Markup:
        """The question-bank downloads (Moodle XML and GIFT), listed from what the build writes."""
        return quiz.bank_table(question_exports.listing(data), page_links(env))

    @macro
    def cases() -> str:
        return "\n".join(case_study(case.id, number) for number, case in enumerate(data.cases, start=1))

    # --- figures: poses, exercises, examination tests ---------------------------------------
    # Figures of people drawn from joint angles in the data (sciatica/render/poses.py), with the
    # text beside them (sciatica/render/programme.py). Each figure is also a file in diagrams/.

    @macro
    def exercise_programme() -> str:
        """The whole programme (anchors #exercise-<id>), in one block that prints as a sheet."""
        return programme.exercise_programme(data, cite, page_links(env))

    @macro
    def exercise_evidence() -> Markup:
        return programme.exercise_evidence_table(data.exercises, cite)

    @macro
    def exam_test(test_id: str) -> str:
        return programme.exam_test_section(entry("exam_test", "exam_tests", test_id), data, cite, page_links(env))

    @macro
    def exam_tests() -> str:
        return programme.exam_tests(data, cite, page_links(env))

    @macro
    def exam_tests_table() -> Markup:
        return programme.exam_tests_table(data.exam_tests, cite)

    @macro
    def outcome_measures_table() -> Markup:
        return programme.outcome_measures_table(data.outcome_measures, cite)

    @macro
    def positions_figure() -> Markup:
        return programme.positions_figure(data, page_links(env))

    @macro
    def figure_downloads() -> Markup:
        return programme.figure_downloads(data, page_links(env))

    # --- figures: anatomy
    @macro
    def root_explorer() -> Markup:
        """L4, L5 and S1 one at a time: skin area, key muscles, reflex and test together."""
        return anatomy.root_explorer(data, cite, page_links(env).file)


def on_pre_page_macros(env) -> None:
    """MkDocs and ProperDocs call this before each page's macros (Zensical does not)."""
    add_search_aliases(env, env.variables["site_data"])


def on_post_page_macros(env) -> None:
    """For the benchmark only (bench/run.py): keep each page as the macros rendered it, so the same
    pages can be built again without the macros. MkDocs and ProperDocs call this; Zensical does not."""
    folder = os.environ.get("SCIATICA_RENDERED_PAGES")
    if folder and env.page is not None:
        target = Path(folder) / source_path(env)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.markdown, encoding="utf-8")
