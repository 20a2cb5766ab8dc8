"""The data file's schema (pydantic v2) and a loader that reports problems in one line each.

Every fact that appears in a table, a diagram, a recurring list or a download lives in
``data/sciatica.yml``. These models are its schema: unknown fields are refused, enumerations
are closed, numbers are bounded, and every id that one entry uses must exist.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .loading import DataError, Problem, line_of, read_text, read_yaml

__all__ = ["DataError", "Problem", "SiteData", "load", "parse"]


class FreeText:
    """Marks a field as free text written by people: shown to readers, always escaped, and the
    field a hostile-data test pours markup into (tests/build/test_hostile_data.py)."""


def not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("text is blank (only spaces)")
    return text


Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="kebab-case id")]
Text = Annotated[str, FreeText(), Field(min_length=1), AfterValidator(not_blank)]
Coordinate = Annotated[float, Field(ge=0, le=1000)]
Point = tuple[Coordinate, Coordinate]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- bibliography and vocabulary -------------------------------------------------------

ReferenceKind = Literal[
    "guideline", "systematic-review", "review", "reference-text", "book", "trial",
    "cohort-study", "case-report", "conference-abstract", "regulatory", "patient-information",
    "web-page", "news",
]
# Papers in journals: each needs a DOI or a PubMed id, so a reader can find the original.
JOURNAL_KINDS = {"systematic-review", "review", "trial", "cohort-study", "case-report"}
# Sites that host copies of other people's documents; cite the publisher, PubMed or the body itself.
COPY_HOSTS = (
    "scribd.com", "docslib.org", "vdocuments", "slideshare.net", "paperai.life", "zendy.io",
    "skyscape.com", "ouci.dntb.gov.ua", "chestofbooks.com", "wikidoc.org", "drugs-library.com",
    "medluna.com", "epistemonikos.org", "ichgcp.net", "webharvest.gov", "megatopx.com", "studylib",
    "dokumen.tips", "cupdf.com", "pdfcoffee.com", "documents.pub", "vdoc.pub", "idoc.pub",
    "coursehero.com", "researchgate.net", "academia.edu", "yumpu.com", "issuu.com", "fliphtml5.com",
)


def host_of(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower()


class Reference(Strict):
    id: Id
    kind: ReferenceKind
    authors: Text | None = Field(None, description="leave out when the source names none; the entry starts with its title")
    title: Text
    container: Text = Field(description="journal, publisher or website")
    year: Annotated[int, Field(ge=1800, le=2100)] | None = Field(
        None, description="leave out for an undated web page; shown as n.d.")
    updated: Annotated[int, Field(ge=1800, le=2100)] | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        None, description="the publisher's, PubMed's or the issuing body's own page; only a printed book may have none")
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,8}$")] | None = Field(None, description="PubMed id")
    no_identifier_found: bool = Field(
        False, description="a journal paper whose DOI and PubMed id could not be confirmed: the url must then be "
                           "the journal's or the authors' institution's own page for it (listed for follow-up)")

    @model_validator(mode="after")
    def updated_after_published(self):
        if self.updated is not None and self.year is not None and self.updated < self.year:
            raise ValueError(f"updated ({self.updated}) is before year ({self.year})")
        return self

    @model_validator(mode="after")
    def findable_original(self):
        if self.kind in JOURNAL_KINDS and not (self.doi or self.pmid or (self.no_identifier_found and self.url)):
            raise ValueError(f"a journal paper ({self.kind}) needs a doi or a pmid")
        if self.no_identifier_found and (self.doi or self.pmid):
            raise ValueError("no_identifier_found is for papers without a doi or pmid")
        if self.url is None and self.kind != "book" and not (self.doi or self.pmid):
            raise ValueError("needs a url (only a printed book may have none)")
        if self.url and any(host_of(self.url) == h or host_of(self.url).endswith("." + h) or h in host_of(self.url)
                            for h in COPY_HOSTS):
            raise ValueError(f"{host_of(self.url)} hosts copies; cite the publisher, PubMed, a DOI or the issuing body")
        return self


class GlossaryTerm(Strict):
    id: Id
    term: Text
    abbreviation: Text | None = Field(None, description="shown with its expansion as a tooltip")
    definition: Text
    refs: list[Id] = []


# --- safety ------------------------------------------------------------------------------

class EmergencyNumber(Strict):
    """A number to call in an emergency, shown wherever the site tells people to call one."""
    id: Id
    number: Annotated[str, Field(pattern=r"^[0-9]{3}$")]
    where: Text
    refs: list[Id] = []


class RedFlag(Strict):
    id: Id
    short: Text | None = Field(None, description="a few words naming the context, for the escalation rule")
    sign: Text = Field(description="in plain words, for patients")
    clinical: Text = Field(description="in clinical terms, for students")
    suggests: Text
    action: Literal["emergency", "urgent"] = Field(
        description="emergency: go to an emergency department now; urgent: see a doctor today")
    contact: Text | None = Field(None, description="who to call or tell, where that differs from the usual")
    cauda_equina: bool = False
    refs: list[Id] = Field(min_length=1)


class Escalation(Strict):
    """The rule that turns a same-day warning sign into an emergency: a red-flag context (cancer,
    infection, trauma ...) together with a new loss of nerve function."""
    contexts: list[Id] = Field(min_length=1, description="ids of the red flags whose context escalates")
    deficit: Text = Field(description="the new loss of nerve function, in plain words")
    clinical: Text = Field(description="the same, in clinical terms")
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
    reflex_site: Id | None = Field(None, description="id of body.reflex_sites; none for a root without a reliable reflex")
    test: Text = Field(description="the bedside test that may bring the root's problem out")
    refs: list[Id] = Field(min_length=1)


# --- causes and drugs --------------------------------------------------------------------

class Cause(Strict):
    id: Id
    name: Text
    group: Literal["spinal", "outside-the-spine", "serious", "pregnancy"]
    how_common: Text
    massage: Text = Field(description="what the cause means for massage")
    page: Annotated[str, Field(pattern=r"^[a-z0-9/-]+\.md$")] | None = None
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
VIEW_DESCRIPTION = ("back: the viewer stands behind the person (their right on the viewer's right); front: the "
                    "person faces the viewer (their right on the viewer's left). Coordinates are as the viewer sees them.")
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
    beyond: list[Point] = Field([], description="where the nerve goes on out of sight (round a bone to the front, "
                                                "into the sole): drawn dotted after the last point")
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
        None, description="where the root's name stands: inside the patch, or outside it with a leader line")


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
    superficial: bool = Field(False, description="drawn as an outline only in the nerve figure, so what lies "
                                                 "under it stays visible")

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
        min_length=8, description="right half of a back view, head to crotch; mirrored about the midline")
    front_half_outline: list[Point] | None = Field(
        None, min_length=8, description="the same for a front view (the feet differ); the back view's when left out")
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
        min_length=2, description="the stroke's path, from the end nearer the head to the far end; "
                                  "points between the ends make it follow a curve")
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
SEVERITY_ORDER: dict[str, int] = {"absolute": 0, "relative": 1, "local": 2}


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
    refs: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def severity_for_contraindications_only(self):
        if self.kind == "contraindication" and self.severity is None:
            raise ValueError("a contraindication needs its severity (absolute, relative or local)")
        if self.kind == "hazard" and self.severity is not None:
            raise ValueError("a hazard of a method has no severity: it is never done")
        return self


class Step(Strict):
    region: Id
    stroke: Literal[
        "stroking", "effleurage", "kneading", "friction", "vibration", "percussion",
        "pressure", "cupping", "rolling"]
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
    page: Annotated[str, Field(pattern=r"^[a-z0-9/-]+\.md(#[a-z0-9-]+)?$")] | None = Field(
        None, description="the page that covers it, relative to docs/")
    refs: list[Id] = Field(min_length=1)


class Outcome(Strict):
    """A figure about how sciatica turns out, stated once and shown wherever it is quoted."""
    id: Id
    figure: Text = Field(description="the figure in plain words, as a sentence")
    measured: Text = Field(description="what exactly was measured, in whom, and when")
    refs: list[Id] = Field(min_length=1)


class Editorial(Strict):
    """The review cycle: pages carry their review dates; the site lists those due by `as_of`."""
    as_of: date = Field(description="the date the review list is worked out for (no clock is read)")
    cycle_months: Annotated[int, Field(ge=1, le=36)]


class SiteData(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, title="Sciatica and massage: site data")
    references: list[Reference]
    glossary: list[GlossaryTerm] = []
    emergency_numbers: list[EmergencyNumber] = []
    red_flags: list[RedFlag] = []
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
    editorial: Editorial

    def by_id(self, collection: str) -> dict:
        return {entry.id: entry for entry in getattr(self, collection)}


# --- loading with one-line problems --------------------------------------------------------

# Fields that hold ids, wherever they appear in the data, and the collection each must name.
ID_FIELDS: dict[str, str] = {
    "refs": "references", "applies_to": "techniques", "contexts": "red_flags",
    "region": "regions", "points": "points",  # a step's points are ids; a shape's are coordinates
    "key_muscles": "muscles", "reflex_site": "reflex_sites",  # parts of the body's geometry
}
BODY_PARTS = ("muscles", "reflex_sites")  # collections inside `body` that ids may name
COLLECTIONS = ("references", "glossary", "emergency_numbers", "red_flags", "root_levels", "causes",
               "drugs", "regions", "points", "contraindications", "techniques", "claims", "outcomes")


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


def describe_error(error: dict) -> str:
    kind, message = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown field (not in the schema; check its spelling)"
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":  # the model's own rules: their message says what is expected
        return message.removeprefix("Value error, ")
    value = error.get("input")
    shown = repr(value) if isinstance(value, (str, int, float, bool)) or value is None else type(value).__name__
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
    flags = data.by_id("red_flags")
    for index, flag_id in enumerate(data.escalation.contexts):
        if flag_id in flags and flags[flag_id].short is None:
            found.append((("escalation", "contexts", index), f"red flag {flag_id!r} needs a `short` name to be named here"))
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


def page_problems(data: SiteData, docs_dir: Path) -> list[tuple[tuple, str]]:
    """Every `page` field names a page that exists. (Its anchor is checked in the built site,
    where the anchors the macros make are known: sciatica/checks.py.)"""
    found = []
    for collection in ("causes", "claims"):
        for index, entry in enumerate(getattr(data, collection)):
            if entry.page and not (docs_dir / entry.page.partition("#")[0]).is_file():
                found.append(((collection, index, "page"), f"{entry.page.partition('#')[0]!r} is not a page in docs/"))
    return found


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
        raise DataError(problems_at(file, raw, root, [(tuple(e["loc"]), describe_error(e))
                                                       for e in error.errors()])) from None
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
