"""The data file's schema (pydantic v2) and a loader that reports problems in one line each.

Every fact that appears in a table, a diagram, a recurring list or a download lives in
``data/sciatica.yml``. These models are its schema: unknown fields are refused, enumerations
are closed, numbers are bounded, and every id that one entry uses must exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="kebab-case id")]
Text = Annotated[str, Field(min_length=1)]
Coordinate = Annotated[float, Field(ge=0, le=1000)]
Point = tuple[Coordinate, Coordinate]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- bibliography and vocabulary -------------------------------------------------------

ReferenceKind = Literal[
    "guideline", "systematic-review", "review", "reference-text", "trial",
    "cohort-study", "case-report", "regulatory", "patient-information",
]


class Reference(Strict):
    id: Id
    kind: ReferenceKind
    authors: Text | None = Field(None, description="leave out when the source names none; the entry starts with its title")
    title: Text
    container: Text = Field(description="journal, publisher or website")
    year: Annotated[int, Field(ge=1900, le=2100)] | None = Field(
        None, description="leave out for an undated web page; shown as n.d.")
    updated: Annotated[int, Field(ge=1900, le=2100)] | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None


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
    sign: Text = Field(description="in plain words, for patients")
    clinical: Text = Field(description="in clinical terms, for students")
    suggests: Text
    action: Literal["emergency", "urgent"] = Field(
        description="emergency: go to an emergency department now; urgent: see a doctor today")
    cauda_equina: bool = False
    refs: list[Id] = Field(min_length=1)


class RootLevel(Strict):
    """What a compressed nerve root typically does to the leg: the examination's map."""
    id: Id
    root: Literal["L4", "L5", "S1"]
    pain: Text = Field(description="where radicular pain and sensory change are felt")
    weakness: Text
    reflex: Text
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


class Drug(Strict):
    id: Id
    generic: Text
    drug_class: Text
    brands: list[Text] = Field([], description="only the brand names the source article uses")
    action: Text = Field(description="what it does, in plain words")
    guideline: Text = Field(description="what guidelines say for sciatica")
    position: Literal["consider", "not-recommended", "do-not-offer", "no-guidance", "withdrawn"]
    certainty: Literal["high", "moderate", "low", "very-low", "no-evidence"]
    harms: list[Text] = Field(min_length=1)
    safety_limit: Text | None = None
    availability: Availability
    refs: list[Id] = Field(min_length=1)


# --- diagram geometry --------------------------------------------------------------------

class Polyline(Strict):
    id: Id
    label: Text | None = None
    points: list[Point] = Field(min_length=2)


class Nerve(Strict):
    id: Id
    name: Text
    kind: Literal["root", "trunk", "branch"]
    points: list[Point] = Field(min_length=2)
    label_at: Point | None = None


class Dermatome(Strict):
    id: Id
    root: Literal["L4", "L5", "S1"]
    area: Text
    polygon: list[Point] = Field(min_length=3)
    label_at: Point = Field(description="where the root's label stands; a leader line joins it to the area")


class Muscle(Strict):
    """A muscle drawn as a landmark in the anatomy view, such as piriformis."""
    id: Id
    name: Text
    polygon: list[Point] = Field(min_length=3)
    label_at: Point = Field(description="where the name stands; a leader line joins it to the shape")


class Body(Strict):
    width: Annotated[float, Field(gt=0, le=1000)]
    height: Annotated[float, Field(gt=0, le=1000)]
    half_outline: list[Point] = Field(
        min_length=8, description="right half of a back view, head to crotch; mirrored about the midline")
    details: list[Polyline] = Field([], description="spine, gluteal cleft and folds, knee creases")
    nerves: list[Nerve] = []
    dermatomes: list[Dermatome] = []
    muscles: list[Muscle] = []


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
    id: Id
    name: Text
    severity: Severity
    applies_to: list[Id] = Field(min_length=1, description="technique ids, or 'all'")
    why: Text
    instead: Text = Field(description="what to do instead")
    refs: list[Id] = Field(min_length=1)


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


class Claim(Strict):
    """A claim of the source article, set against the evidence."""
    id: Id
    claim: Text = Field(description="what the source article says, paraphrased")
    topic: Literal["anatomy", "causes", "symptoms", "diagnosis", "drugs", "massage", "exercise", "other"]
    verdict: Literal["supported", "partly-supported", "not-supported", "outdated", "unsafe"]
    explanation: Text
    page: Annotated[str, Field(pattern=r"^[a-z0-9/-]+\.md(#[a-z0-9-]+)?$")] | None = Field(
        None, description="the page that covers it, relative to docs/")
    refs: list[Id] = Field(min_length=1)


class SiteData(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, title="Sciatica and massage: site data")
    references: list[Reference]
    glossary: list[GlossaryTerm] = []
    emergency_numbers: list[EmergencyNumber] = []
    red_flags: list[RedFlag] = []
    root_levels: list[RootLevel] = []
    causes: list[Cause] = []
    drugs: list[Drug] = []
    body: Body
    regions: list[Region] = []
    points: list[BodyPoint] = []
    contraindications: list[Contraindication] = []
    techniques: list[Technique] = []
    claims: list[Claim] = []

    def by_id(self, collection: str) -> dict:
        return {entry.id: entry for entry in getattr(self, collection)}


# --- loading with one-line problems --------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data file, in the words a maintainer can act on."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {self.where}: {self.message}"


class DataError(Exception):
    """Raised with every problem found; str() gives one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# Which fields hold ids, and which collection each must name.
REFERENCE_FIELDS: dict[tuple[str, str], str] = {
    ("glossary", "refs"): "references",
    ("red_flags", "refs"): "references",
    ("emergency_numbers", "refs"): "references",
    ("root_levels", "refs"): "references",
    ("causes", "refs"): "references",
    ("claims", "refs"): "references",
    ("drugs", "refs"): "references",
    ("points", "refs"): "references",
    ("contraindications", "refs"): "references",
    ("contraindications", "applies_to"): "techniques",
}
COLLECTIONS = ("references", "glossary", "emergency_numbers", "red_flags", "root_levels", "causes",
               "drugs", "regions", "points", "contraindications", "techniques", "claims")


def line_index(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map each path in the YAML document (keys and list indexes) to its 1-based line."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            lines.update(line_index(value_node, child))
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(line_index(item, (*path, index)))
    return lines


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
    known = {name: set(data.by_id(name)) for name in COLLECTIONS}
    known["techniques"] |= {"all"}
    for (collection, field), target in REFERENCE_FIELDS.items():
        for index, entry in enumerate(getattr(data, collection)):
            for position, value in enumerate(getattr(entry, field)):
                if value not in known[target]:
                    found.append(((collection, index, field, position),
                                  f"{value!r} is not an id in {target}"))
    for t_index, technique in enumerate(data.techniques):
        for s_index, step in enumerate(technique.steps):
            if step.region not in known["regions"]:
                found.append((("techniques", t_index, "steps", s_index, "region"),
                              f"{step.region!r} is not an id in regions"))
            for p_index, point in enumerate(step.points):
                if point not in known["points"]:
                    found.append((("techniques", t_index, "steps", s_index, "points", p_index),
                                  f"{point!r} is not an id in points"))
        for index, ref in enumerate(technique.evidence.refs):
            if ref not in known["references"]:
                found.append((("techniques", t_index, "evidence", "refs", index),
                              f"{ref!r} is not an id in references"))
    return found


def _problem(file: str, raw: object, lines: dict, loc: tuple, message: str) -> Problem:
    where, _ = entry_label(raw, loc)
    line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
    return Problem(file, line, where, message)


def nearest_id(text: str, line: int | None) -> str | None:
    """The id of the entry a syntax error falls in: the last `- id:` at or above its line."""
    if not line:
        return None
    for source_line in reversed(text.splitlines()[:line]):
        found = re.match(r"\s*- id:\s*([a-z0-9-]+)\s*$", source_line)
        if found:
            return found.group(1)
    return None


def parse(text: str, file: str) -> SiteData:
    """Validate the data file's text; raise DataError listing every problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        where = f"YAML syntax (in entry {nearest_id(text, line)!r})" if nearest_id(text, line) else "YAML syntax"
        raise DataError([Problem(file, line, where, f"{error.problem or error}")]) from None
    if not isinstance(raw, dict):
        raise DataError([Problem(file, 1, "(top level)", "expected a mapping of collections")])
    lines = line_index(root) if root is not None else {}
    try:
        data = SiteData.model_validate(raw)
    except ValidationError as error:
        raise DataError([_problem(file, raw, lines, tuple(e["loc"]), describe_error(e))
                         for e in error.errors()]) from None
    problems = [_problem(file, raw, lines, loc, message)
                for loc, message in integrity_problems(data)]
    if problems:
        raise DataError(problems)
    return data


def load(path: Path, shown_as: str | None = None) -> SiteData:
    """Read and validate the data file at ``path``."""
    return parse(path.read_text(encoding="utf-8"), shown_as or str(path))


def json_schema() -> dict:
    return SiteData.model_json_schema()

