"""The data file's schema (pydantic v2) and a loader that reports problems in one line each.

Every fact that appears in a table, a diagram, a recurring list or a download lives in
``data/sciatica.yml``. These models are its schema: unknown fields are refused, enumerations
are closed, numbers are bounded, and every id that one entry uses must exist.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from .loading import DataError, Problem, line_of, read_text, read_yaml
from .render.memo import once_per_object

__all__ = ["DataError", "Problem", "SiteData", "load", "parse"]


class FreeText:
    """Marks a field as free text written by people: shown to readers, always escaped, and the
    field a hostile-data test pours markup into (tests/build/test_hostile_data.py)."""


def not_blank(text: str) -> str:
    if not any(char.isprintable() and not char.isspace() for char in text):
        raise ValueError("text shows nothing (only spaces or invisible characters)")
    return text


# An id names files and anchors; a file system refuses names much longer than this.
Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60, description="kebab-case id")]
Text = Annotated[str, FreeText(), Field(min_length=1), AfterValidator(not_blank)]


def iso_date(value: object) -> object:
    """A date is written YYYY-MM-DD (a number such as 0 would otherwise be read as 1970)."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError(f"expected a date written YYYY-MM-DD; got {value!r}")


IsoDate = Annotated[date, BeforeValidator(iso_date)]


def abbreviation_text(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,11}", text) or not re.search(r"[A-Za-z]", text):
        raise ValueError(
            f"an abbreviation is 1 to 12 letters, digits or hyphens, with at least one letter; got {text!r}"
        )
    return text


Abbreviation = Annotated[str, AfterValidator(abbreviation_text)]
Coordinate = Annotated[float, Field(ge=0, le=1000)]
Point = tuple[Coordinate, Coordinate]


class Strict(BaseModel):
    # defer_build: a model's validator is built when it is first used, not on import; the data's
    # entries are validated as parts of SiteData, whose validator holds them all.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- bibliography and vocabulary -------------------------------------------------------

ReferenceKind = Literal[
    "guideline",
    "systematic-review",
    "review",
    "reference-text",
    "book",
    "trial",
    "cohort-study",
    "anatomical-study",
    "case-report",
    "conference-abstract",
    "regulatory",
    "patient-information",
    "web-page",
    "news",
]
# Papers in journals: each needs a DOI or a PubMed id, so a reader can find the original.
# An anatomical study (dissection of cadavers, imaging anatomy) is a journal paper too.
JOURNAL_KINDS = {"systematic-review", "review", "trial", "cohort-study", "anatomical-study", "case-report"}
# Sites that host copies of other people's documents; cite the publisher, PubMed or the body itself.
COPY_HOSTS = (
    "scribd.com",
    "docslib.org",
    "vdocuments",
    "slideshare.net",
    "paperai.life",
    "zendy.io",
    "skyscape.com",
    "ouci.dntb.gov.ua",
    "chestofbooks.com",
    "wikidoc.org",
    "drugs-library.com",
    "medluna.com",
    "epistemonikos.org",
    "ichgcp.net",
    "webharvest.gov",
    "megatopx.com",
    "studylib",
    "dokumen.tips",
    "cupdf.com",
    "pdfcoffee.com",
    "documents.pub",
    "vdoc.pub",
    "idoc.pub",
    "coursehero.com",
    "researchgate.net",
    "academia.edu",
    "yumpu.com",
    "issuu.com",
    "fliphtml5.com",
)


def host_of(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower()


def isbn_digits(isbn: str) -> str:
    """The ISBN without its hyphens and spaces."""
    return isbn.replace("-", "").replace(" ", "").upper()


def valid_isbn(isbn: str) -> str:
    """An ISBN-10 or ISBN-13 whose check digit is right (hyphens and spaces allowed between groups)."""
    digits = isbn_digits(isbn)
    if re.fullmatch(r"[0-9]{9}[0-9X]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11:
            raise ValueError(f"ISBN-10 {isbn} has a wrong check digit")
    elif re.fullmatch(r"97[89][0-9]{10}", digits):
        if sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(digits)) % 10:
            raise ValueError(f"ISBN-13 {isbn} has a wrong check digit")
    else:
        raise ValueError(f"{isbn} is not an ISBN-10 or ISBN-13")
    return isbn


Year = Annotated[int, Field(ge=1800, le=2100)]

# One gap still open: a journal paper whose DOI or PubMed id could not yet be confirmed from a record
# of the paper itself. The list may only shrink; an entry whose identifier is added must leave it (the
# model says so). Every other reference meets every rule.
IDENTIFIER_PENDING = frozenset({"batavia-2004-contraindications"})


class Reference(Strict):
    """One source, complete enough for a reference manager to import it whole: who wrote it (people or an
    organisation), when (or that it is undated, and the day it was read), its title, its publisher or journal,
    and a DOI or PubMed id for a journal paper."""

    # A rule that joins two fields is checked on the later one (validate_default runs it when the field is left
    # out), so a problem names the field to add or fix.
    id: Id
    kind: ReferenceKind
    authors: Text | None = Field(
        None,
        description="people, as PubMed writes them: 'Surname AB, Surname CD' ('Surname AB, et al.' when the "
        "list is cut short; '(editor)' after editors' names; a named group after a semicolon: "
        "'Surname AB; Lancet Working Group'). A source written by an organisation gives "
        "organisation instead; exactly one of the two",
    )
    organisation: Text | None = Field(
        None,
        validate_default=True,
        description="the corporate author, when the source names no person: the body that issued it (NICE, a "
        "regulator, a hospital trust, the publisher of a patient leaflet or a web page); exported as "
        "one author, never split into first and last names. Exactly one of authors and organisation",
    )
    title: Text = Field(description="the title of what is cited (for a part of a book: the chapter's or section's)")
    book_title: Text | None = Field(
        None,
        description="for a chapter or section of a book (kind: book): the book's own title; title is then "
        "the chapter's",
    )
    container: Text = Field(description="journal (with volume(issue):pages where known), publisher or website")
    undated: bool = Field(
        False,
        description="true when no date could be found on the source as read on the "
        "accessed date: it then has no year, needs accessed, and is shown "
        "as n.d.",
    )
    accessed: IsoDate | None = Field(
        None,
        validate_default=True,
        description="the day the source was read online, as an ISO date (YYYY-MM-DD); required when undated",
    )
    year: Year | None = Field(
        None,
        validate_default=True,
        description="year of publication; for a web page or leaflet, the year of its 'published', 'last reviewed' "
        "or 'updated' date. Required, unless no date can be found on the source: then undated: true and "
        "accessed",
    )
    updated: Year | None = Field(
        None,
        description="the year of the latest update, for a source updated after "
        "it was first published (a guideline's update)",
    )
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        None, description="the publisher's, PubMed's or the issuing body's own page; only a printed book may have none"
    )
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,8}$")] | None = Field(
        None, validate_default=True, description="PubMed id; a journal paper needs a doi or a pmid"
    )
    isbn: Annotated[str, Field(pattern=r"^[0-9][0-9 -]{8,15}[0-9Xx]$"), AfterValidator(valid_isbn)] | None = Field(
        None, description="a book's ISBN-10 or ISBN-13, hyphens or spaces allowed; the check digit is verified"
    )

    @field_validator("organisation")
    @classmethod
    def people_or_organisation(cls, organisation: str | None, info: ValidationInfo):
        if "authors" not in info.data:
            return organisation  # authors itself was refused: that problem is reported already
        if organisation and info.data["authors"]:
            raise ValueError("give authors (people) or organisation (a corporate author), not both")
        if not (organisation or info.data["authors"]):
            raise ValueError("needs authors (people) or organisation (a corporate author)")
        return organisation

    @field_validator("accessed")
    @classmethod
    def undated_needs_accessed(cls, accessed: date | None, info: ValidationInfo):
        if info.data.get("undated") and accessed is None:
            raise ValueError("an undated source needs accessed (the ISO date it was read)")
        return accessed

    @field_validator("year")
    @classmethod
    def dated_or_undated(cls, year: int | None, info: ValidationInfo):
        if info.data.get("undated") and year is not None:
            raise ValueError(f"undated, yet it gives a year ({year})")
        if "undated" in info.data and not info.data["undated"] and year is None:
            raise ValueError("needs a year (or undated: true with the date accessed)")
        return year

    @field_validator("pmid")
    @classmethod
    def journal_paper_identified(cls, pmid: str | None, info: ValidationInfo):
        kind, identified = info.data.get("kind"), bool(info.data.get("doi") or pmid)
        if info.data.get("id") in IDENTIFIER_PENDING:
            if identified:
                raise ValueError("now identified: take its id out of IDENTIFIER_PENDING (sciatica/model.py)")
        elif kind in JOURNAL_KINDS and "doi" in info.data and not identified:
            raise ValueError(f"a journal paper ({kind}) needs a doi or a pmid")
        return pmid

    @model_validator(mode="after")
    def updated_after_published(self):
        if self.updated is not None and self.year is not None and self.updated < self.year:
            raise ValueError(f"updated ({self.updated}) is before year ({self.year})")
        return self

    @model_validator(mode="after")
    def findable_original(self):
        if self.book_title and self.kind != "book":
            raise ValueError("book_title is for a chapter or section of a book (kind: book)")
        if self.url is None and self.kind != "book" and not (self.doi or self.pmid):
            raise ValueError("needs a url (only a printed book may have none)")
        if self.url and any(
            host_of(self.url) == h or host_of(self.url).endswith("." + h) or h in host_of(self.url) for h in COPY_HOSTS
        ):
            raise ValueError(f"{host_of(self.url)} hosts copies; cite the publisher, PubMed, a DOI or the issuing body")
        return self


class GlossaryTerm(Strict):
    id: Id
    term: Text
    abbreviation: Abbreviation | None = Field(
        None,
        description="shown with its expansion as a tooltip: letters and digits (at least one letter, so the "
        "page's numbers and character references are never taken for it), at most 12",
    )
    definition: Text
    refs: list[Id] = []


# --- safety ------------------------------------------------------------------------------


class EmergencyNumber(Strict):
    """A number to call in an emergency, shown wherever the site tells people to call one."""

    id: Id
    number: Annotated[str, Field(pattern=r"^[0-9]{3}$")]
    where: Text
    refs: list[Id] = []


ROUTING_SETTLED_DESCRIPTION = (
    "the sources, among refs, that state where a yes sends the client (for a red flag, its action); "
    "without one, the client intake form marks the answer for a clinician's review"
)


def routing_sources_cited(entry):
    """A source that settles where a yes sends the client is one the entry cites."""
    uncited = [ref for ref in entry.routing_settled_by if ref not in entry.refs]
    if uncited:
        raise ValueError(f"routing_settled_by names sources the entry does not cite in refs: {', '.join(uncited)}")
    return entry


class RedFlag(Strict):
    id: Id
    short: Text | None = Field(None, description="a few words naming the context, for the escalation rule")
    sign: Text = Field(description="in plain words, for patients")
    ask: Text = Field(
        description="the question a therapist asks before a first session, in plain words (the client screening form)"
    )
    clinical: Text = Field(description="in clinical terms, for students")
    suggests: Text
    action: Literal["emergency", "urgent"] = Field(
        description="emergency: go to an emergency department now; urgent: see a doctor today"
    )
    contact: Text | None = Field(None, description="who to call or tell, where that differs from the usual")
    brief: Text = Field(
        description="the sign in a few plain words, for the short lists (the banner on every "
        "clinical page, the home page, what to do now, the handouts)"
    )
    every_list: bool = Field(False, description="a sign so urgent that every short list must carry it")
    cauda_equina: bool = False
    refs: list[Id] = Field(min_length=1)
    routing_settled_by: list[Id] = Field([], description=ROUTING_SETTLED_DESCRIPTION)

    @model_validator(mode="after")
    def routing_sources_are_cited(self):
        return routing_sources_cited(self)


class ShortList(Strict):
    """A chosen subset of the red flags, shown in brief where there is no room for the full list.
    Every sign marked every_list must be in it (checked on loading)."""

    id: Id
    shown_on: Text = Field(description="where this list appears, so an editor knows what a change reaches")
    signs: list[Id] = Field(min_length=1, description="red-flag ids, in the order shown")


class Escalation(Strict):
    """The rule that turns a same-day warning sign into an emergency: a red-flag context (cancer,
    infection, trauma ...) together with a new loss of nerve function."""

    contexts: list[Id] = Field(min_length=1, description="ids of the red flags whose context escalates")
    deficit: Text = Field(description="the new loss of nerve function, in plain words")
    clinical: Text = Field(description="the same, in clinical terms")
    refs: list[Id] = Field(min_length=1)


HelplineKind = Literal["advice", "doctor", "listening"]
PHONE_NUMBER = r"^[0-9]{2,4}( [0-9]{2,4}){0,3}$"


class Helpline(Strict):
    """Help that is not an emergency number, for one place: a health advice line, who to call where
    there is no such line, or a line that listens. Shown under the regions of the emergency numbers,
    so a reader who has chosen a region sees its own lines first."""

    id: Id
    areas: list[Id] = Field(min_length=1, description="emergency_numbers ids: the regions whose readers this serves")
    where: Text = Field(description="the place it serves, in words (a country, or part of one)")
    kind: HelplineKind = Field(
        description="advice: a health advice line, which can also get an out-of-hours doctor or nurse; doctor: "
        "no such line, so who to call instead; listening: someone to talk to when it all feels too much"
    )
    name: Text
    number: Annotated[str, Field(pattern=PHONE_NUMBER)] | None = Field(
        None,
        description="as written where it is used, digits in groups with single spaces; none where there is "
        "no single number (then say what to do instead)",
    )
    instead: Text | None = Field(
        None, validate_default=True, description="what to do where there is no single number to call"
    )
    answers: Text = Field(description="who answers, in plain words")
    hours: Text = Field(description="when it answers")
    refs: list[Id] = Field(min_length=1)

    @field_validator("instead")
    @classmethod
    def number_or_instead(cls, instead: str | None, info: ValidationInfo):
        if "number" not in info.data:
            return instead  # the number itself was refused: that problem is reported already
        if (info.data["number"] is None) == (instead is None):
            raise ValueError("give a number to call, or say what to do instead (instead), not both")
        return instead


class HelpSituation(Strict):
    """A time when the need is not an emergency but help cannot wait for long: what to do, in a few
    plain steps (the numbers for each region follow them)."""

    id: Id
    title: Text
    steps: list[Text] = Field(min_length=1)
    refs: list[Id] = Field(min_length=1)


class RootLevel(Strict):
    """What a compressed nerve root typically does to the leg: the examination's map. The root
    explorer lights up its skin area (body.dermatomes), key muscles and reflex site together."""

    id: Id
    root: Literal["L4", "L5", "S1"]
    pain: Text = Field(description="where radicular pain and sensory change are felt")
    weakness: Text
    reflex: Text
    key_muscles: list[Id] = Field(min_length=1, description="ids of body.muscles this root mainly supplies")
    reflex_site: Id | None = Field(
        None, description="id of body.reflex_sites; none for a root without a reliable reflex"
    )
    test: Text = Field(description="the bedside test that may bring the root's problem out")
    refs: list[Id] = Field(min_length=1)


# --- causes and drugs --------------------------------------------------------------------


class Cause(Strict):
    id: Id
    name: Text
    group: Literal["spinal", "outside-the-spine", "serious", "pregnancy"]
    how_common: Text
    massage: Text = Field(description="what the cause means for massage")
    page: PagePath | None = None
    refs: list[Id] = Field(min_length=1)


class Availability(Strict):
    status: Literal["available", "prescription-only", "restricted", "withdrawn"]
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    reason: Text | None = None

    @model_validator(mode="after")
    def withdrawal_is_explained(self):
        missing = [name for name in ("year", "reason") if getattr(self, name) is None]
        if self.status == "withdrawn" and missing:
            raise ValueError(f"a withdrawn medicine needs its year and reason ({' and '.join(missing)} missing)")
        return self


Stance = Literal["consider", "no-recommendation", "not-covered", "not-recommended", "do-not-offer", "withdrawn"]
Condition = Literal["sciatica", "acute-sciatica", "acute-severe-sciatica", "chronic-sciatica", "low-back-pain"]


class Position(Strict):
    """What one guideline says about a medicine for one condition: shown as a badge whose words
    must agree with the guideline prose (tests/unit/test_drugs.py)."""

    by: Text = Field(description="who says it, such as NICE NG59")
    stance: Stance
    condition: Condition = "sciatica"
    qualifier: Text | None = Field(None, description="a few words the stance needs, such as 'on its own'")
    refs: list[Id] = Field(min_length=1)


class Advice(Strict):
    """Advice for one group of people (pregnancy, breastfeeding), with its sources."""

    advice: Text
    refs: list[Id] = Field(min_length=1)


class Caution(Strict):
    """An interaction or caution: who or what should not be combined with the medicine."""

    id: Id
    caution: Text
    refs: list[Id] = Field(min_length=1)


class Drug(Strict):
    id: Id
    generic: Text
    drug_class: Text
    brands: list[Text] = Field([], description="only the brand names the source article uses")
    action: Text = Field(description="what it does, in plain words")
    guideline: Text = Field(description="what guidelines say for sciatica")
    positions: list[Position] = Field(min_length=1, description="the first is the one for sciatica")
    certainty: Literal["high", "moderate", "low", "very-low", "no-evidence"]
    harms: list[Text] = Field(min_length=1)
    cautions: list[Caution] = []
    pregnancy: Advice
    breastfeeding: Advice
    safety_limit: Text | None = None
    availability: Availability
    refs: list[Id] = Field(min_length=1)


# --- diagram geometry --------------------------------------------------------------------

View = Literal["back", "front"]
VIEW_DESCRIPTION = (
    "back: the viewer stands behind the person (their right on the viewer's right); front: the "
    "person faces the viewer (their right on the viewer's left). Coordinates are as the viewer sees them."
)
DermatomeRoot = Literal["L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5"]


def short_name(part) -> str:
    """What a figure's label says for a named part."""
    return part.short or part.name


class Polyline(Strict):
    id: Id
    label: Text | None = None
    view: View = Field("back", description=VIEW_DESCRIPTION)
    points: list[Point] = Field(min_length=2)


class Nerve(Strict):
    id: Id
    name: Text
    short: Text | None = Field(None, description="the shorter name a figure's label uses; the name when left out")
    kind: Literal["root", "trunk", "branch"]
    points: list[Point] = Field(min_length=2)
    beyond: list[Point] = Field(
        [],
        description="where the nerve goes on out of sight (round a bone to the front, "
        "into the sole): drawn dotted after the last point",
    )
    label_at: Point | None = Field(None, description="where its name stands in the nerve figure")


class KeyPoint(Strict):
    """An ISNCSCI key sensory point: where an examiner tests the root's skin."""

    view: View = Field(description=VIEW_DESCRIPTION)
    at: Point
    site: Text = Field(description="the point in words, for the figure's description and key")


class DermatomePatch(Strict):
    """One root's area in one view. The patches of a view tile the leg: they share their edges."""

    view: View = Field(description=VIEW_DESCRIPTION)
    polygon: list[Point] = Field(min_length=3, description="may reach a little past the outline; drawn clipped to it")
    label_at: Point | None = Field(
        None, description="where the root's name stands: inside the patch, or outside it with a leader line"
    )


class Dermatome(Strict):
    id: Id
    root: DermatomeRoot
    area: Text = Field(description="the skin area in words")
    key_point: KeyPoint
    patches: list[DermatomePatch] = Field(min_length=1)


class Muscle(Strict):
    """A muscle drawn in the anatomy figures: a landmark in the nerve figure, or a key muscle a
    root supplies in the root explorer."""

    id: Id
    name: Text
    short: Text | None = Field(None, description="the shorter name a figure's label uses; the name when left out")
    view: View = Field("back", description=VIEW_DESCRIPTION)
    polygon: list[Point] = Field(min_length=3)
    label_at: Point | None = Field(None, description="where the name stands in the nerve figure (landmarks only)")
    landmark: bool = Field(False, description="drawn in the nerve figure")
    superficial: bool = Field(
        False, description="drawn as an outline only in the nerve figure, so what lies under it stays visible"
    )

    @model_validator(mode="after")
    def landmark_has_label(self):
        if self.landmark and self.label_at is None:
            raise ValueError("a landmark muscle needs label_at (where its name stands in the nerve figure)")
        return self


class Landmark(Strict):
    """A bone that can be felt, or a hollow, drawn in the nerve figure."""

    id: Id
    name: Text
    short: Text | None = Field(None, description="the shorter name a figure's label uses; the name when left out")
    kind: Literal["bone", "hollow"]
    view: View = Field("back", description=VIEW_DESCRIPTION)
    polygon: list[Point] = Field(min_length=3)
    label_at: Point


class ReflexSite(Strict):
    """Where a tendon is tapped to test a reflex."""

    id: Id
    name: Text
    short: Text | None = Field(None, description="the shorter name a figure's label uses; the name when left out")
    view: View = Field(description=VIEW_DESCRIPTION)
    at: Point


class Body(Strict):
    width: Annotated[float, Field(gt=0, le=1000)]
    height: Annotated[float, Field(gt=0, le=1000)]
    half_outline: list[Point] = Field(
        min_length=8, description="right half of a back view, head to crotch; mirrored about the midline"
    )
    front_half_outline: list[Point] | None = Field(
        None, min_length=8, description="the same for a front view (the feet differ); the back view's when left out"
    )
    details: list[Polyline] = Field([], description="spine, gluteal cleft and folds, knee creases, kneecaps ...")
    nerves: list[Nerve] = []
    dermatomes: list[Dermatome] = []
    muscles: list[Muscle] = []
    landmarks: list[Landmark] = []
    reflex_sites: list[ReflexSite] = []

    @model_validator(mode="after")
    def unique_parts(self):
        for name in ("details", "nerves", "dermatomes", "muscles", "landmarks", "reflex_sites"):
            ids = [part.id for part in getattr(self, name)]
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"{name}: duplicate id {twice[0]!r}")
        roots = [d.root for d in self.dermatomes]
        twice = sorted({r for r in roots if roots.count(r) > 1})
        if twice:
            raise ValueError(f"dermatomes: root {twice[0]} appears twice (one entry per root, with a patch per view)")
        return self


class Region(Strict):
    id: Id
    name: Text
    polygon: list[Point] = Field(min_length=3)
    axis: list[Point] = Field(
        min_length=2,
        description="the stroke's path, from the end nearer the head to the far end; "
        "points between the ends make it follow a curve",
    )
    badge_at: Point


class BodyPoint(Strict):
    id: Id
    kind: Literal["acupressure", "cup-site"]
    code: Text | None = Field(None, description="standard code such as GB30, for acupressure points")
    name: Text
    location: Text = Field(description="anatomical location in words")
    at: Point
    refs: list[Id] = []


# --- massage -------------------------------------------------------------------------------

Severity = Literal["absolute", "relative", "local"]
SEVERITY_ORDER: dict[str | None, int] = {"absolute": 0, "relative": 1, "local": 2}
# Where a yes on the client screening form sends the client, most urgent first.
Refer = Literal["emergency", "same-day", "doctor-first", "postpone", "adapt"]


class ForYou(Strict):
    """A condition as the person who has it names it, with the three answers they came for, in
    plain words ("Is massage safe for me?", massage/is-it-safe.md). Its sources are the entry's
    refs, the refs given here for what the answers add, and those of the signs named."""

    label: Text = Field(description="the condition in the reader's words, such as 'I am pregnant'")
    can_i: Text = Field(description="can I have massage? The answer first (yes / with care / not yet / no), then why")
    what_kind: Text = Field(description="what kind of massage, if any, and what it leaves out")
    tell: Text = Field(description="what to tell or show the therapist")
    signs: list[Id] = Field(
        [],
        description="red flags that mean getting help before any massage; shown from the "
        "red flags' own words with their action (a screened_by entry's are shown too)",
    )
    refs: list[Id] = Field([], description="sources for what these answers say beyond the entry's own refs")


class Contraindication(Strict):
    """A condition of the person that rules massage out or changes it (kind: contraindication),
    or a hazard of a method itself, whoever receives it (kind: hazard, shown with its own badge)."""

    id: Id
    kind: Literal["contraindication", "hazard"] = "contraindication"
    name: Text
    severity: Severity | None = Field(None, description="for a contraindication; a hazard has none")
    applies_to: list[Id] = Field(min_length=1, description="technique ids, or 'all'")
    why: Text
    instead: Text = Field(description="what to do instead")
    # The client screening form: each contraindication is a question (ask, and where a yes sends
    # the client), or is covered by the red-flag questions (screened_by), or is a rule for every
    # client that needs no question, such as a place on the body (every_client).
    ask: Text | None = Field(None, description="the question for the client before a first session, in plain words")
    refer: Refer | None = Field(
        None,
        description="where a yes sends the client: emergency (department now), same-day (a doctor today), "
        "doctor-first (their own doctor's or care team's agreement first), postpone, or adapt the massage",
    )
    screened_by: list[Id] = Field([], description="red flags whose questions already ask about this")
    every_client: bool = Field(
        False,
        description="a rule for every client, such as a place on the body: "
        "listed on the screening form as a rule, not a question",
    )
    refs: list[Id] = Field(min_length=1)
    routing_settled_by: list[Id] = Field([], description=ROUTING_SETTLED_DESCRIPTION)
    for_you: ForYou | None = Field(
        None, description="the answers for a person who has this condition (massage/is-it-safe.md), in plain words"
    )

    @model_validator(mode="after")
    def routing_sources_are_cited(self):
        if self.routing_settled_by and (self.screened_by or self.every_client or self.kind == "hazard"):
            raise ValueError("routing_settled_by is for a question (ask and refer): this entry asks nothing")
        return routing_sources_cited(self)

    @model_validator(mode="after")
    def severity_for_contraindications_only(self):
        if self.kind == "contraindication" and self.severity is None:
            raise ValueError("a contraindication needs its severity (absolute, relative or local)")
        if self.kind == "hazard" and self.severity is not None:
            raise ValueError("a hazard of a method has no severity: it is never done")
        if self.kind == "hazard" and self.for_you is not None:
            raise ValueError("a hazard of a method is no condition a person has: no for_you")
        return self

    @model_validator(mode="after")
    def screened_one_way(self):
        ways = [
            name
            for name, used in (
                ("ask", self.ask is not None),
                ("screened_by", bool(self.screened_by)),
                ("every_client", self.every_client),
            )
            if used
        ]
        if self.kind == "hazard":
            if ways or self.refer:
                raise ValueError(
                    "a hazard of a method is a rule for every client: no ask, refer, screened_by or every_client"
                )
            return self
        if len(ways) != 1:
            raise ValueError(
                "a contraindication needs exactly one of ask (the client's question), screened_by "
                f"(red flags that ask it) or every_client: true (got {', '.join(ways) or 'none'})"
            )
        if (self.ask is None) != (self.refer is None):
            raise ValueError("ask and refer go together: the question and where a yes sends the client")
        if self.severity == "absolute" and self.refer == "adapt":
            raise ValueError("an absolute contraindication rules massage out: refer cannot be 'adapt'")
        if self.every_client and self.for_you is not None:
            raise ValueError("a rule for every client is no condition a person names: no for_you")
        return self


class Step(Strict):
    region: Id
    stroke: Literal[
        "stroking", "effleurage", "kneading", "friction", "vibration", "percussion", "pressure", "cupping", "rolling"
    ]
    direction: Literal["toward-heart", "away-from-heart", "circular", "zigzag", "static", "dots"]
    pressure: Literal["light", "moderate", "firm"]
    duration: Text
    detail: Text
    points: list[Id] = []


class Course(Strict):
    practice: Text
    trials: Text


class Evidence(Strict):
    summary: Text
    certainty: Literal["high", "moderate", "low", "very-low", "no-evidence"]
    guidelines: Text
    refs: list[Id] = Field(min_length=1)


class Technique(Strict):
    id: Id
    name: Text
    other_names: list[Text] = []
    family: Literal["classical", "pressure", "cupping", "self-massage", "topical"]
    purpose: Text
    position: Text
    steps: list[Step] = Field(min_length=1)
    course: Course
    evidence: Evidence


ClaimTopic = Literal["anatomy", "causes", "symptoms", "diagnosis", "drugs", "massage", "exercise", "other"]


class Claim(Strict):
    """A claim of the source article, set against the evidence."""

    id: Id
    claim: Text = Field(description="what the source article says, paraphrased")
    topic: ClaimTopic
    verdict: Literal["supported", "partly-supported", "not-supported", "outdated", "unsafe"]
    explanation: Text
    page: PageRef | None = Field(None, description="the page that covers it, relative to docs/")
    refs: list[Id] = Field(min_length=1)


# A page under docs/ as a relative path of kebab-case names (no empty, absolute or climbing part).
PAGE_PATH = r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*\.md"
PageRef = Annotated[
    str, Field(pattern=rf"^{PAGE_PATH}(#[a-z0-9-]+)?$", description="a page under docs/, maybe with #anchor")
]


class FirstStep(Strict):
    """One of the few things that help most people straight away (the "what to do now" list)."""

    id: Id
    action: Text = Field(description="the action, a few plain words")
    detail: Text
    page: PageRef
    refs: list[Id] = Field(min_length=1)


class SearchAlias(Strict):
    """Words people type for a topic, and the page that owns it (they rank that page first)."""

    page: PageRef
    words: list[Text] = Field(min_length=1)


class Outcome(Strict):
    """A figure about how sciatica turns out, stated once and shown wherever it is quoted."""

    id: Id
    figure: Text = Field(description="the figure in plain words, as a sentence")
    measured: Text = Field(description="what exactly was measured, in whom, and when")
    refs: list[Id] = Field(min_length=1)


# --- trainers' kit: questions and cases ---------------------------------------------------------

Topic = Literal["anatomy", "causes", "diagnosis", "medicines", "treatment", "massage", "safety"]
Level = Literal["foundation", "intermediate", "advanced"]
PagePath = Annotated[str, Field(pattern=rf"^{PAGE_PATH}$")]
# What a pattern asks for, in words, for the one-line problems.
PATTERN_WORDS = {
    PHONE_NUMBER: "expected a phone number written as digits in groups of 2 to 4, such as 116 123",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "expected a kebab-case id (lowercase letters and digits joined by single hyphens)",
    rf"^{PAGE_PATH}$": "expected a page under docs/ written like massage/kneading.md (no empty, absolute or '..' part)",
    rf"^{PAGE_PATH}(#[a-z0-9-]+)?$": "expected a page under docs/ written like massage/kneading.md, maybe with "
    "#anchor (no empty, absolute or '..' part)",
}
# The most options a question may have: Moodle's grade list has a value for 1/n only up to n = 10,
# and a multiple-answer question shares 100% among its right options and -100% among its wrong ones.
MAX_OPTIONS = 8


class Option(Strict):
    """One answer to choose, with why it is right or wrong and the sources that say so."""

    text: Text
    correct: bool = False
    explanation: Text = Field(description="why this option is right or wrong, in your own words")
    refs: list[Id] = Field(min_length=1)


class QuestionBody(Strict):
    """What every question has, whether it stands alone or is a stage of a case."""

    kind: Literal["single", "multiple"] = Field(description="single: one right option; multiple: one or more")
    stem: Text
    options: list[Option] = Field(min_length=2, max_length=MAX_OPTIONS)
    feedback: Text | None = Field(None, description="the point to take away, shown after the explanations")
    refs: list[Id] = Field([], description="sources for the question as a whole (each option cites its own)")

    @model_validator(mode="after")
    def right_options_fit_the_kind(self):
        right = sum(option.correct for option in self.options)
        if self.kind == "single" and right != 1:
            raise ValueError(f"a single-answer question needs exactly one correct option (found {right})")
        if self.kind == "multiple" and right < 1:
            raise ValueError("a multiple-answer question needs at least one correct option")
        texts = [" ".join(unicodedata.normalize("NFKC", option.text).split()).casefold() for option in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("two options have the same text")
        return self


class Question(QuestionBody):
    """A self-check question: on its page under 'Check your understanding', on the practice page
    by topic, and in the question-bank downloads (Moodle XML and GIFT)."""

    id: Id
    topic: Topic
    level: Level
    page: PagePath | None = Field(None, description="the study page it belongs on, relative to docs/")


class QuestionStage(QuestionBody):
    """A stage asked as an ordinary question, such as what to ask next or what to advise."""

    stage: Literal["question"]
    step: Literal["history", "examination", "plan", "advice"]
    info: Text | None = Field(None, description="what the reader learns at this stage, before the question")


class RedFlagStage(Strict):
    """Which warning signs the story shows, and how fast to act. The options are the red flags
    themselves and the urgency follows from their action, so the answer cannot disagree with the
    red-flag table."""

    stage: Literal["red-flags"]
    info: Text | None = None
    flags_present: list[Id] = Field([], description="red flags the story shows (none is a valid answer)")
    flags_absent: list[Id] = Field(
        min_length=1, description="red flags offered as options that the story does not show"
    )
    escalated: bool = Field(
        False,
        description="a same-day context flag comes with a new loss of nerve function "
        "(the escalation rule), which makes it an emergency",
    )
    feedback: Text | None = None

    @model_validator(mode="after")
    def flags_are_either_present_or_absent(self):
        both = sorted(set(self.flags_present) & set(self.flags_absent))
        if both:
            raise ValueError(f"red flags both present and absent: {', '.join(both)}")
        if len(self.flags_present) + len(self.flags_absent) > MAX_OPTIONS - 1:
            raise ValueError(f"at most {MAX_OPTIONS - 1} red flags in one stage")
        return self


class RootLevelStage(Strict):
    """Which nerve root the findings point to: the options are the root-level table's rows."""

    stage: Literal["root-level"]
    info: Text | None = None
    root_level: Id = Field(description="the id of the root level the findings fit")
    feedback: Text | None = None


class MassageStage(Strict):
    """Whether to massage today and which contraindications apply: the options are the
    contraindication table's rows, and the yes/no answer follows from their severity."""

    stage: Literal["massage"]
    info: Text | None = None
    contraindications_present: list[Id] = Field([], description="contraindications that apply (none is a valid answer)")
    contraindications_absent: list[Id] = Field(min_length=1, description="contraindications offered that do not apply")
    feedback: Text | None = None

    @model_validator(mode="after")
    def either_present_or_absent(self):
        both = sorted(set(self.contraindications_present) & set(self.contraindications_absent))
        if both:
            raise ValueError(f"contraindications both present and absent: {', '.join(both)}")
        if len(self.contraindications_present) + len(self.contraindications_absent) > MAX_OPTIONS - 1:
            raise ValueError(f"at most {MAX_OPTIONS - 1} contraindications in one stage")
        return self


Stage = Annotated[QuestionStage | RedFlagStage | RootLevelStage | MassageStage, Field(discriminator="stage")]


class Case(Strict):
    """A patient story with staged questions (history, red flags, root level, plan, massage)."""

    id: Id
    title: Text
    vignette: Text
    stages: list[Stage] = Field(min_length=2)
    refs: list[Id] = []

    @model_validator(mode="after")
    def has_red_flag_and_massage_stages(self):
        kinds = [stage.stage for stage in self.stages]
        missing = [kind for kind in ("red-flags", "massage") if kind not in kinds]
        if missing:
            raise ValueError(f"a case needs a {' and a '.join(missing)} stage")
        return self


class Editorial(Strict):
    """The review cycle: pages carry their review dates; the site lists those due by `as_of`."""

    as_of: IsoDate = Field(description="the date the review list is worked out for (no clock is read)")
    cycle_months: Annotated[int, Field(ge=1, le=36)]


# --- figures: poses, exercises, examination tests ------------------------------------------
#
# A pose is a human figure given by joint angles, in degrees. Conventions (tested against the
# drawings in tests/unit/test_poses.py):
#   trunk   the pelvis-to-waist segment from straight up; + leans forward (face side). Standing 0,
#           lying on the back -90 (head to the left of a side view), lying face down +90.
#   spine   the waist-to-shoulders segment relative to the pelvis: + rounds forward (flexion),
#           - arches back (extension).
#   neck    + chin down (flexion), - looking up (extension).
#   hip     + thigh forward (flexion), - behind the body (extension); abduction + out to the side.
#   knee    + bent (flexion), 0 straight.     ankle  + toes up (dorsiflexion), - pointed.
#   shoulder + arm forward and up (flexion), - behind the body; elbow + bent; wrist + hand turned
#           forward (laid flat on the floor on hands and knees).
# Limits are the usual adult ranges of movement: a pose outside them is refused on loading.

BodyPart = Literal[
    "head",
    "neck",
    "chest",
    "waist",
    "pelvis",
    "near-shoulder",
    "near-elbow",
    "near-hand",
    "near-hip",
    "near-knee",
    "near-ankle",
    "near-heel",
    "near-toe",
    "far-shoulder",
    "far-elbow",
    "far-hand",
    "far-hip",
    "far-knee",
    "far-ankle",
    "far-heel",
    "far-toe",
]
Segment = Literal["low-back", "near-thigh", "near-shin", "near-foot", "far-thigh", "far-shin", "far-foot"]
Joint = Literal["near-hip", "far-hip", "near-knee", "far-knee", "near-shoulder", "far-shoulder"]
Posture = Literal["standing", "sitting", "lying-on-back", "lying-on-front", "kneeling", "hands-and-knees"]


class Leg(Strict):
    hip: Annotated[float, Field(ge=-30, le=125, description="flexion + / extension -, degrees")] = 0
    knee: Annotated[float, Field(ge=0, le=150, description="flexion, degrees (0 straight)")] = 0
    ankle: Annotated[float, Field(ge=-50, le=25, description="dorsiflexion + / plantarflexion -, degrees")] = 0
    abduction: Annotated[float, Field(ge=-20, le=45, description="out to the side +, degrees")] = 0


class Arm(Strict):
    shoulder: Annotated[float, Field(ge=-60, le=180, description="flexion + / extension -, degrees")] = 0
    elbow: Annotated[float, Field(ge=0, le=150, description="flexion, degrees (0 straight)")] = 0
    wrist: Annotated[
        float,
        Field(
            ge=-80,
            le=90,
            description="hand turned forward + (as when laid flat on the floor on hands and knees), degrees",
        ),
    ] = 0
    abduction: Annotated[float, Field(ge=0, le=90, description="out to the side +, degrees")] = 0


class Prop(Strict):
    """Something the figure uses besides its support: a folded towel under the head or the knees,
    a ball between the knees, or a wall behind the back."""

    kind: Literal["towel", "ball", "wall"]
    at: Literal["head", "knees", "back"]

    @model_validator(mode="after")
    def placed_where_it_fits(self):
        allowed = {"towel": {"head", "knees"}, "ball": {"knees"}, "wall": {"back"}}[self.kind]
        if self.at not in allowed:
            raise ValueError(f"a {self.kind} goes at {' or '.join(sorted(allowed))}, not {self.at}")
        return self


# Which trunk angles and supports make sense for each posture.
POSTURE_RULES: dict[str, tuple[tuple[float, float], set[str]]] = {
    "standing": ((-30, 30), {"floor"}),
    "sitting": ((-20, 60), {"chair", "couch"}),
    "lying-on-back": ((-125, -75), {"floor", "couch"}),  # to -125: hips lifted in a bridge
    "lying-on-front": ((75, 100), {"floor", "couch"}),
    "kneeling": ((-20, 40), {"floor"}),
    "hands-and-knees": ((60, 110), {"floor"}),
}


class Pose(Strict):
    id: Id
    name: Text = Field(description="the position in plain words, as a reader would be told it")
    posture: Posture
    support: Literal["floor", "couch", "chair"]
    view: Literal["side", "front", "back"] = "side"
    trunk: Annotated[float, Field(ge=-125, le=110)] = 0
    spine: Annotated[float, Field(ge=-60, le=60, description="low and mid back together")] = 0
    neck: Annotated[float, Field(ge=-60, le=70)] = 0
    near_leg: Leg = Leg()
    far_leg: Leg = Leg()
    near_arm: Arm = Arm()
    far_arm: Arm = Arm()
    contacts: list[BodyPart] = Field(
        [], description="body parts that rest on the support (checked when drawn: each must touch it)"
    )
    props: list[Prop] = []

    @model_validator(mode="after")
    def posture_fits(self):
        (low, high), supports = POSTURE_RULES[self.posture]
        if not low <= self.trunk <= high:
            raise ValueError(f"{self.posture} needs trunk between {low:g} and {high:g} degrees (got {self.trunk:g})")
        if self.support not in supports:
            raise ValueError(f"{self.posture} is done on {' or '.join(sorted(supports))}, not on a {self.support}")
        return self


class AngleBand(Strict):
    """A range of one joint's angle drawn as a shaded wedge, such as 30 to 70 degrees of hip
    flexion in the straight leg raise."""

    joint: Joint
    low: Annotated[float, Field(ge=-60, le=180)]
    high: Annotated[float, Field(ge=-60, le=180)]
    label: Text = Field(description="what the range means, in a few words")

    @model_validator(mode="after")
    def ordered_and_possible(self):
        if self.low >= self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        kind = self.joint.split("-")[1]
        model, name = (Leg, "hip") if kind == "hip" else (Leg, "knee") if kind == "knee" else (Arm, "shoulder")
        limits = {type(m).__name__: m for m in model.model_fields[name].metadata}
        least, most = limits["Ge"].ge, limits["Le"].le
        if self.low < least or self.high > most:
            raise ValueError(
                f"{self.joint} moves between {least:g} and {most:g} degrees; "
                f"the range {self.low:g} to {self.high:g} goes beyond"
            )
        return self


class Arrow(Strict):
    part: BodyPart
    kind: Literal["path", "turn"] = Field(
        "path", description="path: the part's way from the ghost to the pose; turn: a curled arrow round it"
    )
    # Words quoted from the label, not text of their own: the label is the free text (and the
    # field the hostile-data test fills), so these stay a plain phrase that must occur in it.
    shows: Annotated[str, Field(min_length=1), AfterValidator(not_blank)] = Field(
        description="the words of the frame's label naming the movement this arrow shows; each movement the "
        "label names has an arrow of its own"
    )


class Frame(Strict):
    """One picture of a figure: a pose, optionally with the earlier pose as a dashed ghost,
    movement arrows from the ghost to the pose, a shaded angle range and where symptoms are felt."""

    pose: Id
    ghost: Id | None = None
    label: Text = Field(description="a few words shown under the picture, after its number")
    arrows: list[Arrow] = []
    band: AngleBand | None = None
    symptoms: list[Segment] = Field([], description="where the person's symptoms are felt (zig-zag line)")

    @model_validator(mode="after")
    def arrows_need_a_ghost(self):
        if self.arrows and self.ghost is None:
            raise ValueError("movement arrows run from a ghost pose: give `ghost`")
        for arrow in self.arrows:
            if arrow.shows.lower() not in self.label.lower():
                raise ValueError(f"an arrow shows {arrow.shows!r}, which the label {self.label!r} does not say")
        return self


EvidenceStrength = Literal["trial", "review", "guideline", "patient-information"]


class ExerciseEvidence(Strict):
    summary: Text
    strength: EvidenceStrength = Field(description="the strongest kind of source behind this exercise for sciatica")
    certainty: Literal["high", "moderate", "low", "very-low", "no-evidence"]
    refs: list[Id] = Field(min_length=1)


class Exercise(Strict):
    id: Id
    name: Text
    aim: Text = Field(description="what it is for, in plain words")
    frames: list[Frame] = Field(min_length=2, max_length=3, description="the first is the start, the last the end")
    steps: list[Text] = Field(min_length=2, description="how to do it, in order, in plain words")
    dose: Text
    progression: Text
    stop_if: list[Text] = Field(min_length=1, description="stop and get advice if ...")
    not_for: list[Text] = Field(min_length=1, description="who should not do it, or should ask first")
    evidence: ExerciseEvidence
    refs: list[Id] = Field(min_length=1, description="sources for how it is done and the dose")


class Estimate(Strict):
    """A proportion with its 95% confidence interval where the source gives one."""

    value: Annotated[float, Field(ge=0, le=1)]
    low: Annotated[float, Field(ge=0, le=1)] | None = None
    high: Annotated[float, Field(ge=0, le=1)] | None = None

    @model_validator(mode="after")
    def interval_holds_value(self):
        if (self.low is None) != (self.high is None):
            raise ValueError("give both ends of the interval, or neither")
        if self.low is not None and self.high is not None and not self.low <= self.value <= self.high:
            raise ValueError(f"the interval {self.low:g} to {self.high:g} does not contain {self.value:g}")
        return self


class Accuracy(Strict):
    """How well a test found what it looks for, in one source."""

    setting: Text = Field(description="who was studied, and against what reference standard")
    sensitivity: Estimate | None = None
    specificity: Estimate | None = None
    studies: Annotated[int, Field(ge=1)] | None = None
    people: Annotated[int, Field(ge=1)] | None = None
    note: Text | None = Field(None, description="what the source reports instead, or a caveat")
    refs: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def says_something(self):
        if self.sensitivity is None and self.specificity is None and self.note is None:
            raise ValueError("give a sensitivity, a specificity or a note saying what the source reports")
        return self


class ExamTest(Strict):
    id: Id
    name: Text
    other_names: list[Text] = []
    roots: Text = Field(description="which nerve roots or nerve it stretches")
    frames: list[Frame] = Field(min_length=1, max_length=4)
    procedure: list[Text] = Field(min_length=2, description="how it is done, in order")
    positive: Text = Field(description="what counts as a positive test")
    plain_words: Text = Field(description="the test explained to a patient")
    accuracy: list[Accuracy] = Field(min_length=1)
    refs: list[Id] = Field(min_length=1, description="sources for the procedure and what counts as positive")


class OutcomeMeasure(Strict):
    """A questionnaire used to measure change; described, never reproduced."""

    id: Id
    name: Text
    abbreviation: Text
    measures: Text = Field(description="what it measures, and in whom it works best")
    structure: Text = Field(description="how many items and how they are answered, in our words")
    scoring: Text
    mic: Text = Field(description="minimal important change, or the nearest agreed threshold")
    licence: Text = Field(description="who holds the rights and what using it needs")
    licence_status: Literal["registration-required", "free-as-published", "unclear"]
    official_url: Annotated[str, Field(pattern=r"^https?://\S+$")] = Field(
        description="where the official form is obtained, or its published description where no official source "
        "exists (the form is never copied onto this site)"
    )
    refs: list[Id] = Field(min_length=1)


class ConsentStatement(Strict):
    text: Text = Field(description="what the client agrees to, in plain words, as they would say it ('I ...')")
    choice: bool = Field(False, description="the client may agree or not: Yes and No tick boxes")
    refs: list[Id] = []


class IntakeForm(Strict):
    """The client intake form (docs/handouts/client-intake-form.md): what a clinic asks a client
    to fill in before a first session. Its health questions are the red flags' and the asked
    contraindications' own questions (ask); this holds the rest of the form."""

    intro: Text = Field(description="to the client: what the form is for")
    client_fields: list[Text] = Field(min_length=1, description="the client's details, each a line to fill in")
    gp_fields: list[Text] = Field(min_length=1, description="their GP's contact details, each a line to fill in")
    medicines: Text = Field(description="the question about the medicines they take")
    medicine_lines: Annotated[int, Field(ge=1, le=8)] = 3
    consent: list[ConsentStatement] = Field(min_length=1)
    sign_fields: list[Text] = Field(min_length=1, description="signatures and dates, each a line to fill in")
    review_note: Text = Field(
        description="what the mark on an answer whose routing the sources do not settle asks of the clinician"
    )


class SiteData(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, title="Sciatica and massage: site data")
    references: list[Reference]
    glossary: list[GlossaryTerm] = []
    emergency_numbers: list[EmergencyNumber] = []
    red_flags: list[RedFlag] = []
    short_lists: list[ShortList] = []
    helplines: list[Helpline] = []
    help_situations: list[HelpSituation] = []
    escalation: Escalation
    root_levels: list[RootLevel] = []
    causes: list[Cause] = []
    drugs: list[Drug] = []
    body: Body
    regions: list[Region] = []
    points: list[BodyPoint] = []
    contraindications: list[Contraindication] = []
    techniques: list[Technique] = []
    claims: list[Claim] = []
    outcomes: list[Outcome] = []
    first_steps: list[FirstStep] = []
    search_aliases: list[SearchAlias] = []
    questions: list[Question] = []
    cases: list[Case] = []
    poses: list[Pose] = []
    exercises: list[Exercise] = []
    exam_tests: list[ExamTest] = []
    outcome_measures: list[OutcomeMeasure] = []
    intake_form: IntakeForm | None = None
    editorial: Editorial

    def by_id(self, collection: str) -> Mapping[str, Any]:
        """The collection's entries by id, read-only, worked out once for each list of entries."""
        return index_by_id(getattr(self, collection))


@once_per_object  # a lookup per citation made a dictionary of all 250 references
def index_by_id(entries: list) -> Mapping[str, Any]:
    return MappingProxyType({entry.id: entry for entry in entries})


# --- loading with one-line problems --------------------------------------------------------

# Fields that hold ids, wherever they appear in the data, and the collection each must name.
ID_FIELDS: dict[str, str] = {
    "refs": "references",
    "routing_settled_by": "references",
    "applies_to": "techniques",
    "contexts": "red_flags",
    "screened_by": "red_flags",
    "signs": "red_flags",
    "areas": "emergency_numbers",
    "region": "regions",
    "points": "points",  # a step's points are ids; a shape's are coordinates
    "flags_present": "red_flags",
    "flags_absent": "red_flags",
    "root_level": "root_levels",
    "contraindications_present": "contraindications",
    "contraindications_absent": "contraindications",
    "pose": "poses",
    "ghost": "poses",  # a figure's frames name their poses
    "key_muscles": "muscles",
    "reflex_site": "reflex_sites",  # parts of the body's geometry
}
BODY_PARTS = ("muscles", "reflex_sites")  # collections inside `body` that ids may name
COLLECTIONS = (
    "references",
    "glossary",
    "emergency_numbers",
    "red_flags",
    "short_lists",
    "helplines",
    "help_situations",
    "root_levels",
    "causes",
    "drugs",
    "regions",
    "points",
    "contraindications",
    "techniques",
    "claims",
    "outcomes",
    "questions",
    "cases",
    "poses",
    "exercises",
    "exam_tests",
    "outcome_measures",
)


def id_uses(node: object, location: tuple = ()):
    """Every (location, field, id) in the data where a field of ID_FIELDS holds an id."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in ID_FIELDS and isinstance(value, str):
                yield (*location, name), name, value
            elif name in ID_FIELDS and isinstance(value, list) and all(isinstance(v, str) for v in value):
                for index, item in enumerate(value):
                    yield (*location, name, index), name, item
            else:
                yield from id_uses(value, (*location, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from id_uses(item, (*location, index))


def entry_label(raw: object, loc: tuple) -> tuple[str, tuple]:
    """Turn a location such as ('techniques', 2, 'steps', 0, 'stroke') into
    'techniques[effleurage].steps[1].stroke', naming entries by id where they have one."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            name = item.get("id") if isinstance(item, dict) else None
            label = f"[{name}]" if isinstance(name, str) else f"[{key + 1}]"
            parts[-1:] = [(parts[-1] if parts else "") + label]
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)", loc


def short_repr(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def describe_error(error: ErrorDetails) -> str:
    kind, message = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown field (not in the schema; check its spelling)"
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":  # the model's own rules: their message says what is expected
        return message.removeprefix("Value error, ")
    value = error.get("input")
    pattern = (error.get("ctx") or {}).get("pattern", "")
    if kind == "string_pattern_mismatch" and pattern in PATTERN_WORDS:
        return f"{PATTERN_WORDS[pattern]}; got {short_repr(value)}"
    if kind == "string_too_long":
        return f"at most {(error.get('ctx') or {}).get('max_length')} characters; got {len(str(value))}"
    shown = short_repr(value) if isinstance(value, (str, int, float, bool)) or value is None else type(value).__name__
    return f"{message.rstrip('.')}; got {shown}"


def integrity_problems(data: SiteData) -> list[tuple[tuple, str]]:
    """Duplicate ids and ids that name nothing: (location, message) pairs."""
    found: list[tuple[tuple, str]] = []
    for collection in COLLECTIONS:
        seen: set[str] = set()
        for index, entry in enumerate(getattr(data, collection)):
            if entry.id in seen:
                found.append(((collection, index, "id"), f"duplicate id {entry.id!r}"))
            seen.add(entry.id)
    for index, technique in enumerate(data.techniques):
        if technique.id == "all":
            found.append((("techniques", index, "id"), "'all' is reserved: applies_to: [all] means every technique"))
    abbreviated: dict[str, str] = {}
    for index, term in enumerate(data.glossary):
        if term.abbreviation and term.abbreviation in abbreviated:
            found.append(
                (
                    ("glossary", index, "abbreviation"),
                    f"{term.abbreviation!r} already stands for {abbreviated[term.abbreviation]!r}",
                )
            )
        elif term.abbreviation:
            abbreviated[term.abbreviation] = term.term
    flags = data.by_id("red_flags")
    every_list = [flag.id for flag in data.red_flags if flag.every_list]
    for index, short in enumerate(data.short_lists):
        missing = [flag_id for flag_id in every_list if flag_id not in short.signs]
        if missing:
            found.append(
                (
                    ("short_lists", index, "signs"),
                    f"leaves out {', '.join(missing)}, marked every_list: every short list must carry them",
                )
            )
    for index, flag_id in enumerate(data.escalation.contexts):
        if flag_id in flags and flags[flag_id].short is None:
            found.append(
                (("escalation", "contexts", index), f"red flag {flag_id!r} needs a `short` name to be named here")
            )
    found += case_problems(data)
    poses = data.by_id("poses")
    for collection in ("exercises", "exam_tests"):
        for index, entry in enumerate(getattr(data, collection)):
            for number, frame in enumerate(entry.frames):
                pose, ghost = poses.get(frame.pose), poses.get(frame.ghost)
                if pose and ghost and (pose.view, pose.support) != (ghost.view, ghost.support):
                    found.append(
                        (
                            (collection, index, "frames", number, "ghost"),
                            (
                                f"ghost {ghost.id!r} is seen from the {ghost.view} on a {ghost.support}; "
                                f"pose {pose.id!r} from the {pose.view} on a {pose.support}: they must match"
                            ),
                        )
                    )
    known = {name: set(data.by_id(name)) for name in COLLECTIONS}
    known |= {name: {part.id for part in getattr(data.body, name)} for name in BODY_PARTS}
    known["techniques"] |= {"all"}
    mapped = {d.root for d in data.body.dermatomes}
    for index, level in enumerate(data.root_levels):
        if data.body.dermatomes and level.root not in mapped:
            found.append((("root_levels", index, "root"), f"{level.root} has no entry in body.dermatomes"))
    for location, field, value in id_uses(data):
        target = ID_FIELDS[field]
        if value not in known[target]:
            found.append((location, f"{value!r} is not an id in {target}"))
    return found


def page_uses(node: object, location: tuple = ()):
    """Every (location, value) of a field named `page` (a page under docs/, maybe with #anchor)."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name == "page" and isinstance(value, str):
                yield (*location, name), value
            else:
                yield from page_uses(value, (*location, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from page_uses(item, (*location, index))


def case_problems(data: SiteData) -> list[tuple[tuple, str]]:
    """A case agrees with the tables: a story with a warning sign is not massaged today (its
    massage stage names an absolute contraindication), and the escalation rule needs one of its
    contexts among the story's flags."""
    found = []
    contexts = set(data.escalation.contexts)
    severity = {ci.id: ci.severity for ci in data.contraindications}
    for index, case in enumerate(data.cases):
        flags = [stage for stage in case.stages if isinstance(stage, RedFlagStage)]
        for number, stage in enumerate(case.stages):
            if isinstance(stage, RedFlagStage) and stage.escalated and not contexts & set(stage.flags_present):
                found.append(
                    (
                        ("cases", index, "stages", number, "escalated"),
                        f"the escalation rule needs one of {', '.join(sorted(contexts))} among flags_present",
                    )
                )
            if (
                isinstance(stage, MassageStage)
                and any(f.flags_present or f.escalated for f in flags)
                and not any(severity.get(ci) == "absolute" for ci in stage.contraindications_present)
            ):
                found.append(
                    (
                        ("cases", index, "stages", number, "contraindications_present"),
                        "the story shows a red flag, so an absolute contraindication must apply",
                    )
                )
    return found


def page_problems(data: SiteData, docs_dir: Path) -> list[tuple[tuple, str]]:
    """Every `page` field names a page that exists. (Its anchor is checked in the built site,
    where the anchors the macros make are known: sciatica/checks.py.)"""
    return [
        (location, f"{value.partition('#')[0]!r} is not a page in docs/")
        for location, value in page_uses(data)
        if not (docs_dir / value.partition("#")[0]).is_file()
    ]


def problems_at(file: str, raw: object, root, located: list[tuple[tuple, str]]) -> list[Problem]:
    """(location, message) pairs as one-line problems, naming line, entry and field."""
    return [Problem(file, line_of(root, loc), entry_label(raw, loc)[0], message) for loc, message in located]


def parse(text: str, file: str, docs_dir: Path | None = None) -> SiteData:
    """Validate the data file's text; raise DataError listing every problem."""
    raw, root = read_yaml(text, file)
    if not isinstance(raw, dict):
        raise DataError([Problem(file, 1, "(top level)", "expected a mapping of collections")])
    try:
        data = SiteData.model_validate(raw)
    except ValidationError as error:
        raise DataError(
            problems_at(file, raw, root, [(tuple(e["loc"]), describe_error(e)) for e in error.errors()])
        ) from None
    located = integrity_problems(data) + (page_problems(data, docs_dir) if docs_dir else [])
    if located:
        raise DataError(problems_at(file, raw, root, located))
    return data


def locate(path: Path, shown_as: str, located: list[tuple[tuple, str]]) -> list[Problem]:
    """Problems found after loading (in the built site, say) as one-line problems with lines."""
    raw, root = read_yaml(read_text(path, shown_as), shown_as)
    return problems_at(shown_as, raw, root, located)


def load(path: Path, shown_as: str | None = None, docs_dir: Path | None = None) -> SiteData:
    """Read and validate the data file at ``path``; ``docs_dir`` also checks page links."""
    shown = shown_as or str(path)
    return parse(read_text(path, shown), shown, docs_dir)


_loaded: dict[tuple, SiteData] = {}


def load_cached(path: Path, shown_as: str, docs_dir: Path | None = None) -> SiteData:
    """load(), once per version of the file: an engine may set up the macros for every page
    (Zensical does), and this module, unlike the macros module, stays loaded between pages."""
    stat = path.stat() if path.exists() else None
    key = (str(path), stat and stat.st_mtime_ns, stat and stat.st_size, str(docs_dir))
    if key not in _loaded:
        data = load(path, shown_as, docs_dir)
        _loaded.clear()
        _loaded[key] = data
    return _loaded[key]


def json_schema() -> dict:
    return SiteData.model_json_schema()
