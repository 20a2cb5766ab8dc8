"""The shape that keeps the site buildable on every engine: no project code imports an engine,
no page relies on an MkDocs-only hook, and every page lists its references explicitly."""

from __future__ import annotations

import ast

import yaml

from sciatica.siteconfig import ConfigLoader
from tests.conftest import ROOT

ENGINES = {"mkdocs", "properdocs", "zensical", "material", "mkdocs_macros"}


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_project_code_imports_an_engine():
    files = [ROOT / "engine_glue.py", *ROOT.glob("sciatica/**/*.py"), *ROOT.glob("tools/*.py"),
             *ROOT.glob("bench/*.py"), *ROOT.glob("tests/**/*.py")]
    offenders = {str(f.relative_to(ROOT)): sorted(imported_modules(f) & ENGINES) for f in files
                 if imported_modules(f) & ENGINES}
    assert len(files) > 20
    assert not offenders


def test_the_configuration_uses_no_engine_specific_hooks():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    assert "hooks" not in config  # Zensical ignores hooks without a word
    assert not (ROOT / "hooks").exists()


def test_every_page_ends_with_its_reference_list():
    """The list is an explicit call at the foot of each page (engines differ in page hooks)."""
    missing = [p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")
               if not p.read_text(encoding="utf-8").rstrip().endswith("{{ references() }}")]
    assert not missing
