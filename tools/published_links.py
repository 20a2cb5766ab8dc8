"""The published-links registry: every URL and anchor that trainers may give out.

    python tools/published_links.py site            # list registered links that no longer resolve
    python tools/published_links.py site --update   # also append links the site now offers

A registered link is a promise: it is never deleted. When a page moves, mkdocs.yml gets a
redirect (plugins: redirects: redirect_maps), and the old link keeps working through it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath

import lxml.html

from sciatica.links import REFRESH, BuiltSite

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "published-links.txt"

# Anchors made for linking: section headings, and rows, steps and flags generated from the data.
LINKABLE_ID = re.compile(r"^(ci|flag|claim|drug|term|kind|root|cause|accuracy|measure|evidence|safe)-|-step-\d+$")


def read_registry(path: Path = REGISTRY) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def page_url(site: Path, page: Path) -> str:
    relative = page.parent.relative_to(site).as_posix()
    return "/" if relative == "." else f"/{relative}/"


def resolve(site: Path, link: str) -> str | None:
    """None if the link works (after redirects and moved sections), else why it does not."""
    return BuiltSite(site).problem(link)


def offered_links(site: Path) -> list[str]:
    """Every page, its linkable anchors, every diagram, the data (JSON and CSV), the bibliography files
    and the question bank."""
    links: list[str] = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if REFRESH.search(html) or "assets" in page.parts or page.parent.name == "search":
            continue
        url = page_url(site, page)
        links.append(url)
        # lxml alone: a tenth of the time BeautifulSoup takes to read the same tree.
        for tag in lxml.html.fromstring(html).xpath("//article//*[@id]"):
            anchor = str(tag.get("id"))
            heading = tag.tag in ("h2", "h3") and anchor != "references"
            if heading or LINKABLE_ID.search(anchor):
                links.append(f"{url}#{anchor}")
    downloads = [
        *sorted((site / "diagrams").glob("*.svg")),
        *sorted((site / "data").glob("*.json")),
        *sorted((site / "data").glob("*.csv")),
        *sorted(p for p in (site / "downloads").glob("*") if p.suffix in (".bib", ".ris", ".json")),
        *sorted((site / "downloads" / "questions").glob("*")),
    ]  # the question bank
    links += ["/" + PurePosixPath(p.relative_to(site).as_posix()).as_posix() for p in downloads]
    return list(dict.fromkeys(links))


def broken_links(site: Path, registered: list[str]) -> list[str]:
    built = BuiltSite(site)
    return [f"{link}: {why}" for link in registered if (why := built.problem(link))]


def unregistered(site: Path, registered: list[str]) -> list[str]:
    known = set(registered)
    return [link for link in offered_links(site) if link not in known]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "site")
    registered = read_registry()
    broken = broken_links(site, registered)
    for line in broken:
        print(f"broken: {line}")
    missing = unregistered(site, registered)
    if "--update" in sys.argv and missing:
        with REGISTRY.open("a", encoding="utf-8") as registry:
            registry.write("".join(f"{link}\n" for link in missing))
        print(f"added {len(missing)} links to {REGISTRY.name}")
    elif missing:
        print(f"{len(missing)} links not yet registered (run with --update)")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
