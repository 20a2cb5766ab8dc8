"""The steps before and after the engine, the same for every engine.

    data  ->  model  ->  generated files  ->  engine build  ->  finish (post-build pass, checks)

MkDocs and ProperDocs run them from sciatica/hooks.py, so `mkdocs build` and `mkdocs serve` give
the real site; Zensical ignores hooks, so the project's build command (sciatica/build.py) runs
them around it. Nothing here imports an engine.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sciatica import checks, downloads, figure_checks, folders, pages, postbuild, siteconfig
from sciatica.model import DataError, SiteData, load_cached, locate
from sciatica.render import urgent

DATA_FILE = "data/sciatica.yml"
# The search shim the offline copy ships, installed from package-lock.json (npm ci).
SHIM = Path("node_modules") / "iframe-worker" / "shim" / "index.js"


class BuildProblems(Exception):
    """Everything found wrong before the engine runs, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def load_data(project: Path) -> SiteData:
    """The checked data file (raises DataError with one line per problem)."""
    return load_cached(project / DATA_FILE, DATA_FILE, project / "docs")


@dataclass(frozen=True)
class Prepared:
    """What the steps before the engine hand to the steps after it."""

    project: Path
    data: SiteData
    config: siteconfig.SiteConfig
    generated: dict[str, str | bytes]  # path under the site root -> each downloadable file (text or bytes)


def prepare(project: Path) -> Prepared:
    """Check the sources and make the downloads; raises BuildProblems naming each problem."""
    from macros import macro_names  # the macros build on this package; the names are only read here

    docs = project / "docs"
    nav_problems, nav_warnings = pages.nav_problems(project)
    for line in nav_warnings:
        print(f"warning: {line}", file=sys.stderr, flush=True)
    problems = (
        nav_problems
        + folders.links_leaving(docs)
        + pages.page_problems(docs, macro_names())
        + pages.other_file_problems(docs)
    )
    try:
        data = load_data(project)
    except DataError as error:
        raise BuildProblems(problems + [str(problem) for problem in error.problems]) from None
    located = figure_checks.figure_problems(data)
    if located:
        problems += [str(p) for p in locate(project / DATA_FILE, DATA_FILE, located)]
    try:
        config = siteconfig.read(project)
    except siteconfig.ConfigProblem as error:
        problems.append(str(error))
    if problems:
        raise BuildProblems(problems)
    try:
        generated = generated_files(data, config.site_name, config.site_url)
    except downloads.FileClash as error:
        raise BuildProblems([f"{DATA_FILE}: {error}"]) from None
    except Exception as error:  # noqa: BLE001 - a renderer's failure is named, never a traceback
        raise BuildProblems([f"making the downloads failed: {type(error).__name__}: {error}"]) from None
    return Prepared(project, data, config, generated)


_generated: dict[tuple[int, str, str], tuple[SiteData, dict[str, str | bytes]]] = {}


def generated_files(data: SiteData, site_name: str, site_url: str) -> dict[str, str | bytes]:
    """The downloads, made once per version of the data and address (a live preview rebuilds
    often, mostly after a page changed)."""
    key = (id(data), site_name, site_url)
    if key not in _generated:
        _generated.clear()
        _generated[key] = (data, downloads.files(data, site_name, site_url))
    return _generated[key][1]


REGISTRY = "published-links.txt"


def promised_links(project: Path) -> list[str]:
    """The addresses given out to readers (published-links.txt): a section that moves keeps landing."""
    registry = project / REGISTRY
    if not registry.is_file():
        return []
    return [
        line.strip()
        for line in registry.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def finish(
    site: Path,
    prepared: Prepared,
    offline: bool = False,
    only: set[Path] | None = None,
    previous_index: str | None = None,
) -> list[str]:
    """The post-build pass over the built site, then the checks of its links; one line per problem.
    With `only`, the engine rendered just those pages again (a dirty build in the live preview)."""
    shim = prepared.project / SHIM
    if offline and not shim.is_file():
        return [f"{SHIM.as_posix()} is missing: the offline copy needs it; run `npm ci` (make offline does)"]
    problems = postbuild.run(
        site,
        postbuild.Options(
            expansions={t.abbreviation: t.term for t in prepared.data.glossary if t.abbreviation},
            offline=offline,
            shim=shim if offline else None,
            base_path=urlsplit(prepared.config.site_url).path or "/",
            fills={"banner": str(urgent.banner_signs(prepared.data))},
            partners=pages.partners(prepared.project / "docs", directory_urls=not offline),
            promised=tuple(promised_links(prepared.project)),
        ),
        only,
        previous_index,
    )
    located = checks.data_link_problems(prepared.data, site, directory_urls=not offline)
    if located:
        problems += [str(p) for p in locate(prepared.project / DATA_FILE, DATA_FILE, located)]
    if not problems:
        folders.mark_built(site)
    return problems
