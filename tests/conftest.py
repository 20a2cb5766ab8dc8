"""Shared fixtures: the project root, the data, and one strict build of the site per test run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "sciatica.yml"
# What a build needs: a copy of these is a separate project a test may change.
PROJECT_PARTS = ["mkdocs.yml", "docs", "data", "macros", "sciatica", "overrides", "tools", "published-links.txt"]


# Tests that need a site build: those that take one of these fixtures, or build a copy of the project.
BUILD_FIXTURES = {"built_site", "offline_site", "pages", "build_log", "project_copy", "site_url", "sites"}


# Costly session fixtures whose tests share one worker under pytest-xdist: the offline copy's build,
# and every page loaded once on a phone (tests/browser/conftest.py).
ONE_WORKER_FIXTURES = {"offline_site", "on_a_phone"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--one-build",
        action="store_true",
        help="under pytest-xdist: every test that reads the site build runs on one worker, which builds "
        "it once, while the other takes the tests that need no build (make test-fast)",
    )


# First: pytest-xdist reads the groups in its own hook, to add them to each test's id.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tiers as markers, from what each test uses: `-m "not browser"` leaves out Chromium,
    `-m "not build"` everything that builds the site. Under pytest-xdist (--dist loadgroup) the
    groups keep each costly fixture on one worker: the tests of a module-scoped fixture (a preview,
    the three engines' builds) stay together, and so do those of a costly session fixture
    (ONE_WORKER_FIXTURES). Each worker builds the shared site for itself, unless --one-build asks
    for a single build."""
    one_build = config.getoption("--one-build")
    for item in items:
        tier = item.path.parent.name
        uses = set(getattr(item, "fixturenames", ()))
        if tier == "browser":
            item.add_marker(pytest.mark.browser)
        if tier in ("build", "browser") or BUILD_FIXTURES & uses:
            item.add_marker(pytest.mark.build)
            if one_build:
                item.add_marker(pytest.mark.xdist_group("built-site"))
                continue
        shared = sorted(uses & ONE_WORKER_FIXTURES)
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))
        elif uses_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.path.name))
    # The long single tests (marked slow) first: pytest-xdist hands out work in this order, and a
    # minute-long test taken last runs on alone while the other worker has finished.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def uses_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    return any(found[-1].scope == "module" for found in definitions if found)


def pytest_terminal_summary(terminalreporter):
    """The accessibility test's totals (tests/browser/test_accessibility.py), summed over its parts,
    which pytest-xdist may have run on different workers, for the record. Here, not in the browser
    tier's conftest: under pytest-xdist only this one is loaded where the summary is written."""
    runs, colour_only, rules, violations = 0, 0, set(), 0
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name == "axe" and report.when == "call":
                found = json.loads(value)
                runs, violations = runs + found["runs"], violations + found["violations"]
                colour_only += found["colour_only"]
                rules |= set(found["rules"])
    if runs:
        terminalreporter.write_line(
            f"axe-core: {runs} checks (each page in two schemes at two widths; {colour_only} of them, in the dark "
            f"scheme with nothing else changed, the colour rules only), {len(rules)} rules applied, {violations} violations"
        )


def require_tool(found: bool, message: str) -> None:
    """A missing tool fails the run under CI and is skipped loudly elsewhere, never silently."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip("!!! " + message.upper())


def engine() -> str:
    """The engine the suite builds with: ENGINE=properdocs make test runs it all on ProperDocs."""
    return os.environ.get("ENGINE", "mkdocs")


@pytest.fixture(scope="session")
def data():
    from sciatica.model import load

    return load(DATA_FILE)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """One build of the real project, as `make build` does it (engine, post-build pass, checks),
    shared by the build, HTML and browser tiers."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    # Kept for the zero-warning test, which reads the log of this same build.
    (site.parent / "build.log").write_text(result.stdout + result.stderr)
    return site


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The offline copy (make offline): pages end in .html and open from a folder."""
    site = tmp_path_factory.mktemp("offline") / "site"
    result = run_build(ROOT, "--site-dir", str(site), "--offline")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def build_log(built_site) -> str:
    return (built_site.parent / "build.log").read_text()


@pytest.fixture(scope="session")
def pages(built_site) -> list[Path]:
    """Every HTML page built from a Markdown file (not the 404 page or redirects)."""
    found = [
        p
        for p in sorted(built_site.rglob("index.html"))
        if "assets" not in p.parts and 'http-equiv="refresh"' not in p.read_text()[:2000]
    ]
    assert len(found) >= 7
    return found


def built_file(site: Path, source: str, directory_urls: bool = True) -> Path:
    """The built file of a page given as its path under docs/ (anatomy.md -> anatomy/index.html, or
    anatomy.html in the offline copy)."""
    from sciatica.pages import page_url

    url = page_url(source, directory_urls)
    return site / (url + "index.html" if directory_urls else url)


@cache
def parsed_page(path: Path) -> BeautifulSoup:
    """A page of the shared build, parsed once per test run (parsing is most of an HTML test's
    time). The tests only read it: none may change the tree it returns."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def copy_project(target: Path) -> Path:
    """A separate copy of what a build needs, for a test to change."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def run_build(project: Path, *args: str, environment: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`make build` on a project (or a copy): the safe build into its site/ folder, or --site-dir."""
    return subprocess.run(
        [sys.executable, "-m", "sciatica.build", str(project), *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(environment or {})},
    )


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)
