"""Where a build may write: never over, into or around the project's sources, never over a folder
of someone else's files, and never publishing a file from outside docs/ through a symbolic link."""

from __future__ import annotations

import os
import stat

import pytest

from sciatica import folders


@pytest.fixture()
def project(tmp_path):
    for name in ("docs", "data", "macros"):
        (tmp_path / name).mkdir()
    (tmp_path / "data" / "sciatica.yml").write_text("x: 1\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    return tmp_path


@pytest.mark.parametrize("target", [".", "data", "docs", "docs/downloads", "macros/new", "mkdocs.yml", ".."])
def test_a_site_folder_over_or_inside_the_sources_is_refused(project, target):
    problem = folders.site_folder_problem(project, project / target)
    assert problem is not None and "\n" not in problem
    assert "choose a folder such as site/" in problem or "is a file" in problem


def test_a_folder_of_someone_elses_files_is_refused_and_a_built_one_is_not(project):
    site = project / "site"
    site.mkdir()
    (site / "slides.pdf").write_bytes(b"%PDF")
    assert "holds files no build wrote" in folders.site_folder_problem(project, site)
    folders.mark_built(site)
    assert folders.site_folder_problem(project, site) is None
    assert folders.site_folder_problem(project, project / "new-site") is None
    assert folders.site_folder_problem(project, project.parent / "elsewhere") is None


def test_a_built_site_is_open_to_readers(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("x")
    os.chmod(site, 0o700)
    os.chmod(site / "a", 0o700)
    os.chmod(site / "a" / "index.html", 0o600)
    folders.open_to_readers(site)
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "a").stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "a" / "index.html").stat().st_mode) == 0o644


def test_symbolic_links_that_leave_docs_are_named(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "passwd.md"
    outside.write_text("secret")
    (project / "docs" / "inside.md").write_text("fine")
    (project / "docs" / "link-in.md").symlink_to(project / "docs" / "inside.md")
    (project / "docs" / "stolen.md").symlink_to(outside)
    (project / "docs" / "away").symlink_to(outside.parent, target_is_directory=True)
    found = folders.links_leaving(project / "docs")
    assert len(found) == 2
    assert any(line.startswith("docs/stolen.md: a symbolic link to") for line in found)
    assert any(line.startswith("docs/away: a symbolic link to") for line in found)
