"""MkDocs hooks (mkdocs.yml: `hooks:`): the steps before and after the engine, so that plain
`mkdocs build` and `mkdocs serve` (and ProperDocs') give the real site. Zensical ignores hooks;
the project's build command runs the same steps around it (sciatica/build.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from sciatica import downloads, pipeline
from sciatica.model import DataError

_prepared: dict[str, pipeline.Prepared] = {}  # what on_config prepared, for the later events of the build


def stop(problems: list[str]) -> None:
    """Each problem on its own line (the build driver and the preview read them), then a failure."""
    for line in problems:
        print(f"error: {line}", file=sys.stderr, flush=True)
    raise PluginError(f"{len(problems)} problem(s); see the lines above")


def project_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        _prepared["build"] = pipeline.prepare(project_of(config))
    except DataError as error:
        stop([str(problem) for problem in error.problems])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The generated downloads join the site as files of their own; none is written into docs/."""
    prepared = _prepared["build"]
    clashes = [f"docs/{path}: the build makes this file itself (see sciatica/downloads.py); rename yours"
               for path in prepared.generated if files.get_file_from_path(path) is not None]
    if clashes:
        stop(clashes)
    for path, content in prepared.generated.items():
        files.append(File.generated(config, path, content=downloads.as_bytes(content)))
    return files


def offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_post_build(config: MkDocsConfig) -> None:
    problems = pipeline.finish(Path(config.site_dir), _prepared["build"], offline(config))
    if problems:
        stop(problems)
