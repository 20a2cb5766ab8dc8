"""Data files for other programs, as pure functions of the data: the bibliography for reference
managers (BibTeX, RIS, CSL-JSON) and the site's tables as CSV for spreadsheets.

Every value comes from the data file and is written so that it stays data in the file format:
BibTeX specials and braces are escaped (so braces always balance and no text becomes a command),
RIS values are one line each, CSL-JSON is written by the json module, and CSV cells that a
spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import JOURNAL_KINDS, Reference, SiteData
from .render.tables import ACTION_LABELS, CERTAINTY_LABELS, SEVERITY_LABELS, VERDICT_LABELS, position_label

# --- the bibliography: one description of each kind, three formats -----------------------------------


@dataclass(frozen=True)
class Format:
    bibtex: str
    ris: str
    csl: str


FORMATS: dict[str, Format] = {
    **{kind: Format("article", "JOUR", "article-journal") for kind in JOURNAL_KINDS},
    "book": Format("book", "BOOK", "book"),
    "chapter": Format("incollection", "CHAP", "chapter"),  # a book's chapter or section (book_title given)
    "guideline": Format("techreport", "RPRT", "report"),
    "regulatory": Format("techreport", "RPRT", "report"),
    "conference-abstract": Format("inproceedings", "ABST", "paper-conference"),
    "news": Format("misc", "NEWS", "article-newspaper"),
    "reference-text": Format("misc", "ELEC", "webpage"),
    "patient-information": Format("misc", "ELEC", "webpage"),
    "web-page": Format("misc", "ELEC", "webpage"),
}
# The BibTeX field that holds the container (journal, publisher, institution ...) for each entry type.
CONTAINER_FIELD = {
    "article": "journal",
    "book": "publisher",
    "incollection": "publisher",
    "techreport": "institution",
    "inproceedings": "booktitle",
    "misc": "howpublished",
}
# What each BibTeX entry type must have here (a reference manager needs at least these).
REQUIRED_BIBTEX = {
    "article": {"title", "journal"},
    "book": {"title", "publisher"},
    "incollection": {"title", "booktitle", "publisher"},
    "techreport": {"title", "institution"},
    "inproceedings": {"title", "booktitle"},
    "misc": {"title", "howpublished"},
}


def one_line(text: str) -> str:
    return " ".join(text.split())


# "Surname Initials" as PubMed writes authors: Koes BW, van Tulder MW, Almeida Silva HJ.
# Initials are capital letters of any alphabet (Nygaard Ø); the surname may have several words.
PERSON = re.compile(r"^(?P<family>(?:[^\W\d_][\w'’.-]*\s)*?[^\W\d_][\w'’-]*)\s(?P<given>[^\W\d_]{1,6})$")
TRAILING_NOTE = re.compile(r"^(?P<names>.*?)\s*\((?P<note>[^()]*)\)$")


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str | None = None  # initials as written: "BW"
    literal: str | None = None  # an organisation, or a name that is not "Surname Initials"

    def initials(self) -> str:
        """ "BW" as "B. W." (how reference managers store initials)."""
        return " ".join(f"{letter}." for letter in self.given or "")


@dataclass(frozen=True)
class Authors:
    names: tuple[Name, ...]
    more: bool = False  # "et al.": the list is not complete
    editors: bool = False  # "(editor)": the names are editors


def split_authors(authors: str | None) -> Authors:
    """Authors as the data writes them, split into people where the text allows: "Koes BW, van
    Tulder MW; Lancet Working Group" gives two people and a group. Anything that is not a list of
    "Surname Initials" stays one literal name (an organisation), never guessed at."""
    if not authors:
        return Authors(())
    text, editors = one_line(authors), False
    note = TRAILING_NOTE.match(text)
    if note and note.group("note").strip().lower() in ("editor", "editors", "ed", "eds"):
        text, editors = note.group("names"), True
    people, *groups = [part.strip() for part in text.split(";")]
    parts = [part.strip() for part in people.split(",")]
    more = bool(parts) and parts[-1].rstrip(".").lower() == "et al"
    parts = parts[:-1] if more else parts
    matches = [m if m and m.group("given").isupper() else None for m in map(PERSON.match, parts)]
    if parts and not all(matches) and note and not editors:
        # "Seifman M, Lo C (Victorian Adult Burns Service)": people with their department after them.
        inner = split_authors(note.group("names"))
        if inner.names and not any(name.literal for name in inner.names):
            return inner
    if not parts or not all(matches):
        return Authors((Name(literal=text),), editors=editors)
    names = [Name(m.group("family"), m.group("given")) for m in matches if m]
    names += [Name(literal=group) for group in groups if group]
    return Authors(tuple(names), more, editors)


def format_of(reference: Reference) -> Format:
    """How the reference is typed in each format: by its kind, or as a chapter when it is part of a book."""
    return FORMATS["chapter"] if reference.book_title else FORMATS[reference.kind]


def reference_authors(reference: Reference) -> Authors:
    """Who wrote it: an organisation is one name, whole (never split at "and" or a comma); people's names are
    split as the text allows."""
    if reference.organisation:
        return Authors((Name(literal=reference.organisation),))
    return split_authors(reference.authors)


# "The Lancet 391(10137):2368-2383" or "Cureus 17(7):e87240": a journal with volume, issue, pages.
JOURNAL_DETAILS = re.compile(
    r"^(?P<journal>.*?[^\d\s])\s+(?P<volume>\d+)(?:\((?P<issue>[^()]+)\))?"
    r"(?::(?P<pages>[A-Za-z]?\d+(?:-[A-Za-z]?\d+)?))?$"
)


@dataclass(frozen=True)
class Container:
    name: str
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None


def container_parts(reference: Reference) -> Container:
    container = one_line(reference.container)
    match = JOURNAL_DETAILS.match(container) if reference.kind in JOURNAL_KINDS else None
    if not match:
        return Container(container)
    return Container(match.group("journal"), match.group("volume"), match.group("issue"), match.group("pages"))


# --- BibTeX ------------------------------------------------------------------------------------------

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in BIBTEX_SPECIALS))


def bibtex_text(text: str) -> str:
    """Text as a BibTeX value: one line, every LaTeX special escaped (so braces always balance)."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_SPECIALS[m.group(0)], one_line(text))


def bibtex_verbatim(text: str) -> str:
    """A URL or DOI: kept as it is for the url package, but braces, backslashes and spaces (which
    would break the entry) percent-encoded."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}.get(c, c) for c in one_line(text))


def bibtex_name(name: Name) -> str:
    if name.literal is not None:
        return "{" + bibtex_text(name.literal) + "}"  # braces: never split into first and last names
    return f"{bibtex_text(name.family)}, {name.initials()}"


def bibtex_entry(reference: Reference) -> str:
    kind = format_of(reference).bibtex
    authors = reference_authors(reference)
    container = container_parts(reference)
    names = [bibtex_name(n) for n in authors.names] + (["others"] if authors.more else [])
    fields: list[tuple[str, str]] = []
    if names:
        fields.append(("editor" if authors.editors else "author", " and ".join(names)))
    # Double braces keep the title's capitals (NICE, MRI) whatever the style does to case.
    fields.append(("title", "{" + bibtex_text(reference.title) + "}"))
    if reference.book_title:
        fields.append(("booktitle", "{" + bibtex_text(reference.book_title) + "}"))
    fields.append((CONTAINER_FIELD[kind], bibtex_text(container.name)))
    fields += [
        (name, bibtex_text(value))
        for name, value in (
            ("volume", container.volume),
            ("number", container.issue),
            ("pages", container.pages and container.pages.replace("-", "--")),
        )
        if value
    ]
    if reference.year:
        fields.append(("year", str(reference.year)))
    if reference.isbn:
        fields.append(("isbn", bibtex_text(reference.isbn)))
    if reference.doi:
        fields.append(("doi", bibtex_verbatim(reference.doi)))
    if reference.url:
        fields.append(("url", bibtex_verbatim(reference.url)))
    if reference.accessed:
        fields.append(("urldate", reference.accessed.isoformat()))  # biblatex's date of access
    notes = [f"PubMed {reference.pmid}"] if reference.pmid else []
    notes += [f"Updated {reference.updated}"] if reference.updated else []
    if notes:
        fields.append(("note", bibtex_text("; ".join(notes))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{reference.id},\n{body}\n}}\n"


def bibtex(references: Sequence[Reference], header: str) -> str:
    """The whole bibliography; the header (site, address, licence) becomes a comment."""
    comment = "".join(f"% {line}\n" for line in one_line(header).split(". ") if line)
    return f"% Encoding: UTF-8\n{comment}\n" + "\n".join(bibtex_entry(reference) for reference in references)


# --- RIS ---------------------------------------------------------------------------------------------


def ris_name(name: Name) -> str:
    if name.literal is not None:
        return one_line(name.literal)
    return f"{one_line(name.family)}, {name.initials().replace(' ', '')}"


def ris_record(reference: Reference) -> list[tuple[str, str]]:
    kind = format_of(reference).ris
    authors = reference_authors(reference)
    container = container_parts(reference)
    author_tag = "A2" if authors.editors else "AU"
    tags = [("TY", kind), *((author_tag, ris_name(n)) for n in authors.names), ("TI", one_line(reference.title))]
    if reference.book_title:
        tags.append(("T2", one_line(reference.book_title)))  # a chapter's book
    tags.append(("PB" if kind in ("BOOK", "RPRT", "CHAP") else "T2", container.name))
    tags += [(tag, value) for tag, value in (("VL", container.volume), ("IS", container.issue)) if value]
    if container.pages:
        start, _, end = container.pages.partition("-")
        tags += [("SP", start), *([("EP", end)] if end else [])]
    tags += [("PY", str(reference.year))] if reference.year else []
    tags += [("SN", one_line(reference.isbn))] if reference.isbn else []
    tags += [("DO", one_line(reference.doi))] if reference.doi else []
    tags += [("UR", one_line(reference.url))] if reference.url else []
    tags += [("Y2", reference.accessed.strftime("%Y/%m/%d"))] if reference.accessed else []  # date accessed
    tags += [("AN", f"PMID:{reference.pmid}")] if reference.pmid else []
    tags += [("ID", reference.id), ("ER", "")]
    return tags


def ris(references: Sequence[Reference]) -> str:
    """Every record from TY to ER, one tag per line (`XX  - value`), a blank line between records."""
    records = ["\n".join(f"{tag}  - {value}" for tag, value in ris_record(reference)) for reference in references]
    return "\n\n".join(records) + "\n"


# --- CSL-JSON ------------------------------------------------------------------------------------------


def csl_name(name: Name) -> dict[str, str]:
    if name.literal is not None:
        return {"literal": one_line(name.literal)}
    return {"family": one_line(name.family), "given": name.initials()}


def csl_item(reference: Reference) -> dict:
    authors = reference_authors(reference)
    container = container_parts(reference)
    kind = format_of(reference).csl
    item: dict = {"id": reference.id, "type": kind, "title": one_line(reference.title)}
    if authors.names:
        item["editor" if authors.editors else "author"] = [csl_name(n) for n in authors.names]
    if reference.book_title:
        item["container-title"] = one_line(reference.book_title)
    item["publisher" if kind in ("book", "report", "chapter") else "container-title"] = container.name
    for field, value in (("volume", container.volume), ("issue", container.issue), ("page", container.pages)):
        if value:
            item[field] = value
    if reference.year:
        item["issued"] = {"date-parts": [[reference.year]]}
    if reference.accessed:
        item["accessed"] = {"date-parts": [[reference.accessed.year, reference.accessed.month, reference.accessed.day]]}
    if reference.isbn:
        item["ISBN"] = reference.isbn
    if reference.doi:
        item["DOI"] = reference.doi
    if reference.pmid:
        item["PMID"] = reference.pmid
    if reference.url:
        item["URL"] = reference.url
    if authors.more:
        item["note"] = "Further authors are listed in the source (et al.)."
    return item


def csl_json(references: Sequence[Reference]) -> str:
    return json.dumps([csl_item(reference) for reference in references], indent=2, ensure_ascii=False) + "\n"


# --- CSV ---------------------------------------------------------------------------------------------

# A cell starting with one of these is run as a formula by spreadsheet programs (or, for the
# apostrophe, would lose it): such cells get an apostrophe in front, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
LIST_SEPARATOR = "; "


def guard(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    """The cell as the data has it (for readers of the file, and the tests)."""
    return cell.removeprefix("'")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(
            guard(one_line(str(v))) for v in value
        )  # each item guarded: a cell split apart stays text
    return one_line(str(value))


@dataclass(frozen=True)
class Table:
    """One CSV file: a column heading and how to read the column from each entry."""

    file: str
    rows: Callable[[SiteData], Iterable[Any]]
    columns: tuple[tuple[str, Callable[[Any], object]], ...]


TABLES = (
    Table(
        "contraindications.csv",
        lambda d: d.contraindications,
        (
            ("id", lambda c: c.id),
            ("kind", lambda c: c.kind),
            ("name", lambda c: c.name),
            ("severity", lambda c: c.severity),
            ("severity_label", lambda c: SEVERITY_LABELS.get(c.severity) if c.severity else "Hazard of the method"),
            ("applies_to", lambda c: c.applies_to),
            ("why", lambda c: c.why),
            ("instead", lambda c: c.instead),
            ("ask", lambda c: c.ask),
            ("refer", lambda c: c.refer),
            ("screened_by", lambda c: c.screened_by),
            ("every_client", lambda c: c.every_client),
            ("refs", lambda c: c.refs),
        ),
    ),
    Table(
        "medicines.csv",
        lambda d: d.drugs,
        (
            ("id", lambda m: m.id),
            ("generic", lambda m: m.generic),
            ("class", lambda m: m.drug_class),
            ("brands_in_source_article", lambda m: m.brands),
            ("action", lambda m: m.action),
            ("guideline", lambda m: m.guideline),
            ("positions", lambda m: [position_label(p) for p in m.positions]),
            ("certainty", lambda m: CERTAINTY_LABELS[m.certainty]),
            ("harms", lambda m: m.harms),
            ("cautions", lambda m: [c.caution for c in m.cautions]),
            ("pregnancy", lambda m: m.pregnancy.advice),
            ("breastfeeding", lambda m: m.breastfeeding.advice),
            ("safety_limit", lambda m: m.safety_limit),
            ("availability", lambda m: m.availability.status),
            ("withdrawn_year", lambda m: m.availability.year),
            ("withdrawn_reason", lambda m: m.availability.reason),
            ("refs", lambda m: m.refs),
        ),
    ),
    Table(
        "red-flags.csv",
        lambda d: d.red_flags,
        (
            ("id", lambda f: f.id),
            ("sign", lambda f: f.sign),
            ("ask", lambda f: f.ask),
            ("clinical", lambda f: f.clinical),
            ("suggests", lambda f: f.suggests),
            ("action", lambda f: f.action),
            ("action_label", lambda f: ACTION_LABELS[f.action]),
            ("contact", lambda f: f.contact),
            ("cauda_equina", lambda f: f.cauda_equina),
            ("refs", lambda f: f.refs),
        ),
    ),
    Table(
        "root-levels.csv",
        lambda d: d.root_levels,
        (
            ("id", lambda r: r.id),
            ("root", lambda r: r.root),
            ("pain", lambda r: r.pain),
            ("weakness", lambda r: r.weakness),
            ("reflex", lambda r: r.reflex),
            ("refs", lambda r: r.refs),
        ),
    ),
    Table(
        "claims.csv",
        lambda d: d.claims,
        (
            ("id", lambda c: c.id),
            ("claim", lambda c: c.claim),
            ("topic", lambda c: c.topic),
            ("verdict", lambda c: c.verdict),
            ("verdict_label", lambda c: VERDICT_LABELS[c.verdict]),
            ("explanation", lambda c: c.explanation),
            ("page", lambda c: c.page),
            ("refs", lambda c: c.refs),
        ),
    ),
)

# UTF-8 with a byte-order mark: Excel reads a CSV without one in the computer's legacy code page,
# which garbles the data's accents and symbols (é, ø, 殷, –); LibreOffice, Google Sheets, Python's
# csv module (encoding="utf-8-sig") and R read the mark and drop it.
BOM = "\ufeff"


def csv_text(table: Table, data: SiteData) -> str:
    out = io.StringIO()
    # Every cell quoted (RFC 4180 line ends): a spreadsheet that splits on ";" or a tab, not ",",
    # still reads each cell whole, so text such as "a;=1+1" never becomes a formula cell.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([name for name, _ in table.columns])
    for entry in table.rows(data):
        writer.writerow([guard(cell(read(entry))) for _, read in table.columns])
    return BOM + out.getvalue()


def csv_files(data: SiteData) -> dict[str, str]:
    return {table.file: csv_text(table, data) for table in TABLES}
