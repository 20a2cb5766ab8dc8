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
# Set by keep(): only a warm builder process gains from what is kept; a one-off build (make build)
# does not work out the keys at all.
ACTIVE = False


def replace_once(owner: Any, name: str, wrap: Any) -> None:
    """Put wrap(the original) in place of owner.name, once in a process however many builds ask."""
    original = getattr(owner, name)
    if getattr(original, "keeps", False):
        return
    replacement = wrap(original)
    replacement.keeps = True
    setattr(owner, name, replacement)


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

    def wrap(made: Any) -> Any:
        def get_env(self: Any) -> jinja2.Environment:
            env = made(self)
            env.bytecode_cache = TEMPLATES
            return env

        return get_env

    replace_once(importlib.import_module(f"{engine}.theme").Theme, "get_env", wrap)


# --- rendered Markdown ----------------------------------------------------------------------

RENDERS = Kept()


@dataclass
class BuildKey:
    """What every page of one build shares in its render key, worked out once per build (the
    engine gives every page of a build the same Files)."""

    files: Any = None
    key: str = ""


_BUILD = BuildKey()


@dataclass(frozen=True)
class Rendered:
    """What the engine's Page.render sets on a page."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the target's source path


def build_key(config: Any, files: Any) -> str:
    """The site's files and their addresses, and the Markdown settings."""
    if _BUILD.files is not files:
        listed = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
        settings = [config[name] for name in ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation")]
        _BUILD.files, _BUILD.key = files, digest(repr([listed, settings, config["site_url"]]))
    return _BUILD.key


def render_key(page: Any, config: Any, files: Any) -> tuple[str, ...]:
    return (
        page.file.src_uri,
        page.file.dest_uri,
        page.file.url,
        digest(page.markdown),
        build_key(config, files),
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
    logger = logging.getLogger(engine)

    def wrap(made: Any) -> Any:
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

        return render

    replace_once(importlib.import_module(f"{engine}.structure.pages").Page, "render", wrap)


# --- search entries -------------------------------------------------------------------------

SEARCH = Kept()


def toc_outline(toc: Any) -> list:
    return [(item.id, item.title, item.url, toc_outline(item.children)) for item in toc or ()]


def search_key(page: Any) -> tuple[str, ...]:
    meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
    return (page.url, str(page.title), digest(page.content), repr(meta), repr(toc_outline(page.toc)))


def keep_search() -> None:
    def wrap(made: Any) -> Any:
        def add_entry_from_context(self: Any, page: Any) -> None:
            key = search_key(page)
            kept = SEARCH.get(page.url, key)
            if kept is not None:
                self.entries.extend(copy.deepcopy(kept))
                return
            before = len(self.entries)
            made(self, page)
            SEARCH.put(page.url, key, copy.deepcopy(self.entries[before:]))

        return add_entry_from_context

    replace_once(importlib.import_module("material.plugins.search.plugin").SearchIndex, "add_entry_from_context", wrap)


def keep(engine: str) -> None:
    """Before each build in a warm process: keep what the builds share."""
    global ACTIVE
    ACTIVE = True
    keep_templates(engine)
    keep_renders(engine)
    keep_search()
