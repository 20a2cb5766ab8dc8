"""One site on three engines. ProperDocs and Zensical build the same sources as MkDocs, and their
pages match page by page: the text of every article, its anchors and where its links lead. The
Zensical build is also checked on its own terms: every page, every reference list, abbreviation
and download, valid HTML, and no broken internal link (by the project's own check, which reads
the built HTML: Zensical's strict mode does not see links in raw HTML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sciatica import postbuild
from sciatica.links import BuiltSite, is_external
from tests.conftest import ROOT, engine, run_build
from tests.static.test_static import vnu_messages

ENGINES = ("mkdocs", "properdocs", "zensical")
# Anchors that come from an engine's page template, not from the content.
TEMPLATE_IDS = {"zensical": {"__skip"}}


@pytest.fixture(scope="module")
def sites(tmp_path_factory, built_site) -> dict[str, Path]:
    """The session's build for the engine the suite runs on, and a build with each other engine."""
    built = {engine(): built_site}
    for engine_name in ENGINES:
        if engine_name in built:
            continue
        site = tmp_path_factory.mktemp(engine_name) / "site"
        result = run_build(ROOT, "--site-dir", str(site), environment={"ENGINE": engine_name})
        assert result.returncode == 0, (engine_name, result.stdout + result.stderr)
        built[engine_name] = site
    return built


def link_target(site: Path, page: Path, href: str) -> str:
    """Where a link leads, as a path in the site (so differently written links compare equal)."""
    if is_external(href) or href.startswith(("mailto:", "tel:")):
        return href
    file, fragment = BuiltSite(site.resolve()).target(href, page.resolve())
    relative = file.relative_to(site.resolve()).as_posix() if file.is_relative_to(site.resolve()) else href
    return relative + (f"#{fragment}" if fragment else "")


def article_summary(site: Path, engine: str) -> dict[str, tuple]:
    found = {}
    for page in postbuild.html_pages(site):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one("article")
        if article is None:
            found[page.relative_to(site).as_posix()] = None
            continue
        ids = {tag["id"] for tag in article.select("[id]")} - TEMPLATE_IDS.get(engine, set())
        found[page.relative_to(site).as_posix()] = (
            " ".join(article.get_text(" ").split()),
            sorted(ids),
            sorted(link_target(site, page, a["href"]) for a in article.select("a[href]")),
        )
    return found


def differences(left: dict, right: dict) -> list[str]:
    named = [f"only on one side: {page}" for page in sorted(set(left) ^ set(right))]
    for page in sorted(set(left) & set(right)):
        if left[page] == right[page]:
            continue
        if left[page] is None or right[page] is None:
            named.append(f"{page}: article missing on one side")
            continue
        for aspect, a, b in zip(("text", "anchors", "links"), left[page], right[page]):
            if a != b:
                extra = sorted(set(a) ^ set(b))[:5] if aspect != "text" else ""
                named.append(f"{page}: {aspect} differ {extra}")
    return named


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_every_page_matches_the_mkdocs_build(sites, engine):
    assert not differences(article_summary(sites["mkdocs"], "mkdocs"), article_summary(sites[engine], engine))


def test_the_comparison_names_a_difference(sites, tmp_path):
    """The check can fail: a page changed after the build is named with what changed."""
    summary = article_summary(sites["mkdocs"], "mkdocs")
    changed = dict(summary)
    text, ids, links = changed["urgent-help/index.html"]
    dropped = links[0]  # every link to it goes: a page may link one place twice
    changed["urgent-help/index.html"] = (text + " extra", ids, [link for link in links if link != dropped])
    assert differences(summary, changed) == [
        "urgent-help/index.html: text differ ",
        f"urgent-help/index.html: links differ {[dropped]}",
    ]


def counts(site: Path) -> dict[str, int]:
    pages = {p: p.read_text(encoding="utf-8") for p in postbuild.html_pages(site)}
    return {
        "pages": len(pages),
        "reference lists": sum('<ol class="sc-references">' in text for text in pages.values()),
        "abbreviations": sum(text.count("<abbr") for text in pages.values()),
        "cited-on links": (site / "references" / "index.html").read_text().count("Cited on:"),
        "downloads": len(list((site / "diagrams").glob("*.svg"))) + len(list((site / "data").glob("*.json"))),
    }


def test_zensical_builds_everything_mkdocs_builds(sites):
    mkdocs, zensical = counts(sites["mkdocs"]), counts(sites["zensical"])
    print(f"MkDocs {mkdocs}\nZensical {zensical}")
    assert zensical == mkdocs
    assert mkdocs["reference lists"] > 25 and mkdocs["abbreviations"] > 100 and mkdocs["downloads"] >= 10


def test_zensical_build_has_no_broken_link_and_valid_html(sites):
    site = sites["zensical"]
    assert BuiltSite(site).page_problems(postbuild.html_pages(site)) == []
    errors = [m["message"] for m in vnu_messages(site) if m["type"] in ("error", "non-document-error")]
    assert not errors, errors[:10]
