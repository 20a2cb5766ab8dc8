"""The pages checked before the engine reads them, so each problem is one line naming the page
(and its line) instead of an engine's traceback or silence: the text is UTF-8, the front matter
has what the theme and the review schedule need, and every macro a page calls exists, written
in valid template syntax."""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import Annotated, Literal

import jinja2
import jinja2.meta
import yaml
from jinja2 import nodes
from mkdocs.utils.meta import get_data  # the engine's own front-matter reader
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from sciatica import siteconfig
from sciatica.loading import utf8_text
from sciatica.model import IsoDate, Text

# Names a page may use besides the macros: what the macros plugin gives every page.
PAGE_VARIABLES = {"config", "page", "extra", "site_data"}
Reader = Literal["patients", "students", "trainers"]


class SearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    boost: Annotated[float, Field(gt=0, le=10)] | None = None
    exclude: bool | None = None


class PageMeta(BaseModel):
    """A page's front matter."""

    model_config = ConfigDict(extra="forbid")
    title: Text
    description: Text
    audience: Annotated[list[Reader], Field(min_length=1)]
    reviewed: IsoDate
    next_review: IsoDate
    clinical: bool = False
    paper: Literal["A4"] | None = None
    search: SearchSettings | None = None
    # A patient page names the page with the depth for students and therapists, which names it back.
    depth: Annotated[str, Field(pattern=r"^[a-z0-9/-]+\.md$")] | None = None
    patient_page: Annotated[str, Field(pattern=r"^[a-z0-9/-]+\.md$")] | None = None

    @model_validator(mode="after")
    def review_after_reviewed(self) -> PageMeta:
        if self.next_review <= self.reviewed:
            raise ValueError(f"next_review ({self.next_review}) must come after reviewed ({self.reviewed})")
        return self


def source_pages(docs: Path) -> list[Path]:
    return sorted(path for path in docs.rglob("*.md") if path.is_file())


def read_page(path: Path, shown: str) -> tuple[str | None, list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [f"{shown}: cannot be read: {error.strerror}"]
    text, line, why = utf8_text(raw)
    if text is None:
        return None, [f"{shown}:{line}: {why}" if line else f"{shown}: {why}"]
    return text, []


def meta_problems(text: str, shown: str) -> list[str]:
    try:
        meta = get_data(text)[1]
    except Exception as error:  # noqa: BLE001 - the reader's YAML error, named
        return [f"{shown}: front matter: {' '.join(str(error).split())}"]
    if not meta and text.startswith("---"):
        block = text[3:].split("\n---", 1)[0]
        try:
            yaml.safe_load(block)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            where = f":{mark.line + 1}" if mark else ""
            return [f"{shown}{where}: front matter: YAML syntax: {error.problem}"]
    if not meta:
        return [f"{shown}: has no front matter (title, description, audience, reviewed, next_review)"]
    try:
        PageMeta.model_validate(meta)
    except ValidationError as error:
        return [f"{shown}: front matter: {field_of(e)}{plain(e)}" for e in error.errors()]
    return []


def field_of(error: ErrorDetails) -> str:
    """'audience.0: ', or nothing for a rule about the whole front matter (it names its fields)."""
    return ".".join(map(str, error["loc"])) + ": " if error["loc"] else ""


def plain(error: ErrorDetails) -> str:
    if error["type"] == "missing":
        return "required, and missing"
    if error["type"] == "extra_forbidden":
        return "not a front-matter field this site knows (check its spelling)"
    if error["type"] == "value_error":  # the site's own rules say what they got
        return error["msg"].removeprefix("Value error, ")
    return f"{error['msg'].rstrip('.')}; got {error.get('input')!r}"


def template_problems(body: str, offset: int, shown: str, known: set[str]) -> list[str]:
    """Template syntax, and every name a page calls or uses, with the line in the file."""
    env = jinja2.Environment()
    try:
        tree = env.parse(body)
    except jinja2.TemplateSyntaxError as error:
        return [f"{shown}:{(error.lineno or 0) + offset}: template syntax: {error.message}"]
    names = {node.name for node in tree.find_all(nodes.Name)}
    if names <= known | PAGE_VARIABLES:
        return []  # every name the page uses is known, so every name it leaves undeclared is too
    problems = []
    for name in sorted(jinja2.meta.find_undeclared_variables(tree) - known - PAGE_VARIABLES):
        line = next((node.lineno for node in tree.find_all(nodes.Name) if node.name == name), 0) + offset
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(f"{shown}:{line}: {name}() is not a macro{hint}")
    return problems


@functools.lru_cache(maxsize=512)  # the live preview: a page not changed since the last build is not parsed again
def unchanged_page_problems(body: str, offset: int, shown: str, known: frozenset[str]) -> tuple[str, ...]:
    return tuple(template_problems(body, offset, shown, set(known)))


def page_url(source: str, directory_urls: bool = True) -> str:
    """The built URL of a page given as its Markdown path: causes/index.md -> causes/, or
    causes/index.html in the offline copy (opened from a folder, it has no folder addresses)."""
    stem = source.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def readable_meta(path: Path) -> dict:
    """A page's front matter, or {} when it cannot be read (the front-matter check names why)."""
    try:
        return get_data(path.read_text(encoding="utf-8"))[1]
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return {}


def partners(docs: Path, directory_urls: bool = True) -> dict[str, str]:
    """A patient page's URL -> its depth page's URL (sections move from the one to the other)."""
    found = {}
    for path in source_pages(docs):
        depth = readable_meta(path).get("depth")
        if depth:
            found[page_url(path.relative_to(docs).as_posix(), directory_urls)] = page_url(depth, directory_urls)
    return found


def pair_problems(docs: Path) -> list[str]:
    """A patient page and its depth page name each other, and each says who it is written for."""
    problems = []
    for path in source_pages(docs):
        meta = readable_meta(path)
        shown = path.relative_to(docs).as_posix()
        for field, back, reader in (("depth", "patient_page", "patients"), ("patient_page", "depth", "students")):
            other = meta.get(field)
            if not other:
                continue
            if not (docs / other).is_file():
                problems.append(f"docs/{shown}: front matter: {field}: no page docs/{other}")
                continue
            if readable_meta(docs / other).get(back) != shown:
                problems.append(f"docs/{shown}: front matter: {field}: docs/{other} must name this page as its {back}")
            if reader not in meta.get("audience", []):
                problems.append(
                    f"docs/{shown}: front matter: a page with {field} is written for {reader}; say so in audience"
                )
    return problems


def page_problems(docs: Path, macros: set[str]) -> list[str]:
    """Every page's problems, one line each."""
    problems = []
    for path in source_pages(docs):
        shown = f"docs/{path.relative_to(docs).as_posix()}"
        text, unreadable = read_page(path, shown)
        if text is None:
            problems += unreadable
            continue
        problems += meta_problems(text, shown)
        try:
            body = get_data(text)[0]
        except Exception:  # noqa: BLE001 - named above; check the whole text
            body = text
        offset = text[: len(text) - len(body)].count("\n")  # the front matter's lines come first
        problems += unchanged_page_problems(body, offset, shown, frozenset(macros))
    return problems or pair_problems(docs)


def nav_problems(project: Path) -> tuple[list[str], list[str]]:
    """(problems, warnings): an entry of the navigation naming a page that is not there stops the
    build in one line; a page the navigation leaves out is only reachable by a link: a warning."""
    try:
        raw = siteconfig.read_raw(project)
    except siteconfig.ConfigProblem as error:
        return [str(error)], []
    docs = project / "docs"
    listed = list(siteconfig.nav_files(raw.get("nav") or []))
    problems = [
        f"{siteconfig.CONFIG_FILE}: nav: '{place}' names docs/{name}, which does not exist"
        for place, name in listed
        if not (docs / name).is_file()
    ]
    named = {name for _, name in listed}
    warnings = (
        [
            f"docs/{path.relative_to(docs).as_posix()} is not in the nav of {siteconfig.CONFIG_FILE}: readers "
            "reach it only through a link"
            for path in source_pages(docs)
            if path.relative_to(docs).as_posix() not in named
        ]
        if listed
        else []
    )
    return problems, warnings


def other_file_problems(docs: Path) -> list[str]:
    """HTML and other text files copied as they are: an engine reads them as UTF-8."""
    problems = []
    for path in sorted(docs.rglob("*")):
        if path.suffix in (".html", ".css", ".js", ".svg") and path.is_file():
            shown = f"docs/{path.relative_to(docs).as_posix()}"
            _, unreadable = read_page(path, shown)
            problems += unreadable
    return problems
