"""MkDocs hooks (mkdocs.yml: `hooks:`): the steps before and after the engine, so that plain
`mkdocs build` and `mkdocs serve` (and ProperDocs') give the real site. Zensical ignores hooks;
the project's build command runs the same steps around it (sciatica/build.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sciatica import build, downloads, folders, links, pipeline, postbuild, raw_blocks

_prepared: dict[str, pipeline.Prepared] = {}  # what on_config prepared, for the later events of the build
# To tell a whole build from a dirty one (the live preview renders only the pages that changed):
# when this build started, and the search index from before it.
_build: dict[str, Any] = {}
_set_aside: dict[str, list[str]] = {}  # page -> the macros' HTML blocks kept out of Markdown


class Problems(PluginError):
    """The build stops; `problems` holds one line each (the preview shows them in its banner)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); see the lines above")


def stop(problems: list[str]) -> NoReturn:
    """Each problem on its own line (the build driver reads them), then a failure."""
    for line in problems:
        print(f"error: {build.printable(line)}", file=sys.stderr, flush=True)
    raise Problems(problems)


def project_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Before MkDocs empties the site folder: never one that holds the project's sources.
    refused = folders.site_folder_problem(project_of(config), Path(config.site_dir))
    if refused:
        stop([refused])
    try:
        _prepared["build"] = pipeline.prepare(project_of(config))
    except pipeline.BuildProblems as error:
        stop(error.problems)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    _build.update(started=time.time(), index=index.read_text(encoding="utf-8") if index.is_file() else None)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The generated downloads join the site as files of their own; none is written into docs/."""
    prepared = _prepared["build"]
    clashes = [
        f"docs/{path}: the build makes this file itself (see sciatica/downloads.py); rename yours"
        for path in prepared.generated
        if files.get_file_from_path(path) is not None
    ]
    if clashes:
        stop(clashes)
    for path, text in prepared.generated.items():
        files.append(File.generated(config, path, content=downloads.as_bytes(text)))
    return files


@event_priority(-100)  # after the macros have written their HTML into the page
def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    text, _set_aside[page.file.src_uri] = raw_blocks.set_aside(markdown)
    return text


def on_page_content(html: str, page: Page, **_: Any) -> str:
    blocks = _set_aside.pop(page.file.src_uri, [])
    restored = raw_blocks.put_back(html, blocks)
    if restored is None:
        stop([f"docs/{page.file.src_uri}: a block of the macros' HTML did not come through Markdown whole"])
    if page.present_anchor_ids is not None:  # MkDocs checks links to this page's anchors against these
        page.present_anchor_ids |= links.anchor_ids("".join(blocks))
    return restored


def offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    pages = postbuild.html_pages(site)
    written = {page for page in pages if page.stat().st_mtime >= _build["started"]}
    dirty = len(written) < len(pages)
    problems = pipeline.finish(
        site,
        _prepared["build"],
        offline(config),
        only=written if dirty else None,
        previous_index=_build["index"] if dirty else None,
    )
    if problems:
        stop(problems)
