"""No invented address: the built site and every download name only addresses that exist and that
the site means to link to (its sources, its licence, the theme's credit, XML namespaces), and the
site's own address only when SITE_URL gives it. A build without SITE_URL, as the README's quick
start makes, leaves out or links relatively what needs a full address, and says what to set."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sciatica import siteconfig
from tests.conftest import ROOT, parsed_page

URL = re.compile(r"https?://([A-Za-z0-9][A-Za-z0-9.-]*)")
# Domains reserved for examples, and placeholders, which lead nowhere.
INVENTED = re.compile(r"\bexample\.(?:org|com|net)\b|OWNER/REPOSITORY", re.IGNORECASE)
LOOPBACK = re.compile(r"https?://(?:localhost|127\.0\.0\.1)\b")
# Named on purpose besides the sources: the licence, the theme's credit, the namespaces of SVG,
# XLink and XHTML, the sitemap's schema, and where a DOI or a PubMed id resolves.
ON_PURPOSE = {
    "creativecommons.org",
    "squidfunk.github.io",
    "www.w3.org",
    "www.sitemaps.org",
    "json-schema.org",
    "doi.org",
    "pubmed.ncbi.nlm.nih.gov",
}
BINARY = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".zip",
    ".pdf",
    ".gz",
    ".apkg",
}  # the deck: unit-tested


def text_files(site):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix.lower() not in BINARY:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def hosts_in(text: str) -> set[str]:
    return {host.lower().rstrip(".") for host in URL.findall(text)}


def meant_hosts() -> set[str]:
    """Every host the data file (the sources) and the pages' own Markdown link to, the site's own
    host when SITE_URL gives one, and the repository's when REPO_URL does."""
    config = siteconfig.read(ROOT)
    hosts = set(ON_PURPOSE) | hosts_in((ROOT / "data" / "sciatica.yml").read_text(encoding="utf-8"))
    for page in (ROOT / "docs").rglob("*.md"):
        hosts |= hosts_in(page.read_text(encoding="utf-8"))
    for address in (config.site_url, config.repository):
        if address:
            hosts.add(urlsplit(address).hostname)
    return hosts


def test_no_invented_address_in_the_site_or_its_downloads(built_site):
    meant = meant_hosts()
    assert not {host for host in meant if INVENTED.search(host)}, "the data or a page names an example domain"
    invented, unknown = [], {}
    for path, text in text_files(built_site):
        where = path.relative_to(built_site).as_posix()
        invented += [f"{where}: {found.group(0)}" for found in INVENTED.finditer(text)]
        if where.startswith("assets/"):
            continue  # the theme's own scripts and styles name the hosts of their libraries
        invented += [f"{where}: {found.group(0)}" for found in LOOPBACK.finditer(text)]
        for host in hosts_in(text) - meant:
            unknown.setdefault(host, where)
    assert not invented, "\n".join(invented[:20])
    assert not unknown, unknown


def test_without_site_url_what_needs_an_address_says_what_to_set(built_site, data):
    """The README's build has no SITE_URL: no canonical link, no QR code, and a note in its place
    in the handouts, the diagrams' credit lines, the bibliography's header and the question bank.
    With SITE_URL, each carries the site's own address instead."""
    config = siteconfig.read(ROOT)
    address, note = config.site_url, siteconfig.NO_ADDRESS
    page = parsed_page(built_site / "massage" / "kneading" / "index.html")
    canonical = page.select_one("link[rel=canonical]")
    handout = parsed_page(built_site / "handouts" / "kneading" / "index.html")
    credit = (built_site / "diagrams" / "kneading.svg").read_text(encoding="utf-8")
    bibtex_header = (built_site / "downloads" / "references.bib").read_text(encoding="utf-8").split("@", 1)[0]
    gift = (built_site / "downloads" / "questions" / "sciatica-questions.gift.txt").read_text(encoding="utf-8")
    moodle = (built_site / "downloads" / "questions" / "sciatica-questions.xml").read_text(encoding="utf-8")
    if address:
        assert canonical is not None and canonical["href"] == address + "massage/kneading/"
        assert handout.select_one(".sc-handout-head svg.sc-qr-code") is not None
        assert address + "massage/kneading/" in credit and address + "references/" in bibtex_header
        assert address in gift and address in moodle
        return
    assert canonical is None
    assert handout.select_one(".sc-handout-head svg.sc-qr-code") is None
    assert note in handout.select_one(".sc-qr-missing").get_text()
    assert note in page.select_one(".sc-print-url").get_text()
    assert note in credit and note in bibtex_header
    assert note in gift and note in moodle
    assert "From <a href" not in gift and "From &lt;a href" not in moodle
    assert not (built_site / "sitemap.xml").exists() or "<loc>" not in (built_site / "sitemap.xml").read_text()
