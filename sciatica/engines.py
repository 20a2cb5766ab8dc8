"""The one module that knows how the three site engines differ.

MkDocs, ProperDocs and Zensical all run the macros plugin (macros/) and build the same pages.
What differs, and is handled only here:

- how to build into a folder: MkDocs and ProperDocs take --site-dir and run the hooks in
  sciatica/hooks.py; Zensical ignores hooks, takes its folders from a configuration file, and
  so gets a copy of mkdocs.yml naming them (the build driver runs the steps around it);
- the page being rendered: MkDocs gives page.file.src_uri, Zensical page.path;
- links in raw HTML: MkDocs leaves them as written, so they are relative to the page's URL;
  Zensical rewrites them as relative to the Markdown file, so they are written that way there.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: `make build` runs this module without the data's model
    from sciatica.render.tables import Links

# How each engine builds the site into a folder; ENGINE chooses (make build, serve, test, bench).
ENGINES = {
    "mkdocs": ["-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "{site}"],
    "properdocs": ["-m", "properdocs", "build", "--strict", "--quiet", "--site-dir", "{site}"],
    # Zensical takes its folders from its configuration (a copy naming them) and, unlike the
    # others, treats info-level link notices as warnings, so its own strict mode is left off; the
    # project's check of the built HTML (sciatica/postbuild.py) covers every link instead.
    "zensical": ["-m", "zensical", "build", "--config-file", "{config}"],
}
# Engines that run MkDocs hooks, and so the steps before and after the build themselves.
RUNS_HOOKS = {"mkdocs", "properdocs"}
# MkDocs 1.6 prints a long notice about MkDocs 2 unless told not to.
ENGINE_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# Files an engine leaves in the project folder, which the build removes.
ENGINE_LEFTOVERS = {"zensical": [".cache"]}


class UnknownEngine(ValueError):
    """ENGINE names no engine; the message is one line."""


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise UnknownEngine(f"ENGINE={engine!r} is not an engine: choose one of {', '.join(ENGINES)}")
    return engine


def config_copy(engine: str, site: Path, project: Path) -> Path:
    return project / f".{engine}-{site.name}.yml"


def build_command(engine: str, site: Path, project: Path, docs: Path | None = None) -> list[str]:
    """The command that builds the project with `engine` into the folder `site` (for Zensical,
    from the pages in `docs`, which the build driver has prepared)."""
    config = config_copy(check_engine(engine), site, project)
    if "{config}" in " ".join(ENGINES[engine]):
        # The project's configuration with the folders named; !ENV tags are kept as they are.
        text = (project / "mkdocs.yml").read_text(encoding="utf-8")
        folders = f"site_dir: {site}\n" + (f"docs_dir: {docs.relative_to(project)}\n" if docs else "")
        config.write_text(f"{text.rstrip()}\n\n# Written by the build for this run only.\n{folders}", encoding="utf-8")
    return [
        sys.executable,
        *(part.replace("{site}", str(site)).replace("{config}", str(config)) for part in ENGINES[engine]),
    ]


def build_leftovers(engine: str, site: Path, project: Path) -> list[Path]:
    """What a build with `engine` leaves in the project folder (removed after the build)."""
    return [config_copy(engine, site, project), *(project / name for name in ENGINE_LEFTOVERS.get(engine, []))]


def running_on_zensical() -> bool:
    return "zensical" in sys.modules


def page_source(page: Any) -> str:
    """The Markdown file of a page being rendered, relative to docs/ ('' for none)."""
    if page is None:
        return ""
    file = getattr(page, "file", None)
    return str(file.src_uri) if file is not None else str(page.path)


def page_links(page: Any, directory_urls: bool) -> Links:
    """How raw-HTML links are written on this page for this engine (see the module's notes)."""
    from sciatica.render.tables import Links, root_for

    if running_on_zensical():
        return Links.from_source(page_source(page), directory_urls)
    return Links(root_for(page.url if page is not None else ""), directory_urls)


# --- building inside a running process (the live preview) -----------------------------------

# Engines with a Python build API: the preview keeps one process warm and builds in it.
IN_PROCESS = {"mkdocs", "properdocs"}
DIRTY_NOTICE = "'dirty' build"  # the engine's own warning that a dirty build is under way


class Warnings(logging.Handler):
    """Collects what the engine logs at WARNING and above during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if DIRTY_NOTICE not in message:
            self.lines.append(" ".join(message.split()))


def build_in_process(engine: str, project: Path, site: Path, dirty: bool = False) -> list[str]:
    """Build with the engine's own Python API into `site`; returns the problems, one line each.
    With `dirty`, only pages whose source is newer than their built page are rendered again."""
    if engine not in IN_PROCESS:
        raise UnknownEngine(f"ENGINE={engine!r} has no build that runs inside the preview")
    if engine == "properdocs":
        # As ProperDocs' own command line does: the plugins' `mkdocs.*` imports then load ProperDocs,
        # so their classes are the ones it checks them against.
        importlib.import_module("properdocs.replacement")
    from sciatica import warm

    warm.keep(engine)  # templates, rendered pages and search entries from earlier builds
    config_module = importlib.import_module(f"{engine}.config")
    build_module = importlib.import_module(f"{engine}.commands.build")
    collected = Warnings()
    logger = logging.getLogger(engine)
    logger.addHandler(collected)
    try:
        config = config_module.load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        build_module.build(config, dirty=dirty)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - the macros plugin even exits: every failure becomes lines
        return problems_of(error) or [*collected.lines, one_line(error)]
    finally:
        logger.removeHandler(collected)
    return collected.lines


def problems_of(error: BaseException) -> list[str]:
    """The one-line problems an exception or its causes carry (the hooks' list, a macro's line)."""
    seen: BaseException | None = error
    while seen is not None:
        problems = getattr(seen, "problems", None)
        if problems:
            return list(problems)
        if type(seen).__name__ == "MacroError":
            return [str(seen)]
        seen = seen.__cause__ or seen.__context__
    return []


def one_line(error: BaseException) -> str:
    cause = error.__cause__ or error.__context__
    if isinstance(error, SystemExit) and cause is not None:
        error = cause  # a plugin that exits: what made it exit
    text = " ".join(str(error).split()) or "no message"
    return f"{type(error).__name__}: {text}"
