"""What mkdocs-macros loads (mkdocs.yml: `module_name: macros`), on every engine.

define_env() reads the data once per build and registers the macros of each topic module; it is
glue only. Each macro is a plain function of the topic modules, `name(site, ...)`, testable with a
fake env (tests/unit/fake_env.py). Zensical runs this file by its path for every page, so it uses
absolute imports and does nothing when imported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from macros import citations, figures, pages, questions, safety, techniques, trainers, treatment
from macros.context import Site, site_data
from sciatica import engines, search

TOPICS = (citations, safety, treatment, techniques, figures, questions, trainers, pages)


def macro_names() -> set[str]:
    """Every name a page may call."""
    return {function.__name__ for topic in TOPICS for function in topic.MACROS}


def define_env(env: Any) -> None:
    site = Site(env, site_data(Path(env.project_dir)))
    env.variables["site_data"] = site.data
    for topic in TOPICS:
        for function in topic.MACROS:
            env.macro(site.bind(function), function.__name__)


def on_pre_page_macros(env: Any) -> None:
    """MkDocs and ProperDocs: Material's search indexes a page's `tags` with a high boost, so the
    page that owns a word ranks first for it; and a depth page (one that names its `patient_page`)
    weighs less than its short page for patients, unless its own front matter sets a `search:
    boost`. (Zensical does not call this; it ranks by the page text alone.)"""
    page = env.page
    meta = getattr(page, "meta", None)
    if page is None or not isinstance(meta, dict) or engines.running_on_zensical():
        return
    words = search.search_tags(env.variables["site_data"]).get(engines.page_source(page))
    if words:
        meta["tags"] = [*meta.get("tags", []), *words]
    if meta.get("patient_page") and "boost" not in (meta.get("search") or {}):
        meta["search"] = {**(meta.get("search") or {}), "boost": search.DEPTH_BOOST}


def on_post_page_macros(env: Any) -> None:
    """For the benchmark only (bench/run.py): keep each page as the macros rendered it, so the same
    pages can be built again without the macros."""
    folder = os.environ.get("SCIATICA_RENDERED_PAGES")
    if folder and env.page is not None:
        target = Path(folder) / engines.page_source(env.page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.markdown, encoding="utf-8")
