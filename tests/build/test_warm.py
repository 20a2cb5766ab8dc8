"""What the preview's builder keeps between builds (sciatica/warm.py) never shows in the site: a
build that reuses kept pages gives, file for file, the site a build from nothing gives, and a
page whose rendering logged a problem is rendered, and reported, again every time.

On a small site of its own (Material, its search, three pages), built in this process with the
engine's own API, as the builder does."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from sciatica import engines, warm
from tests.conftest import engine

CONFIG = """site_name: Warm
theme:
  name: material
plugins:
  - search
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
"""
PAGES = {
    "index.md": "# Home\n\nSee [the second page](second.md#steps).\n",
    "second.md": "# Second\n\n## Steps {#steps}\n\nOne, two.\n",
    "third.md": "---\ntags: [a]\n---\n# Third\n\n## Part\n\nWords.\n",
}


@pytest.fixture
def small_site(tmp_path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    for name, text in PAGES.items():
        (tmp_path / "docs").mkdir(exist_ok=True)
        (tmp_path / "docs" / name).write_text(text)
    warm.RENDERS.clear()
    warm.SEARCH.clear()
    return tmp_path


def build(project: Path, folder: str) -> list[str]:
    return engines.build_in_process(engine_in_process(), project, project / folder)


def engine_in_process() -> str:
    return engine() if engine() in engines.IN_PROCESS else "mkdocs"


def differences(one: Path, other: Path) -> list[str]:
    """Files that differ or exist on one side only, anywhere below the two folders."""
    compared = filecmp.dircmp(one, other)
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    _, mismatched, errors = filecmp.cmpfiles(one, other, compared.common_files, shallow=False)
    found += mismatched + errors
    for name in compared.common_dirs:
        found += [f"{name}/{path}" for path in differences(one / name, other / name)]
    return sorted(set(found))


def test_a_warm_build_reuses_unchanged_pages_and_gives_the_same_site(small_site):
    assert build(small_site, "first") == []
    (small_site / "docs" / "second.md").write_text("# Second\n\n## Steps {#steps}\n\nOne, two, three.\n")
    renders, entries = warm.RENDERS.hits, warm.SEARCH.hits

    assert build(small_site, "warm") == []
    assert warm.RENDERS.hits - renders == 2, "the two pages that did not change are not rendered again"
    assert warm.SEARCH.hits - entries == 2
    assert "One, two, three." in (small_site / "warm" / "second" / "index.html").read_text()

    warm.RENDERS.clear()
    warm.SEARCH.clear()
    assert build(small_site, "from-nothing") == []
    assert warm.RENDERS.hits == warm.SEARCH.hits == 0
    assert differences(small_site / "warm", small_site / "from-nothing") == []


def test_a_build_of_one_saved_page_leaves_the_other_pages_kept(small_site):
    """The preview builds a saved page on its own (a dirty build into a copy of the last site);
    the next full build still reuses every page that did not change."""
    assert build(small_site, "first") == []
    shutil.copytree(small_site / "first", small_site / "one-page")
    (small_site / "docs" / "third.md").write_text("# Third\n\n## Part\n\nMore words.\n")
    assert engines.build_in_process(engine_in_process(), small_site, small_site / "one-page", dirty=True) == []
    (small_site / "docs" / "second.md").write_text("# Second\n\n## Steps {#steps}\n\nOne, two, three.\n")
    renders = warm.RENDERS.hits
    assert build(small_site, "full") == []
    assert warm.RENDERS.hits - renders == 2, "the home page and the third page, as last rendered, are reused"


def test_a_page_whose_rendering_logged_a_problem_reports_it_in_every_build(small_site):
    (small_site / "docs" / "third.md").write_text("# Third\n\nSee [nowhere](missing.md).\n")
    for folder in ("first", "second"):
        problems = build(small_site, folder)
        assert any("missing.md" in line for line in problems), (folder, problems)


def test_a_moved_anchor_is_found_broken_though_the_linking_page_is_reused(small_site, caplog):
    assert build(small_site, "first") == []
    (small_site / "docs" / "second.md").write_text("# Second\n\n## Steps {#moved}\n\nOne, two.\n")
    with caplog.at_level("INFO"):
        build(small_site, "warm")
    assert "contains a link 'second.md#steps', but the doc 'second.md' does not contain an anchor '#steps'" in (
        caplog.text
    )
