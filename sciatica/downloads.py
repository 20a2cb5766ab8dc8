"""Downloads made before the engine runs: the data as JSON with its JSON Schema and each table as
CSV, every diagram as a standalone SVG with its credit, the bibliography for reference managers
(BibTeX, RIS, CSL-JSON), the question bank (Moodle XML and GIFT) and an Anki deck of the
questions and the glossary (the one binary file). They join the build as files of their own (the
MkDocs hooks add them; for Zensical the build adds them to a copy of docs/), so every engine
publishes them and checks links to them like any other file, and nothing is written into docs/.
The page docs/downloads.md describes each file and its licence."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import anki_deck, exports, question_exports
from .model import SiteData, json_schema
from .render import anatomy, poses, programme, svg, techniques
from .render.html import el, join
from .render.tables import Links, with_source_article_link
from .siteconfig import NO_ADDRESS

# The bibliography for reference managers, under docs/downloads/.
BIBLIOGRAPHY_FILES = {
    "bibtex": "downloads/references.bib",
    "ris": "downloads/references.ris",
    "csl": "downloads/references.csl.json",
}
LICENCE = "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); credit the site when reusing."


# What each file holds, in the order the downloads page lists them (docs/downloads.md calls
# download_table(); a test checks that every file written here is described there).
CONTENT_LICENCE = "CC BY-SA 4.0"
CODE_LICENCE = "MIT (made from the code)"
CSV_HOLDS = {
    "contraindications.csv": "The contraindications and hazards of a method: severity, which techniques, why, "
    "what to do instead, the screening question and where a yes sends the client.",
    "medicines.csv": "The medicines: class, what guidelines say, certainty, harms, cautions, pregnancy and "
    "breastfeeding, availability and withdrawal.",
    "red-flags.csv": "The warning signs: in plain and clinical words, the screening question, what they can mean "
    "and what to do.",
    "root-levels.csv": "What a squeezed L4, L5 or S1 nerve root does: pain, weakness and reflex.",
    "claims.csv": "The source article's claims, each with its verdict and the reason.",
}


@dataclass(frozen=True)
class Download:
    paths: tuple[str, ...]  # under the site root
    holds: str
    format: str
    licence: str


def described(data: SiteData) -> list[Download]:
    """Every file `files()` writes, with what it holds, its format and its licence."""
    techniques = tuple(f"diagrams/{t.id}.svg" for t in data.techniques)
    anatomy_files = tuple(f"diagrams/anatomy-{view}.svg" for view in anatomy.anatomy_downloads(data))
    bank = question_exports.listing(data)
    return [
        Download(
            ("data/sciatica.json",),
            "Every collection of the data file: sources, warning signs, "
            "contraindications, medicines, techniques, diagram shapes and more.",
            "JSON",
            CONTENT_LICENCE,
        ),
        Download(
            ("data/sciatica.schema.json",),
            "The JSON Schema of the data: every field, its type and what it means.",
            "JSON Schema",
            CODE_LICENCE,
        ),
        *(
            Download(
                (f"data/{table.file}",),
                CSV_HOLDS[table.file] + " Columns: " + ", ".join(name for name, _ in table.columns) + ".",
                "CSV (UTF-8 with a byte-order mark; lists inside a cell are separated by semicolons)",
                CONTENT_LICENCE,
            )
            for table in exports.TABLES
        ),
        Download(
            (BIBLIOGRAPHY_FILES["bibtex"],),
            "Every source in the bibliography, for LaTeX and reference "
            "managers; each key is the source's id on the references page.",
            "BibTeX (UTF-8)",
            CONTENT_LICENCE,
        ),
        Download(
            (BIBLIOGRAPHY_FILES["ris"],),
            "The same sources for EndNote, Zotero, Mendeley and other reference managers.",
            "RIS",
            CONTENT_LICENCE,
        ),
        Download(
            (BIBLIOGRAPHY_FILES["csl"],),
            "The same sources for citation processors (Zotero, Pandoc, citeproc).",
            "CSL-JSON",
            CONTENT_LICENCE,
        ),
        Download(
            techniques,
            "Each technique's diagram: the order of regions and the direction of strokes, with "
            "its key and a credit line.",
            "SVG",
            CONTENT_LICENCE,
        ),
        Download(
            anatomy_files,
            "The anatomy figures, each with its key and a credit line: "
            + "; ".join(title for title, _ in anatomy.anatomy_downloads(data).values())
            + ".",
            "SVG",
            CONTENT_LICENCE,
        ),
        Download(
            tuple(programme.exercise_file(exercise) for exercise in data.exercises),
            "Each exercise of the programme as numbered figures of a person, start to end, with "
            "its steps and a credit line.",
            "SVG",
            CONTENT_LICENCE,
        ),
        Download(
            tuple(programme.exam_file(test) for test in data.exam_tests),
            "Each examination test ("
            + ", ".join(test.name for test in data.exam_tests)
            + ") drawn as figures, with a credit line.",
            "SVG",
            CONTENT_LICENCE,
        ),
        *(
            [
                Download(
                    (programme.POSITIONS_FILE,),
                    "The positions the figures of people use, for slides.",
                    "SVG",
                    CONTENT_LICENCE,
                )
            ]
            if programme.positions_frames(data)
            else []
        ),
        Download(
            tuple(xml for _, xml, _ in bank),
            "The question bank (all questions, each topic, the cases) for "
            "Moodle: each option's grade, feedback and sources.",
            "Moodle XML",
            CONTENT_LICENCE,
        ),
        Download(
            tuple(gift for _, _, gift in bank),
            "The same questions for Moodle and other learning platforms that import GIFT.",
            "GIFT (UTF-8 text)",
            CONTENT_LICENCE,
        ),
        Download(
            (anki_deck.FILE,),
            "Every practice question and every glossary term as flashcards for Anki, to "
            "study between classes: a question's card shows its options, then the right answers, each "
            "option's explanation and the sources; a term's card shows its definition. A newer copy adds "
            "the new cards without doubling the ones you have.",
            "Anki package (.apkg)",
            CONTENT_LICENCE,
        ),
    ]


def credit(name: str, page: str, site_name: str, site_url: str) -> str:
    """The credit line a downloaded file carries: its page's full address, or, in a build without
    the site's address (site_url), the page's path and what to set."""
    if site_url:
        return f"{name}, from {site_name}, {site_url}{page} . {LICENCE}"
    return f"{name}, from {site_name}, page {page} (address: {NO_ADDRESS}). {LICENCE}"


class FileClash(ValueError):
    """Two things would be written to one file; the message names both."""


def as_bytes(content: str | bytes) -> bytes:
    """A generated file's bytes: text is written as UTF-8, a binary file (the Anki deck) as it is."""
    return content if isinstance(content, bytes) else content.encode("utf-8")


class Written(dict):
    """path -> content (text, or bytes for a binary file), refusing a second owner for a path (a technique named like a figure would
    otherwise replace the figure's file without a word)."""

    def __init__(self) -> None:
        super().__init__()
        self.owners: dict[str, str] = {}

    def put(self, path: str, text: str | bytes, owner: str) -> None:
        if path in self.owners:
            raise FileClash(f"{path}: made for both {self.owners[path]} and {owner}; rename one of their ids")
        self.owners[path] = owner
        self[path] = text


def files(data: SiteData, site_name: str, site_url: str) -> dict[str, str | bytes]:
    """Pure: the path (under the site) and content of every downloadable file: text, or bytes for
    a binary file."""
    found = Written()
    found.put(
        "data/sciatica.json", json.dumps(data.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", "the data"
    )
    found.put("data/sciatica.schema.json", json.dumps(json_schema(), indent=2) + "\n", "the schema")
    for technique in data.techniques:
        found.put(
            f"diagrams/{technique.id}.svg",
            svg.standalone(
                techniques.technique_svg(technique, data),
                credit(technique.name, f"massage/{technique.id}/", site_name, site_url),
            ),
            f"technique {technique.id!r}",
        )
    for view, (title, page) in anatomy.anatomy_downloads(data).items():
        found.put(
            f"diagrams/anatomy-{view}.svg",
            svg.standalone(anatomy.anatomy_svg(view, data), credit(title, page, site_name, site_url)),
            f"the anatomy figure {view!r}",
        )
    for name, text in exports.csv_files(data).items():
        found.put(f"data/{name}", text, f"the table {name}")
    header = (
        f"Bibliography of {site_name}, {site_url}references/ . {LICENCE}"
        if site_url
        else f"Bibliography of {site_name} (address: {NO_ADDRESS}). {LICENCE}"
    )
    found.put(BIBLIOGRAPHY_FILES["bibtex"], exports.bibtex(data.references, header), "the bibliography")
    found.put(BIBLIOGRAPHY_FILES["ris"], exports.ris(data.references), "the bibliography")
    found.put(BIBLIOGRAPHY_FILES["csl"], exports.csl_json(data.references), "the bibliography")
    for path, text in question_exports.files(data, site_name, site_url).items():  # Moodle XML and GIFT
        found.put(path, text, "the question bank")
    found.put(anki_deck.FILE, anki_deck.package(data, site_name, site_url), "the Anki deck")
    # Figures of people: each exercise, each examination test, and the positions they use.
    for exercise in data.exercises:
        found.put(
            programme.exercise_file(exercise),
            svg.standalone(
                poses.exercise_svg(exercise, data),
                credit(f"{exercise.name} (exercise)", "treatment/exercise-programme/", site_name, site_url),
            ),
            f"exercise {exercise.id!r}",
        )
    for test in data.exam_tests:
        found.put(
            programme.exam_file(test),
            svg.standalone(
                poses.exam_test_svg(test, data),
                credit(f"{test.name} (examination test)", "diagnosis-in-depth/", site_name, site_url),
            ),
            f"examination test {test.id!r}",
        )
    frames = programme.positions_frames(data)
    if frames:
        found.put(
            programme.POSITIONS_FILE,
            svg.standalone(
                poses.figure_svg("positions-figure", "Positions the figures use", frames, data.by_id("poses")),
                credit("Positions the figures use", "trainers/", site_name, site_url),
            ),
            "the positions figure",
        )
    return dict(found)


def download_table(downloads: list[Download], links: Links):
    """The downloads page's list: each file linked, then what it holds, its format and licence
    (a list rather than a table, so it reads on a phone without scrolling sideways)."""
    items = [
        join(
            [
                el("dt", join([el("a", path.rsplit("/", 1)[-1], href=links.file(path)) for path in d.paths], ", ")),
                el(
                    "dd",
                    el("p", with_source_article_link(d.holds, links)),
                    el(
                        "p",
                        el("strong", "Format: "),
                        d.format,
                        ". ",
                        el("strong", "Licence: "),
                        el("span", d.licence, class_="sc-licence"),
                        ".",
                    ),
                ),
            ]
        )
        for d in downloads
    ]
    return el("dl", join(items), class_="sc-downloads")
