"""What the live preview's builder process keeps from one build to the next, so that a build after
a saved data file redoes only the work the change touched.

- The theme's compiled templates (Jinja checks each template's source against what it compiled).
- Each page's Markdown rendered to HTML, keyed by everything the rendering reads: the page's
  Markdown after the macros, its place in the site, the site's files and their addresses, and
  the Markdown settings. A data save changes the macros' output of a few pages; the others are
  not converted again.
- Each page's search entries, keyed by the page's final HTML, its table of contents and the
  front matter the search index reads.
- Each page's own steps of the post pass, keyed by the page and the glossary and texts they add.

A rendering that logged anything (a broken link, say) is never kept, so its message comes again
in every build. Each page keeps only its newest entry, so the memory stays bounded.
A plain `make build` runs in a fresh process, with nothing kept from before.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import logging
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.bccache


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Kept:
    """The newest entry for each page, with the key it was made from: a page whose key is the same
    gets it back. One entry a page keeps the memory bounded, and a build of one saved page (which
    renders that page alone) leaves every other page's entry in place for the next full build.
    `hits` counts reuses, for the tests."""

    entries: dict[Any, tuple[Any, Any]] = field(default_factory=dict)
    hits: int = 0

    def get(self, page: Any, key: Any) -> Any:
        found = self.entries.get(page)
        if found is None or found[0] != key:
            return None
        self.hits += 1
        return found[1]

    def put(self, page: Any, key: Any, value: Any) -> None:
        self.entries[page] = (key, value)

    def clear(self) -> None:
        self.entries.clear()
        self.hits = 0


# Each page's own steps of the post pass (sciatica/postbuild.py), by the page and the options.
FINISHED = Kept()


# --- compiled templates ---------------------------------------------------------------------


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept for the next build in the same process."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCache()


def keep_templates(engine: str) -> None:
    """The engine makes a new template environment for every build; give each one the cache."""
    theme = importlib.import_module(f"{engine}.theme").Theme
    if getattr(theme.get_env, "keeps_templates", False):
        return
    made = theme.get_env

    def get_env(self: Any) -> jinja2.Environment:
        env = made(self)
        env.bytecode_cache = TEMPLATES
        return env

    get_env.keeps_templates = True  # type: ignore[attr-defined]
    theme.get_env = get_env


# --- rendered Markdown ----------------------------------------------------------------------

RENDERS = Kept()
# The site's files and their addresses, worked out once per build (the same Files for every page).
_files_seen: list[Any] = [None, ""]


@dataclass(frozen=True)
class Rendered:
    """What the engine's Page.render sets on a page."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the target's source path


def files_key(files: Any) -> str:
    if _files_seen[0] is not files:
        _files_seen[:] = [files, digest(repr(sorted((f.src_uri, f.dest_uri, f.url) for f in files)))]
    return _files_seen[1]


def settings_key(config: Any) -> str:
    return digest(
        repr(
            [
                config["markdown_extensions"],
                config["mdx_configs"],
                config["use_directory_urls"],
                config["validation"],
                config["site_url"],
            ]
        )
    )


def render_key(page: Any, config: Any, files: Any) -> tuple[str, ...]:
    return (
        page.file.src_uri,
        page.file.dest_uri,
        page.file.url,
        digest(page.markdown),
        files_key(files),
        settings_key(config),
    )


class Logged(logging.Handler):
    """Counts what the engine logs while a page renders."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def restore(page: Any, kept: Rendered, files: Any) -> None:
    page.content = kept.content
    page.toc = copy.deepcopy(kept.toc)
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    if kept.links_to_anchors is not None:
        page.links_to_anchors = {
            files.get_file_from_path(src): dict(anchors) for src, anchors in kept.links_to_anchors.items()
        }


def taken(page: Any) -> Rendered:
    links = getattr(page, "links_to_anchors", None)
    return Rendered(
        content=page.content,
        toc=copy.deepcopy(page.toc),
        title=page._title_from_render,
        anchors=frozenset(page.present_anchor_ids),
        links_to_anchors=None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
    )


def keep_renders(engine: str) -> None:
    page_class = importlib.import_module(f"{engine}.structure.pages").Page
    if getattr(page_class.render, "keeps_renders", False):
        return
    made = page_class.render
    logger = logging.getLogger(engine)

    def render(self: Any, config: Any, files: Any) -> None:
        if self.markdown is None:
            return made(self, config, files)  # the engine's own error
        key = render_key(self, config, files)
        kept = RENDERS.get(self.file.src_uri, key)
        if kept is not None:
            restore(self, kept, files)
            return None
        logged = Logged()
        logger.addHandler(logged)
        try:
            made(self, config, files)
        finally:
            logger.removeHandler(logged)
        if not logged.count:
            RENDERS.put(self.file.src_uri, key, taken(self))
        return None

    render.keeps_renders = True  # type: ignore[attr-defined]
    page_class.render = render


# --- search entries -------------------------------------------------------------------------

SEARCH = Kept()


def toc_outline(toc: Any) -> list:
    return [(item.id, item.title, item.url, toc_outline(item.children)) for item in toc or ()]


def search_key(page: Any) -> tuple[str, ...]:
    meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
    return (page.url, str(page.title), digest(page.content), repr(meta), repr(toc_outline(page.toc)))


def keep_search() -> None:
    index_class = importlib.import_module("material.plugins.search.plugin").SearchIndex
    if getattr(index_class.add_entry_from_context, "keeps_entries", False):
        return
    made = index_class.add_entry_from_context

    def add_entry_from_context(self: Any, page: Any) -> None:
        key = search_key(page)
        kept = SEARCH.get(page.url, key)
        if kept is not None:
            self.entries.extend(copy.deepcopy(kept))
            return
        before = len(self.entries)
        made(self, page)
        SEARCH.put(page.url, key, copy.deepcopy(self.entries[before:]))

    add_entry_from_context.keeps_entries = True  # type: ignore[attr-defined]
    index_class.add_entry_from_context = add_entry_from_context


def keep(engine: str) -> None:
    """Before each build in a warm process: keep what the builds share."""
    keep_templates(engine)
    keep_renders(engine)
    keep_search()
