"""The shape that keeps the site buildable on every engine: only the engine module and the MkDocs
hooks import an engine, the hooks run the same steps as the build command does for Zensical, and
every page lists its references explicitly."""

from __future__ import annotations

import ast

import yaml

from sciatica.siteconfig import ConfigLoader
from tests.conftest import ROOT

ENGINES = {"mkdocs", "properdocs", "zensical", "material", "mkdocs_macros"}


# Pure helpers of an engine's package that read files as the engine does (no engine API).
ENGINE_HELPERS = {"mkdocs.utils.meta"}


def imported_modules(path) -> set[str]:
    """The top-level packages a file imports (engine helpers listed above left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names if alias.name not in ENGINE_HELPERS}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module not in ENGINE_HELPERS:
            names.add(node.module.split(".")[0])
    return names


# The MkDocs hooks are MkDocs' own interface; nothing else may know an engine's API.
MAY_IMPORT_AN_ENGINE = {"sciatica/hooks.py"}


def test_no_project_code_imports_an_engine():
    files = [
        *ROOT.glob("macros/**/*.py"),
        *ROOT.glob("sciatica/**/*.py"),
        *ROOT.glob("tools/*.py"),
        *ROOT.glob("bench/*.py"),
        *ROOT.glob("tests/**/*.py"),
    ]
    offenders = {
        str(f.relative_to(ROOT)): sorted(imported_modules(f) & ENGINES)
        for f in files
        if imported_modules(f) & ENGINES and f.relative_to(ROOT).as_posix() not in MAY_IMPORT_AN_ENGINE
    }
    assert len(files) > 20
    assert not offenders


def test_the_hooks_only_call_the_steps_every_engine_shares():
    """mkdocs.yml declares the hooks module, which calls the same functions (sciatica/pipeline.py) that
    the build command calls around Zensical, so no engine gets a different site."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    assert config["hooks"] == ["sciatica/hooks.py"]
    assert config["plugins"][1]["macros"]["module_name"] == "macros"
    hooks = (ROOT / "sciatica/hooks.py").read_text(encoding="utf-8")
    build = (ROOT / "sciatica/build.py").read_text(encoding="utf-8")
    for step in ("pipeline.prepare(", "pipeline.finish("):
        assert step in hooks and step in build


def test_no_code_changes_the_import_path():
    """The project is installed (pip install -e .), so nothing edits sys.path."""
    files = [
        *ROOT.glob("macros/**/*.py"),
        *ROOT.glob("sciatica/**/*.py"),
        *ROOT.glob("tools/*.py"),
        *ROOT.glob("bench/*.py"),
        *ROOT.glob("tests/**/*.py"),
    ]
    offenders = [
        f.relative_to(ROOT).as_posix()
        for f in files
        if "sys.path" in f.read_text(encoding="utf-8") and f.name != "test_layout.py"
    ]
    assert not offenders


def test_every_page_ends_with_its_reference_list():
    """The list is an explicit call at the foot of each page (engines differ in page hooks); a
    leaflet lists its sources in short (references(short=True))."""
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "docs").rglob("*.md")
        if not p.read_text(encoding="utf-8").rstrip().endswith(("{{ references() }}", "{{ references(short=True) }}"))
    ]
    assert not missing


def test_a_problem_line_never_reaches_the_terminal_with_its_control_characters():
    from sciatica.build import printable

    line = "data/sciatica.yml:3: contraindications[x\x1b[2K\x1b[1A].name: bad\rBuilt site/"
    shown = printable(line)
    assert "\x1b" not in shown and "\r" not in shown
    assert shown == "data/sciatica.yml:3: contraindications[x\\u001b[2K\\u001b[1A].name: bad\\u000dBuilt site/"
