"""The build tier: a strict build with no warnings, links and anchors that resolve, and a
build that refuses broken data without touching the site that is already there."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sciatica.links import BuiltSite, hrefs, is_external
from sciatica.pages import source_pages
from tests.conftest import ROOT, built_file, engine, run_build

DOCS = ROOT / "docs"


def test_strict_build_has_no_warnings(build_log):
    assert "WARNING" not in build_log
    assert "ERROR" not in build_log


def internal_links(pages: list[Path]) -> int:
    return sum(not is_external(href) for page in pages for href in hrefs(page.read_text(encoding="utf-8")))


def test_every_internal_link_and_anchor_resolves(built_site, pages):
    checked = [*pages, built_site / "404.html"]
    assert internal_links(checked) > 100
    assert BuiltSite(built_site).page_problems(checked) == []


def test_every_link_in_the_offline_copy_resolves(offline_site):
    pages = sorted(offline_site.rglob("*.html"))
    assert internal_links(pages) > 100
    assert BuiltSite(offline_site).page_problems(pages) == []
    # Opened from a folder, a link to a folder shows a file listing, not the page.
    folder_links = [
        f"{page.relative_to(offline_site)}: {href}"
        for page in pages
        for href in hrefs(page.read_text(encoding="utf-8"))
        if not is_external(href) and (href.endswith("/") or "/#" in href)
    ]
    assert not folder_links


def test_the_offline_copy_forwards_moved_sections_as_the_site_does(built_site, offline_site):
    """A section that moved to a depth page is still reached from its old address, also in the copy
    opened from a folder, where the causes page is causes/index.html, not causes/."""

    def forwarded(site: Path, source: str, directory_urls: bool) -> int:
        return built_file(site, source, directory_urls).read_text(encoding="utf-8").count("data-moved-to")

    sources = [path.relative_to(DOCS).as_posix() for path in source_pages(DOCS)]
    online = {source: forwarded(built_site, source, True) for source in sources}
    offline = {source: forwarded(offline_site, source, False) for source in sources}
    assert online["causes/index.md"] and online["symptoms.md"]
    assert offline == online


def test_downloads_are_published(built_site, data):
    published = json.loads((built_site / "data" / "sciatica.json").read_text())
    assert [c["id"] for c in published["contraindications"]] == [c.id for c in data.contraindications]
    schema = json.loads((built_site / "data" / "sciatica.schema.json").read_text())
    assert "contraindications" in schema["properties"]
    for technique in data.techniques:
        svg = (built_site / "diagrams" / f"{technique.id}.svg").read_text()
        assert svg.startswith("<?xml")


def safe_build(project: Path) -> subprocess.CompletedProcess:
    return run_build(project)


DVT = "  - id: dvt\n    name: Known or suspected"
BROKEN_DATA = {
    "yaml-syntax": (
        DVT,
        DVT.replace("name: Known", "name: [Known"),
        r"data/sciatica.yml:\d+: YAML syntax \(in entry 'dvt'\): ",
    ),
    "duplicate-id": (
        "  - id: bleeding-disorder\n",
        "  - id: dvt\n",  # a row no case names
        r"data/sciatica.yml:\d+: contraindications\[dvt\]\.id: duplicate id 'dvt'",
    ),
    "unknown-field": (
        DVT,
        DVT.replace("    name:", "    colour: red\n    name:"),
        r"data/sciatica.yml:\d+: contraindications\[dvt\]\.colour: unknown field",
    ),
    "wrong-type": (
        "    severity: absolute\n    applies_to: [all]\n    why: >-\n      A swollen",
        "    severity: [absolute]\n    applies_to: [all]\n    why: >-\n      A swollen",
        r"data/sciatica.yml:\d+: contraindications\[dvt\]\.severity: .*got list",
    ),
    "missing-id": (
        "refs: [ernst-2003-massage-safety, gloshospitals-dvt-leaflet]\n    for_you:",
        ("refs: [no-such-paper, ernst-2003-massage-safety, gloshospitals-dvt-leaflet]\n    for_you:"),
        r"data/sciatica.yml:\d+: contraindications\[dvt\]\.refs\[1\]: 'no-such-paper' is not an id in references",
    ),
}


def test_broken_data_fails_with_one_line_and_keeps_the_good_site(project_copy):
    import re

    first = safe_build(project_copy)
    assert first.returncode == 0, first.stderr
    site = project_copy / "site"
    good_page = (site / "massage" / "contraindications" / "index.html").read_text()
    data_file = project_copy / "data" / "sciatica.yml"
    good_data = data_file.read_text()
    for case, (old, new, expected) in BROKEN_DATA.items():
        assert good_data.count(old) == 1, case
        data_file.write_text(good_data.replace(old, new))
        result = safe_build(project_copy)
        output = result.stdout + result.stderr
        assert result.returncode != 0, case
        assert "Traceback" not in output, case
        problem_lines = [line for line in output.splitlines() if line.startswith("data/sciatica.yml:")]
        assert len(problem_lines) == 1, (case, output)
        assert re.match(expected, problem_lines[0]), (case, problem_lines[0])
        # The previous good site is untouched, and no half-built folder is left behind.
        assert (site / "massage" / "contraindications" / "index.html").read_text() == good_page, case
        assert not list(project_copy.glob(".site-build-*")), case
    data_file.write_text(good_data)


def test_one_new_contraindication_reaches_every_place(project_copy, data):
    """Adding an entry to the data file alone puts it in the master table, on the page in depth of
    each technique it applies to (and no other), and in the JSON download."""
    chosen = [t.id for t in data.techniques[:2]]
    assert len(data.techniques) >= 8
    data_file = project_copy / "data" / "sciatica.yml"
    entry = (
        "  - id: test-new-condition\n"
        "    name: Newly listed condition\n"
        "    severity: relative\n"
        f"    applies_to: [{', '.join(chosen)}]\n"
        "    why: Added by a test.\n"
        "    instead: Nothing.\n"
        "    ask: Do you have the newly listed condition?\n"
        "    refer: adapt\n"
        f"    refs: [{data.references[0].id}]\n"
    )
    text = data_file.read_text()
    data_file.write_text(text.replace("\ncontraindications:\n", "\ncontraindications:\n" + entry, 1))
    result = safe_build(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project_copy / "site"
    master = BeautifulSoup((site / "massage" / "contraindications-in-depth" / "index.html").read_text(), "lxml")
    assert master.select_one("tr#ci-test-new-condition") is not None
    for technique in data.techniques:
        page = BeautifulSoup((site / "massage" / f"{technique.id}-in-depth" / "index.html").read_text(), "lxml")
        row = page.select_one("tr a[href$='massage/contraindications-in-depth/#ci-test-new-condition']")
        assert (row is not None) == (technique.id in chosen), technique.id
    published = json.loads((site / "data" / "sciatica.json").read_text())
    assert "test-new-condition" in [c["id"] for c in published["contraindications"]]


def problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("Build failed")]


def built_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text() for p in sorted(site.rglob("*.html"))}


def test_a_page_naming_an_unknown_id_fails_in_one_line(project_copy):
    assert run_build(project_copy).returncode == 0
    before = built_pages(project_copy / "site")
    page = project_copy / "docs" / "massage" / "kneading-in-depth.md"  # the page with the diagram
    good = page.read_text()
    cases = {
        'technique_diagram("kneadin")': "docs/massage/kneading-in-depth.md: technique_diagram('kneadin'): no technique 'kneadin' in data/sciatica.yml (known: ",
        'technique_diagram("all")': "docs/massage/kneading-in-depth.md: technique_diagram('all'): no technique 'all' in data/sciatica.yml (known: ",
        'cite("no-such-paper")': "docs/massage/kneading-in-depth.md: cite('no-such-paper'): no reference 'no-such-paper' in data/sciatica.yml (known: ",
        'anatomy_diagram("front")': "docs/massage/kneading-in-depth.md: anatomy_diagram('front'): must be one of dermatomes, nerve, root-l4, root-l5, root-s1",
    }
    for call, expected in cases.items():
        page.write_text(good.replace('technique_diagram("kneading")', call, 1))
        result = run_build(project_copy)
        assert result.returncode == 1, call
        [line] = problem_lines(result)
        assert line.startswith(expected), (call, line)
        assert "Traceback" not in result.stderr + result.stdout
    page.write_text(good)
    assert built_pages(project_copy / "site") == before  # the good site was kept


def test_a_technique_deleted_from_the_data_but_used_by_a_page_is_named(project_copy):
    data_file = project_copy / "data" / "sciatica.yml"
    text = data_file.read_text()
    renamed = text.replace("  - id: friction\n    name:", "  - id: rubbing\n    name:", 1)
    data_file.write_text(re.sub(r"(applies_to: \[[^\]]*)\bfriction\b", r"\1rubbing", renamed))
    result = run_build(project_copy)
    assert result.returncode == 1
    # The first page that uses it is named: the technique's page in depth or its handout.
    assert any(
        re.match(
            r"docs/(massage/friction-in-depth|handouts/friction)\.md: (technique_facts|handout)\('friction'\): "
            r"no technique 'friction'",
            line,
        )
        for line in problem_lines(result)
    ), result.stderr


def test_a_data_link_to_a_missing_anchor_names_the_entry(project_copy):
    data_file = project_copy / "data" / "sciatica.yml"
    text = data_file.read_text()
    # The first link to #heat in the file is a claim's (first steps link there too, further down).
    claim_link = text.index("page: treatment/self-care.md#heat\n")
    assert text.rfind("\nclaims:", 0, claim_link) > text.rfind("\nfirst_steps:", 0, claim_link)
    data_file.write_text(
        text.replace("page: treatment/self-care.md#heat\n", "page: treatment/self-care.md#warmth\n", 1)
    )
    result = run_build(project_copy)
    assert result.returncode == 1
    lines = problem_lines(result)
    assert any(
        re.fullmatch(
            r"data/sciatica\.yml:\d+: claims\[[a-z0-9-]+\]\.page: no anchor #warmth on "
            r"treatment/self-care\.md",
            line,
        )
        for line in lines
    ), lines
    assert all("#warmth" in line for line in lines)  # the link check names the page linking there too


def test_a_build_stopped_midway_leaves_nothing_behind(project_copy):
    import signal
    import time

    assert run_build(project_copy).returncode == 0
    before = built_pages(project_copy / "site")
    for stop in (signal.SIGTERM, signal.SIGINT):
        build = subprocess.Popen(
            [sys.executable, "-m", "sciatica.build", str(project_copy)],
            cwd=project_copy,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        while not list(project_copy.glob(".site-build-*")) and build.poll() is None:
            time.sleep(0.05)  # wait until the build is under way
        time.sleep(0.5)
        build.send_signal(stop)
        assert build.wait() != 0, stop
        assert not list(project_copy.glob(".site-build-*")), stop
        assert built_pages(project_copy / "site") == before, stop


def test_two_builds_at_once_leave_one_whole_site(project_copy):
    """One build with MkDocs, one with ProperDocs, started together: every page of the final
    site comes from the same engine."""
    import os

    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "sciatica.build", str(project_copy)],
            cwd=project_copy,
            env={**os.environ, "ENGINE": engine},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for engine in ("mkdocs", "properdocs")
    ]
    assert [b.wait() for b in builds] == [0, 0]
    generators = {
        re.search(r'<meta name="generator" content="([a-z]+)', html).group(1)
        for html in built_pages(project_copy / "site").values()
        if '<meta name="generator"' in html
    }
    assert len(generators) == 1, generators
    assert not list(project_copy.glob(".site-build-*"))


def test_a_build_for_publishing_refuses_placeholder_addresses(project_copy, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("REPO_URL", raising=False)
    result = run_build(project_copy, environment={"PUBLISH": "true"})
    assert result.returncode == 1
    lines = problem_lines(result)
    assert lines == [
        "mkdocs.yml: a site for publishing needs its real address: SITE_URL is not set",
        "mkdocs.yml: a site for publishing needs its real address: REPO_URL is not set",
    ]
    published = run_build(
        project_copy,
        environment={
            "PUBLISH": "true",
            "SITE_URL": "https://site.test/sciatica/",
            "REPO_URL": "https://github.com/team/sciatica",
        },
    )
    assert published.returncode == 0, published.stderr
    page = (project_copy / "site" / "editorial" / "index.html").read_text()
    assert 'href="https://github.com/team/sciatica/issues/new?template=content-error.yml"' in page
    assert '<link rel="canonical" href="https://site.test/sciatica/editorial/">' in page


@pytest.mark.parametrize("target", ["data", "docs", "."])
def test_a_site_folder_in_the_sources_is_refused_and_nothing_is_lost(project_copy, target):
    before = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*"))
    result = run_build(project_copy, "--site-dir", target)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Built" not in result.stdout
    problem, summary = result.stderr.strip().splitlines()  # one problem, then what was kept
    assert "choose a folder such as site/" in problem
    assert summary.startswith("Build failed;") and "left as it was" in summary
    assert sorted(p.relative_to(project_copy) for p in project_copy.rglob("*")) == before
    assert (project_copy / "data" / "sciatica.yml").is_file()


def test_a_symbolic_link_out_of_docs_stops_the_build(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("# Not for publishing\n")
    (project_copy / "docs" / "secret.md").symlink_to(outside)
    result = run_build(project_copy)
    assert result.returncode != 0
    assert "docs/secret.md: a symbolic link to" in result.stderr
    assert not (project_copy / "site" / "secret").exists()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_field(path: Path, name: str, line: str) -> None:
    """Replace a front-matter field's line (an empty line removes the field)."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(rf"^{name}: .*\n", line, text, count=1, flags=re.MULTILINE)
    assert changed != text, (path, name)
    path.write_text(changed, encoding="utf-8")


# Each kind of broken project file, and the one line that must name it (not a traceback).
BROKEN_PROJECT = {
    "no site_name": (
        lambda p: edit(p / "mkdocs.yml", "site_name:", "site_title:"),
        {},
        r"mkdocs\.yml: site_name is missing",
    ),
    "unknown engine": (lambda p: None, {"ENGINE": "mkdoc"}, r"ENGINE='mkdoc' is not an engine: choose one of "),
    "page not UTF-8": (
        lambda p: (p / "docs" / "bad.html").write_bytes(b"<p>\xe9</p>"),
        {},
        r"docs/bad\.html:1: byte 0xe9 is not UTF-8",
    ),
    "review date not a date": (
        lambda p: set_field(p / "docs" / "symptoms.md", "reviewed", "reviewed: last spring\n"),
        {},
        r"docs/symptoms\.md: front matter: reviewed: expected a date written YYYY-MM-DD; got 'last spring'",
    ),
    "handout without review date": (
        lambda p: set_field(p / "docs" / "handouts" / "kneading.md", "reviewed", ""),
        {},
        r"docs/handouts/kneading\.md: front matter: reviewed: required, and missing",
    ),
    "data saved as UTF-16": (
        lambda p: (p / "data" / "sciatica.yml").write_bytes(
            (p / "data" / "sciatica.yml").read_text(encoding="utf-8").encode("utf-16")
        ),
        {},
        r"data/sciatica\.yml: \(file\): is saved as UTF-16; save it as UTF-8",
    ),
    "unclosed if": (
        lambda p: edit(p / "docs" / "symptoms.md", "{{ references() }}", "{% if x %}{{ references() }}"),
        {},
        r"docs/symptoms\.md:\d+: template syntax: Unexpected end of template",
    ),
    "misspelt macro": (
        lambda p: edit(p / "docs" / "symptoms.md", "{{ references() }}", "{{ referencez() }}"),
        {},
        r"docs/symptoms\.md:\d+: referencez\(\) is not a macro \(did you mean references\?\)",
    ),
}


@pytest.mark.parametrize("case", BROKEN_PROJECT)
def test_a_broken_project_file_fails_in_one_line_naming_it(project_copy, case):
    breaking, environment, expected = BROKEN_PROJECT[case]
    breaking(project_copy)
    result = run_build(project_copy, environment=environment)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    problem, summary = result.stderr.strip().splitlines()
    assert re.match(expected, problem), problem
    assert summary.startswith("Build failed;")
    assert not (project_copy / "site").exists()


def test_plain_engine_build_on_a_fresh_copy_is_the_real_site(project_copy, built_site):
    """`mkdocs build --strict` (or ProperDocs') on a copy that was never built: the hooks write the
    downloads first and run the post pass after, so it gives the same site as `make build`, file
    for file, but for the generator tag."""
    assert not (project_copy / "site").exists()
    target = project_copy.parent / "plain-site"
    result = subprocess.run(
        [sys.executable, "-m", engine(), "build", "--strict", "-d", str(target)],
        cwd=project_copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): re.sub(rb'<meta name="generator" content="[^"]*">', b"", p.read_bytes())
            for p in site.rglob("*")
            if p.is_file()
        }

    plain, made = files(target), files(built_site)
    assert sorted(plain) == sorted(made)
    assert [name for name in plain if plain[name] != made[name]] == []
