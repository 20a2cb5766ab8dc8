"""Trainers' links keep working: every address in published-links.txt resolves, following
redirects; every page and linkable anchor the site offers is registered."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_build
from tools.published_links import broken_links, offered_links, read_registry, resolve


def test_every_registered_link_resolves(built_site):
    registered = read_registry()
    assert len(registered) > 100
    assert not broken_links(built_site, registered)


def test_rows_flags_and_steps_from_the_data_are_registered(data):
    registered = set(read_registry())
    expected = {f"/massage/contraindications/#ci-{c.id}" for c in data.contraindications}
    expected |= {f"/urgent-help/#flag-{f.id}" for f in data.red_flags}
    expected |= {f"/massage/{t.id}/#{t.id}-step-{i}" for t in data.techniques for i in range(1, len(t.steps) + 1)}
    expected |= {f"/diagrams/{t.id}.svg" for t in data.techniques}
    assert not expected - registered


def test_offered_links_include_pages_anchors_and_downloads(built_site):
    offered = offered_links(built_site)
    assert "/massage/contraindications/#ci-dvt" in offered
    assert "/data/sciatica.schema.json" in offered
    assert {
        "/data/contraindications.csv",
        "/downloads/references.bib",
        "/downloads/references.ris",
        "/downloads/references.csl.json",
        "/handouts/kneading/",
        "/massage/screening-form/",
    } <= set(offered)
    assert "/emergency/" not in offered  # a redirect is an alias, not a page


def test_the_short_emergency_address_redirects_with_its_anchor(built_site):
    assert resolve(built_site, "/emergency/#emergency") is None
    assert resolve(built_site, "/emergency/#no-such-anchor") == "no anchor #no-such-anchor"


def move_page(project: Path, old: str, new: str) -> None:
    """Move a page as an editor would: rename the file and update every link and nav entry."""
    docs = project / "docs"
    (docs / old).rename(docs / new)
    old_name, new_name = Path(old).name, Path(new).name
    for text_file in [*docs.rglob("*.md"), project / "mkdocs.yml", project / "data" / "sciatica.yml"]:
        text = text_file.read_text()
        text_file.write_text(text.replace(old, new).replace(f"({old_name}", f"({new_name}"))


def test_a_moved_page_breaks_its_links_until_it_has_a_redirect(project_copy):
    """Move the self-care page: its registered links fail; add a redirect and they work."""
    move_page(project_copy, "treatment/self-care.md", "treatment/home-care.md")
    old_links = [link for link in read_registry() if link.startswith("/treatment/self-care/")]
    assert len(old_links) > 3

    site = project_copy / "site-moved"
    result = run_build(project_copy, "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(broken_links(site, old_links)) == len(old_links)

    config = project_copy / "mkdocs.yml"
    config.write_text(
        re.sub(r"(redirect_maps:\n)", r"\1        treatment/self-care.md: treatment/home-care.md\n", config.read_text())
    )
    site = project_copy / "site-redirected"
    assert run_build(project_copy, "--site-dir", str(site)).returncode == 0
    assert broken_links(site, old_links) == []
