"""The steps before and after the engine, the same for every engine.

    data  ->  model  ->  generated files  ->  engine build  ->  finish (post-build pass, checks)

MkDocs and ProperDocs run them from sciatica/hooks.py, so `mkdocs build` and `mkdocs serve` give
the real site; Zensical ignores hooks, so the project's build command (sciatica/build.py) runs
them around it. Nothing here imports an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sciatica import checks, downloads, postbuild, siteconfig
from sciatica.model import SiteData, load_cached, locate
from sciatica.render import urgent

DATA_FILE = "data/sciatica.yml"
# The search shim the offline copy ships, installed from package-lock.json (npm ci).
SHIM = Path("node_modules") / "iframe-worker" / "shim" / "index.js"


def load_data(project: Path) -> SiteData:
    """The checked data file (raises DataError with one line per problem)."""
    return load_cached(project / DATA_FILE, DATA_FILE, project / "docs")


@dataclass(frozen=True)
class Prepared:
    """What the steps before the engine hand to the steps after it."""
    project: Path
    data: SiteData
    config: siteconfig.SiteConfig
    generated: dict[str, str | bytes]   # path under the site root -> each downloadable file (text or bytes)


def prepare(project: Path) -> Prepared:
    data = load_data(project)
    config = siteconfig.read(project)
    return Prepared(project, data, config, downloads.files(data, config.site_name, config.site_url))


def finish(site: Path, prepared: Prepared, offline: bool = False) -> list[str]:
    """The post-build pass over the built site, then the checks of its links; one line per problem."""
    shim = prepared.project / SHIM
    if offline and not shim.is_file():
        return [f"{SHIM.as_posix()} is missing: the offline copy needs it; run `npm ci` (make offline does)"]
    problems = postbuild.run(site, postbuild.Options(
        expansions={t.abbreviation: t.term for t in prepared.data.glossary if t.abbreviation},
        offline=offline, shim=shim if offline else None,
        base_path=urlsplit(prepared.config.site_url).path or "/",
        fills={"banner": str(urgent.banner_signs(prepared.data))}))
    located = checks.data_link_problems(prepared.data, site, directory_urls=not offline)
    if located:
        problems += [str(p) for p in locate(prepared.project / DATA_FILE, DATA_FILE, located)]
    return problems
